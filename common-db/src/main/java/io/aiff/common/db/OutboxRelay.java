package io.aiff.common.db;

import io.aiff.common.events.EventStream;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes a service's committed {@link Outbox} rows to the Redis stream, in id order, and marks them sent (each
 * aggregate's events in the order of its changes: see {@link Outbox}).
 *
 * <p>One active relay per database: the replica holding a session advisory lock on its own pooled connection relays;
 * the others try again on every tick and take over within one poll interval when that connection goes. It wakes on
 * the writers' {@code NOTIFY} and also polls, so nothing waits on a lost notification. When Redis fails, it stops at
 * the first row not published and retries on the next tick: rows wait, nothing is skipped or reordered. Delivery is
 * at least once (a crash between publishing and marking repeats a few rows; consumers de-duplicate by event id).
 * Sent rows are pruned after {@link #KEEP_SENT}; the stream keeps at least {@code retention}.
 *
 * <p>Not a bean: {@link Relay} runs the service's own from start to shutdown (tests start standbys of their own).
 */
public class OutboxRelay {

    /** A Redis or database call that takes longer fails the round (retried next tick) instead of stalling the relay. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    static final int BATCH = 100;
    public static final Duration KEEP_SENT = Duration.ofHours(1);
    private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1, $2)";
    private static final String UNLOCK = "SELECT pg_advisory_unlock($1, $2)";
    private static final String PENDING = "SELECT id, envelope::text FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT " + BATCH;
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)";
    private static final String PRUNE = "DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => $1)";

    private final Vertx vertx;
    private final Pool pool;
    private final ReactiveRedisDataSource redis;
    private final String streamKey;
    private final Duration poll;
    private final Duration retention;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean acquiring = new AtomicBoolean();
    private volatile SqlConnection lockConnection;
    private volatile boolean again;
    private volatile boolean stopped;
    private volatile long lastPrune;
    private long timer = -1;

    public OutboxRelay(Vertx vertx, Pool pool, ReactiveRedisDataSource redis, String streamKey, Duration poll,
                       Duration retention) {
        this.vertx = vertx;
        this.pool = pool;
        this.redis = redis;
        this.streamKey = streamKey;
        this.poll = poll;
        this.retention = retention;
    }

    public void start() {
        timer = vertx.setPeriodic(poll.toMillis(), id -> tick());
        tick();
    }

    /**
     * Stops relaying and releases the lock, so a standby replica takes over at once. The connection goes back to the
     * pool, whose session would otherwise keep the lock (and the LISTEN): both are undone first.
     */
    public Uni<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        SqlConnection connection = lockConnection;
        lockConnection = null;
        return connection == null ? Uni.createFrom().voidItem() : release(connection);
    }

    /** Undoes the lock and the LISTEN of a pooled connection, then gives it back. */
    private static Uni<Void> release(SqlConnection connection) {
        return connection.preparedQuery(UNLOCK).execute(Tuple.of(ClusterLock.CLASS, ClusterLock.OUTBOX_RELAY.key()))
                .chain(() -> connection.query("UNLISTEN *").execute())
                .ifNoItem().after(CALL_TIMEOUT).fail()
                .onFailure().recoverWithNull()
                .chain(() -> connection.close())
                .onFailure().recoverWithNull();
    }

    /** Whether this replica is the active relay now. */
    public boolean active() {
        return lockConnection != null;
    }

    void tick() {
        if (stopped) {
            return;
        }
        if (lockConnection != null) {
            drain();
        } else if (acquiring.compareAndSet(false, true)) {
            acquire().eventually(() -> acquiring.set(false)).subscribe().with(
                    acquired -> {
                        if (acquired) {
                            drain();
                        }
                    },
                    failure -> Log.debugf("Outbox relay could not try the lock: %s", failure.toString()));
        }
    }

    private Uni<Boolean> acquire() {
        return pool.getConnection().chain(connection -> connection.preparedQuery(TRY_LOCK)
                .execute(Tuple.of(ClusterLock.CLASS, ClusterLock.OUTBOX_RELAY.key()))
                .map(rows -> rows.iterator().next().getBoolean(0))
                .chain(acquired -> {
                    if (!acquired) {
                        return connection.close().replaceWith(false);
                    }
                    if (stopped) {
                        return release(connection).replaceWith(false);
                    }
                    PgConnection pg = PgConnection.cast(connection);
                    pg.notificationHandler(notification -> drain());
                    pg.closeHandler(() -> {
                        if (lockConnection == connection) {
                            lockConnection = null;
                            Log.info("Outbox relay lost its lock connection; another replica (or this one) takes over");
                        }
                    });
                    return connection.query("LISTEN " + Outbox.CHANNEL).execute()
                            .onFailure().call(failure -> release(connection))
                            .chain(ignored -> {
                                if (stopped) {
                                    return release(connection).replaceWith(false);
                                }
                                lockConnection = connection;
                                Log.info("Outbox relay active on this replica");
                                return Uni.createFrom().item(true);
                            });
                })
                .ifNoItem().after(CALL_TIMEOUT).fail()
                .onFailure().call(failure -> release(connection)));
    }

    /** Drains everything pending; a wake-up during a drain runs another round after it. */
    void drain() {
        if (stopped) {
            return;
        }
        if (!draining.compareAndSet(false, true)) {
            again = true;
            return;
        }
        again = false;
        SqlConnection connection = lockConnection;
        if (connection == null) {
            draining.set(false);
            return;
        }
        drainBatch(connection)
                .call(full -> prune(connection))
                .eventually(() -> draining.set(false))
                .subscribe().with(
                        full -> {
                            if (full || again) {
                                drain();
                            }
                        },
                        failure -> Log.warnf("Outbox relay paused until the next tick: %s", failure.toString()));
    }

    /** Publishes one batch in order; answers whether it was full (more may be waiting). */
    private Uni<Boolean> drainBatch(SqlConnection connection) {
        return connection.query(PENDING).execute().ifNoItem().after(CALL_TIMEOUT).fail().chain(rows -> {
            List<Long> sent = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Row row : rows) {
                long id = row.getLong(0);
                String envelope = row.getString(1);
                // A relay that lost its lock stops at once: the replica that took over publishes the rest.
                chain = chain.chain(() -> lockConnection == connection ? publish(envelope)
                                : Uni.createFrom().failure(new IllegalStateException("outbox relay lock lost")))
                        .invoke(() -> sent.add(id));
            }
            int size = rows.size();
            return chain
                    .onFailure().call(failure -> markSent(connection, sent))
                    .chain(() -> markSent(connection, sent))
                    .map(ignored -> size == BATCH);
        });
    }

    private Uni<Void> publish(String envelope) {
        String minId = (System.currentTimeMillis() - retention.toMillis()) + "-0";
        return redis.execute("XADD", streamKey, "MINID", "~", minId, "*", EventStream.ENVELOPE_FIELD, envelope)
                .ifNoItem().after(CALL_TIMEOUT).fail()
                .replaceWithVoid();
    }

    private static Uni<RowSet<Row>> markSent(SqlConnection connection, List<Long> ids) {
        return ids.isEmpty() ? Uni.createFrom().nullItem()
                : connection.preparedQuery(MARK_SENT).execute(Tuple.of(ids.toArray(Long[]::new)));
    }

    private Uni<Void> prune(SqlConnection connection) {
        long now = System.currentTimeMillis();
        if (now - lastPrune < PRUNE_EVERY_MILLIS) {
            return Uni.createFrom().voidItem();
        }
        lastPrune = now;
        return connection.preparedQuery(PRUNE).execute(Tuple.of((double) KEEP_SENT.toSeconds())).replaceWithVoid();
    }
}
