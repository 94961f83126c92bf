package io.aiff.common.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One event as shared/API.md describes it: {@code id}, {@code type}, {@code source}, {@code aggregate_id},
 * {@code occurred_at}, {@code zone}, {@code team_id}, {@code actor}, {@code data}, {@code version}. Ids, states and
 * numbers only, never personal data.
 */
public final class Envelope {

    public static final int VERSION = 1;

    private Envelope() {
    }

    /**
     * @param zone   the zone name the event belongs to (scopes who may see it), or null
     * @param teamId the team it belongs to, or null
     * @param actor  {@code user:<id>}, {@code client:<id>} or {@code system}
     */
    public static JsonObject of(String type, String source, Object aggregateId, String zone, Integer teamId,
                                String actor, JsonObject data) {
        return new JsonObject()
                .put("id", UUID.randomUUID().toString())
                .put("type", type)
                .put("source", source)
                .put("aggregate_id", String.valueOf(aggregateId))
                .put("occurred_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("zone", zone)
                .put("team_id", teamId)
                .put("actor", actor)
                .put("data", data == null ? new JsonObject() : data)
                .put("version", VERSION);
    }
}
