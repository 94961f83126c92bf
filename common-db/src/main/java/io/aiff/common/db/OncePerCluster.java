package io.aiff.common.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.function.Function;

/**
 * Scheduled work that one replica does at a time: it runs in a transaction holding the work's advisory lock
 * ({@link ClusterLock}); a replica that fails to take the lock skips the tick (the lock ends with the transaction).
 */
public final class OncePerCluster {

    private OncePerCluster() {
    }

    /** The work's result, or {@code whenHeld} when another replica holds the lock. */
    public static <T> Uni<T> run(Pool db, ClusterLock lock, Function<SqlConnection, Uni<T>> work, T whenHeld) {
        return db.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1, $2)")
                .execute(Tuple.of(ClusterLock.CLASS, lock.key()))
                .chain(rows -> rows.iterator().next().getBoolean(0) ? work.apply(tx) : Uni.createFrom().item(whenHeld)));
    }
}
