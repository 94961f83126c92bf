package io.aiff.common.db;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The transactional outbox ({@code docs/api.md} "Events"): an event is a row written in the same transaction as the change
 * it describes, so it exists exactly when the change does. {@link OutboxRelay} publishes the rows to the Redis stream.
 *
 * <p>Order: writers take no lock of their own, so concurrent transactions never wait for each other here. Every
 * writer appends an aggregate's events after it changed (and so locked) the aggregate's row, and holds that lock until
 * it commits; the next change of the same aggregate takes its row ids only after that commit. So the events of one
 * aggregate have increasing ids, and the relay (which publishes the committed unsent rows in id order) publishes them
 * in the order of the changes. Events of independent transactions may reach the stream in either order: readers keep
 * copies by each aggregate's {@code version} ({@code docs/api.md} "Events"). A call site must keep to this: append
 * after the write that locks the row the events describe. {@code NOTIFY} (delivered at commit) wakes the relay.
 * Table: {@code outbox(id, event_id, type, envelope, created_at, sent_at)}, created by each service's own migration.
 */
public final class Outbox {

    static final String CHANNEL = "aiff_outbox";

    /** The envelopes in their order (ids are taken in it), and the relay woken, in one statement. */
    private static final String INSERT_ALL = "WITH added AS (INSERT INTO outbox (event_id, type, envelope) "
            + "SELECT e.id::uuid, e.type, e.body::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY "
            + "AS e (id, type, body, n) ORDER BY e.n RETURNING 1) SELECT pg_notify('" + CHANNEL + "', '') FROM (SELECT count(*) FROM added) c";

    private Outbox() {
    }

    /** Appends events inside the caller's transaction, in the given order, in one statement. */
    public static Uni<Void> append(SqlConnection tx, JsonObject... envelopes) {
        if (envelopes.length == 0) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = new String[envelopes.length];
        String[] types = new String[envelopes.length];
        String[] bodies = new String[envelopes.length];
        for (int i = 0; i < envelopes.length; i++) {
            ids[i] = envelopes[i].getString("id");
            types[i] = envelopes[i].getString("type");
            bodies[i] = envelopes[i].encode();
        }
        return tx.preparedQuery(INSERT_ALL).execute(Tuple.of(ids, types, bodies)).replaceWithVoid();
    }
}
