package io.aiff.team.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiff.team.Team;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A team: {@code zone_id} and {@code zone} name its primary zone, {@code zones} every zone it serves, {@code version}
 * is what its ETag says; {@code distance_km} and {@code covers} only in answers of {@code /api/teams/nearest}.
 */
public record TeamView(
        int id,
        String name,
        Integer zoneId,
        String zone,
        List<TeamResource.ZoneLinkView> zones,
        String description,
        @JsonProperty("is_active") boolean active,
        int ticketsCompleted,
        BigDecimal customerRating,
        int responseTime,
        BigDecimal completionRate,
        BigDecimal efficiency,
        String status,
        int capacity,
        List<String> categories,
        int version,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean covers,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double distanceKm) {

    public static TeamView of(Team t) {
        return near(t, null, null);
    }

    public static TeamView near(Team t, Boolean covers, Double distanceKm) {
        return new TeamView(t.id(), t.name(), t.zoneId(), t.zone(), t.zones().stream().map(TeamResource.ZoneLinkView::of).toList(),
                t.description(), t.active(), t.ticketsCompleted(),
                t.customerRating(), t.responseTime(), t.completionRate(), t.efficiency(), t.status(), t.capacity(), t.categories(), t.version(),
                t.createdAt().toInstant(), t.updatedAt().toInstant(), covers,
                distanceKm == null ? null : Math.round(distanceKm * 1000) / 1000.0);
    }
}
