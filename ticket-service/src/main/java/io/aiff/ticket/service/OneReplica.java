package io.aiff.ticket.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Scheduled work that one replica does at a time: it runs in a transaction holding the advisory lock
 * ({@link #LOCK_CLASS}, key), in the system scope; a replica that fails to take the lock skips the tick.
 */
final class OneReplica {

    static final int LOCK_CLASS = 0x61696666;

    private OneReplica() {
    }

    /** The work's result, or {@code whenHeld} when another replica holds the lock. */
    static <T> Uni<T> run(Pool db, int key, Function<SqlConnection, Uni<T>> work, T whenHeld) {
        return db.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1, $2)")
                .execute(Tuple.of(LOCK_CLASS, key))
                .chain(rows -> !rows.iterator().next().getBoolean(0) ? Uni.createFrom().item(whenHeld)
                        : Scope.SYSTEM.apply(tx).chain(() -> work.apply(tx))));
    }
}
