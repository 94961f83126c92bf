package io.aiff.common.db;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The transactional outbox ({@code docs/api.md} "Events"): an event is a row written in the same transaction as the change
 * it describes, so it exists exactly when the change does. {@link OutboxRelay} publishes the rows to the Redis stream.
 *
 * <p>Commit order: each writer takes a transaction-scoped advisory lock just before its insert and holds it until it
 * commits, so row ids increase in commit order and the relay, reading in id order, can never see a later commit before
 * an earlier one. The lock is held only from the insert to the commit. {@code NOTIFY} (delivered at commit) wakes
 * the relay. Table: {@code outbox(id, event_id, type, envelope, created_at, sent_at)}, created by each service's
 * own migration.
 */
public final class Outbox {

    static final String CHANNEL = "aiff_outbox";

    private static final String LOCK = "SELECT pg_advisory_xact_lock($1, $2)";
    private static final String INSERT = "INSERT INTO outbox (event_id, type, envelope) VALUES ($1::uuid, $2, $3)";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

    private Outbox() {
    }

    /** Appends events inside the caller's transaction, in the given order. */
    public static Uni<Void> append(SqlConnection tx, JsonObject... envelopes) {
        Uni<?> chain = tx.preparedQuery(LOCK).execute(Tuple.of(ClusterLock.CLASS, ClusterLock.OUTBOX_WRITERS.key()));
        for (JsonObject envelope : envelopes) {
            chain = chain.chain(() -> tx.preparedQuery(INSERT)
                    .execute(Tuple.of(envelope.getString("id"), envelope.getString("type"), envelope)));
        }
        return chain.chain(() -> tx.query(NOTIFY).execute()).replaceWithVoid();
    }
}
