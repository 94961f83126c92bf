package io.aiff.common.db.retention;

import io.aiff.common.events.Envelope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a service's retention run does (one bean per service that owns a database): its steps, in order, and how the
 * finished run is announced (an event through the service's outbox, or an audit entry where there is no outbox).
 */
public interface RetentionPlan {

    List<RetentionStep> steps();

    /** Records the finished run of {@code day} in its last transaction: {@code counts} are rows per {@code action:table}. */
    Uni<Void> announce(SqlConnection tx, LocalDate day, Map<String, Integer> counts);

    /** The event a service with an outbox announces a run with: {@code retention.completed}, no zone (scope:all only). */
    static JsonObject completed(String source, LocalDate day, Map<String, Integer> counts) {
        return Envelope.of("retention.completed", source, day.toString(), null, null, null, "system",
                new JsonObject().put("day", day.toString()).put("counts", new JsonObject(Map.copyOf(counts))));
    }
}
