package io.aiff.ticket;

import java.util.List;

/**
 * A team as ticket-service knows it (tables {@code teams}, {@code team_zones}: its copy of team-service's).
 *
 * @param zoneIds the zones it serves, primary first; null when the source did not say (a previous release)
 */
public record Team(int id, String name, boolean active, String status, int version, List<Integer> zoneIds) {

    public boolean serves(Integer zoneId) {
        return zoneId != null && zoneIds != null && zoneIds.contains(zoneId);
    }
}
