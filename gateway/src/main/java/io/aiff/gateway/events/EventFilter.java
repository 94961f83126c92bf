package io.aiff.gateway.events;

import io.aiff.common.security.Caller;
import io.aiff.common.security.Resource;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Which events a client receives: exactly those whose resource it could read through the API (the visibility rule,
 * docs/api.md): the read permission of the event's resource, and for zoned resources (tickets, assignments,
 * analytics) a caller without scope:all only its zones' events, by zone id. {@code types} narrows further
 * ({@code ticket.*,team.status_changed}).
 */
record EventFilter(Caller caller, List<String> types) {

    boolean accepts(JsonObject envelope) {
        String type = envelope.getValue("type") instanceof String t ? t : "";
        if (!types.isEmpty() && types.stream().noneMatch(pattern -> matches(pattern, type))) {
            return false;
        }
        Integer zoneId = envelope.getValue("zone_id") instanceof Number n ? n.intValue() : null;
        String zone = envelope.getValue("zone") instanceof String z ? z : null;
        return Resource.ofEvent(type).readableBy(caller, zoneId, zone);
    }

    private static boolean matches(String pattern, String type) {
        return pattern.endsWith("*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
    }
}
