package io.aiff.ticket;

import java.util.List;

/**
 * A team as ticket-service knows it (tables {@code teams}, {@code team_zones}: its copy of team-service's).
 *
 * @param zoneIds    the zones it serves, primary first; null when the source did not say (a previous release)
 * @param capacity   the most open assignments it takes at once
 * @param categories the ticket categories it takes (empty: any)
 */
public record Team(int id, String name, boolean active, String status, int version, List<Integer> zoneIds, int capacity,
                   List<String> categories) {

    /** team-service's default capacity, for teams its previous release wrote without one. */
    public static final int DEFAULT_CAPACITY = 10;

    public boolean serves(Integer zoneId) {
        return zoneId != null && zoneIds != null && zoneIds.contains(zoneId);
    }

    public Integer primaryZoneId() {
        return zoneIds == null || zoneIds.isEmpty() ? null : zoneIds.get(0);
    }

    public boolean takes(String category) {
        return categories.isEmpty() || category != null && categories.contains(category);
    }
}
