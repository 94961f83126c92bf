package io.aiff.common.db.metrics;

import io.aiff.common.db.maintenance.Maintaining;
import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What operators watch of a service's database and of the event stream (docs/api.md "Data lifecycle"; scraped at
 * the management port's {@code /q/metrics}): per table its size, its indexes' size and its dead tuples; the outbox
 * backlog and the age of its oldest unpublished event; the stream's length and each consumer group's lag; and what
 * the service adds ({@link GaugeSource}). Read every {@code aiff.db-metrics.every} (30 s) by one replica's tick each —
 * every replica reports the same database, so dashboards take the maximum —, never while a scrape waits.
 */
@ApplicationScoped
public class DatabaseMetrics {

    private static final String TABLES = "SELECT n.nspname || '.' || c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid), "
            + "coalesce(s.n_dead_tup, 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid WHERE c.relkind IN ('r', 'p', 'm') "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";
    private static final String OUTBOX = "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 "
            + "FROM outbox WHERE sent_at IS NULL";

    private final Pool db;
    private final ReactiveRedisDataSource redis;
    private final String stream;
    private final MeterRegistry registry;
    private final Instance<GaugeSource> sources;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();
    private volatile Boolean hasOutbox;

    public DatabaseMetrics(Pool db, ReactiveRedisDataSource redis, RedisKeys keys, MeterRegistry registry,
                           Instance<GaugeSource> sources) {
        this.db = db;
        this.redis = redis;
        this.stream = keys.key(EventStream.KEY);
        this.registry = registry;
        this.sources = sources;
    }

    @Scheduled(every = "${aiff.db-metrics.every:30s}", delayed = "${aiff.db-metrics.first-after:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Maintaining.class)
    Uni<Void> tick() {
        return refresh().onFailure().invoke(failure -> Log.debugf("Database metrics not read: %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Reads every figure once (also for tests). */
    public Uni<Void> refresh() {
        return tables().chain(this::outbox).chain(this::stream).chain(this::sources);
    }

    private Uni<Void> tables() {
        return db.query(TABLES).execute().invoke(rows -> {
            for (Row row : rows) {
                Tags table = Tags.of("table", row.getString(0));
                set("aiff.db.table.size.bytes", table, row.getLong(1));
                set("aiff.db.index.size.bytes", table, row.getLong(2));
                set("aiff.db.dead.tuples", table, row.getLong(3));
            }
        }).replaceWithVoid();
    }

    private Uni<Void> outbox() {
        Uni<Boolean> exists = hasOutbox != null ? Uni.createFrom().item(hasOutbox)
                : db.query("SELECT to_regclass('public.outbox') IS NOT NULL").execute()
                        .map(rows -> hasOutbox = rows.iterator().next().getBoolean(0));
        return exists.chain(yes -> !yes ? Uni.createFrom().voidItem() : db.query(OUTBOX).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            set("aiff.outbox.backlog", Tags.empty(), row.getLong(0));
            set("aiff.outbox.oldest.unpublished.seconds", Tags.empty(), row.getDouble(1));
        }).replaceWithVoid());
    }

    private Uni<Void> stream() {
        return redis.execute("XLEN", stream).invoke(length -> set("aiff.events.stream.length", Tags.empty(), length.toLong()))
                .chain(() -> redis.execute("XINFO", "GROUPS", stream))
                .invoke(groups -> {
                    for (Response group : groups) {
                        Response lag = group.get("lag");
                        set("aiff.events.consumer.lag", Tags.of("group", group.get("name").toString()),
                                lag == null ? Double.NaN : lag.toDouble());
                    }
                })
                .onFailure().recoverWithNull().replaceWithVoid(); // no stream yet: nothing to say
    }

    private Uni<Void> sources() {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (GaugeSource source : sources) {
            all = all.chain(() -> source.read(db).invoke(figures -> figures.forEach((name, value) -> set(name, Tags.empty(), value))))
                    .replaceWithVoid();
        }
        return all;
    }

    private void set(String name, Tags tags, double value) {
        values.computeIfAbsent(name + tags, key -> {
            AtomicReference<Double> holder = new AtomicReference<>(value);
            Gauge.builder(name, holder, AtomicReference::get).tags(tags).strongReference(true).register(registry);
            return holder;
        }).set(value);
    }
}
