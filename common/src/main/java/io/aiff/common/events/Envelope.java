package io.aiff.common.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One event as {@code docs/api.md} describes it: {@code id}, {@code type}, {@code source}, {@code aggregate_id},
 * {@code occurred_at}, {@code zone_id} and {@code zone} (the zone it belongs to, by id and by name for display),
 * {@code team_id}, {@code actor}, {@code data}, {@code version}. Ids, states and numbers only, never personal data.
 * Who receives an event is decided by its resource and its {@code zone_id} (the visibility rule).
 */
public final class Envelope {

    public static final int VERSION = 1;

    private Envelope() {
    }

    /**
     * @param zoneId   the zone the event belongs to, or null (then only callers who see everything receive it)
     * @param zoneName that zone's name, for display
     * @param teamId   the team it concerns, or null
     * @param actor    {@code user:<id>}, {@code client:<id>} or {@code system}
     */
    public static JsonObject of(String type, String source, Object aggregateId, Integer zoneId, String zoneName,
                                Integer teamId, String actor, JsonObject data) {
        return new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("type", type)
                .put("source", source)
                .put("aggregate_id", String.valueOf(aggregateId))
                .put("occurred_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("zone_id", zoneId)
                .put("zone", zoneName)
                .put("team_id", teamId)
                .put("actor", actor)
                .put("data", data == null ? new JsonObject() : data)
                .put("version", VERSION);
    }
}
