package io.aiff.gateway.events;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Which events a client may receive: those it could read through the API. Roles that see all tickets (admin,
 * manager, viewer, services with tickets:read) get everything; supervisors and technicians get teams and zones
 * (readable by every role) and what concerns their zones or teams. {@code types} narrows further
 * ({@code ticket.*,team.status_changed}).
 */
record EventFilter(boolean seesAll, Set<String> zones, Set<Integer> teamIds, List<String> types) {

    boolean accepts(JsonObject envelope) {
        String type = envelope.getValue("type") instanceof String t ? t : "";
        if (!types.isEmpty() && types.stream().noneMatch(pattern -> matches(pattern, type))) {
            return false;
        }
        if (seesAll || type.startsWith("team.") || type.startsWith("zone.")) {
            return true;
        }
        Object zone = envelope.getValue("zone");
        Object team = envelope.getValue("team_id");
        return zone instanceof String z && zones.contains(z) || team instanceof Number n && teamIds.contains(n.intValue());
    }

    private static boolean matches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }
}
