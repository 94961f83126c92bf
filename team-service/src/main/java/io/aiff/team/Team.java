package io.aiff.team;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A field team (seed table {@code teams}); {@code zone} is the name of its primary zone, {@code zones} every zone it
 * serves (table {@code team_zones}), primary first; {@code capacity} the most open assignments it takes at once,
 * {@code categories} the ticket categories it takes (empty: any).
 */
public record Team(int id, String name, String zone, String description, boolean active, int ticketsCompleted,
                   BigDecimal customerRating, int responseTime, BigDecimal completionRate, BigDecimal efficiency,
                   String status, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt, List<ZoneLink> zones,
                   int capacity, List<String> categories) {

    /** One zone the team serves. */
    public record ZoneLink(int zoneId, boolean primary) {
    }

    /** The id of the primary zone (null only while a team is being created). */
    public Integer zoneId() {
        return zones.stream().filter(ZoneLink::primary).map(ZoneLink::zoneId).findFirst().orElse(null);
    }

    public List<Integer> zoneIds() {
        return zones.stream().map(ZoneLink::zoneId).toList();
    }
}
