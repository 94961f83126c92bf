package io.aiff.team.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.aiff.team.Team;

import java.math.BigDecimal;
import java.time.Instant;

public record TeamView(
        int id,
        String name,
        String zone,
        String description,
        @JsonProperty("is_active") boolean active,
        int ticketsCompleted,
        BigDecimal customerRating,
        int responseTime,
        BigDecimal completionRate,
        BigDecimal efficiency,
        String status,
        Instant createdAt,
        Instant updatedAt) {

    public static TeamView of(Team t) {
        return new TeamView(t.id, t.name, t.zone, t.description, t.active, t.ticketsCompleted, t.customerRating,
                t.responseTime, t.completionRate, t.efficiency, t.status, t.createdAt.toInstant(), t.updatedAt.toInstant());
    }
}
