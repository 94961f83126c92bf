package io.aiff.common.db.retention;

import io.aiff.common.db.ClusterLock;
import io.aiff.common.db.maintenance.Maintaining;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the service's {@link RetentionPlan} once per cluster and day, and answers its preview. A run is a row of
 * {@code retention_runs} (each service's own migration: {@code run_day date primary key, started_at, heartbeat_at,
 * finished_at, counts jsonb}). Every {@code aiff.retention.check} (5 min) each replica looks (quarkus-scheduler,
 * skipped in a maintenance run): a run whose replica stopped beating for {@link #STALE_MINUTES} minutes is taken over
 * and resumed (every batch takes only rows still due, so resuming is doing the rest); else, from
 * {@code aiff.retention.at} (02:30 in {@code aiff.retention.time-zone}), the replica that inserts the day's row runs
 * it. The run goes batch by batch, each its own short transaction holding {@link ClusterLock#RETENTION} (waited for,
 * up to {@link #LOCK_WAIT}) and counting into the row, each step until a batch takes nothing (rows other transactions
 * hold are skipped, then looked at again). Before the first batch, a named restore point is created when WAL
 * archiving is on ({@code aiff_restore_point}, aiff-common's afterMigrate.sql). The finished run is announced by the
 * plan and logged with its counts.
 */
@ApplicationScoped
public class Retention {

    static final int STALE_MINUTES = 5;
    static final String LOCK_WAIT = "30s";

    /** A run as it ended: null when another replica runs (or ran) the day. */
    public record Run(LocalDate day, Map<String, Integer> counts, long millis) {
    }

    /** The rows a run would take now, by table and month. */
    public record Preview(String service, Instant generatedAt, List<Item> items) {
    }

    public record Item(String table, String action, String keep, String month, long rows) {
    }

    private final Pool db;
    private final Instance<RetentionPlan> plans;
    private final String service;
    private final int batchSize;
    private final ZoneId zone;
    private final LocalTime at;
    private final boolean scheduled;

    public Retention(Pool db, Instance<RetentionPlan> plans,
                     @ConfigProperty(name = "quarkus.application.name") String service,
                     @ConfigProperty(name = "aiff.retention.batch", defaultValue = "1000") int batchSize,
                     @ConfigProperty(name = "aiff.retention.time-zone", defaultValue = "UTC") String zone,
                     @ConfigProperty(name = "aiff.retention.at", defaultValue = "02:30") String at,
                     @ConfigProperty(name = "aiff.retention.scheduled", defaultValue = "true") boolean scheduled) {
        this.db = db;
        this.plans = plans;
        this.service = service;
        this.batchSize = batchSize;
        this.zone = ZoneId.of(zone);
        this.at = LocalTime.parse(at);
        this.scheduled = scheduled;
    }

    @Scheduled(every = "${aiff.retention.check:5m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Maintaining.class)
    Uni<Void> check() {
        if (plans.isUnsatisfied() || !scheduled) {
            return Uni.createFrom().voidItem();
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        return stale().chain(day -> day != null ? run(day)
                        : now.toLocalTime().isBefore(at) ? Uni.createFrom().nullItem() : run(now.toLocalDate()))
                .onFailure().invoke(failure -> Log.warnf("Retention run failed (a check in %d minutes resumes it): %s",
                        STALE_MINUTES, failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The earliest unfinished run whose replica stopped beating, or null. */
    private Uni<LocalDate> stale() {
        return db.preparedQuery("SELECT run_day FROM retention_runs WHERE finished_at IS NULL "
                        + "AND heartbeat_at < now() - make_interval(mins => $1) ORDER BY run_day LIMIT 1")
                .execute(Tuple.of(STALE_MINUTES)).map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getLocalDate(0));
    }

    /** The run of {@code day}: done here, or null when another replica has it or it is done already. */
    public Uni<Run> run(LocalDate day) {
        RetentionPlan plan = plans.get();
        long started = System.nanoTime();
        return claim(day).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().nullItem();
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            Uni<Void> steps = Uni.createFrom().voidItem();
            for (RetentionStep step : plan.steps()) {
                steps = steps.chain(() -> step(day, step, counts));
            }
            return steps.chain(() -> finish(day, plan, counts)).map(done -> {
                Run run = new Run(day, Map.copyOf(counts), (System.nanoTime() - started) / 1_000_000);
                Log.infof("Retention run %s of %s done in %d ms: %s", day, service, run.millis(), counts);
                return run;
            });
        });
    }

    /** The rows due now, by step and month, read in one transaction (nothing is changed). */
    public Uni<Preview> preview() {
        List<RetentionStep> steps = plans.isUnsatisfied() ? List.of() : plans.get().steps();
        return db.withTransaction(tx -> {
            List<Item> items = new ArrayList<>();
            Uni<Void> all = tx.query("SET TRANSACTION READ ONLY").execute().replaceWithVoid();
            for (RetentionStep step : steps) {
                all = all.chain(() -> prepare(tx, step)).chain(() -> step.preview().apply(tx)).invoke(months -> {
                    for (RetentionStep.Month m : months) {
                        items.add(new Item(step.table(), step.action(), step.keep(), m.month(), m.rows()));
                    }
                }).replaceWithVoid();
            }
            return all.map(done -> new Preview(service, Instant.now(), List.copyOf(items)));
        });
    }

    /** Takes the day's run: a new one, or one whose replica stopped beating; creates the restore point first. */
    private Uni<Boolean> claim(LocalDate day) {
        return db.withTransaction(tx -> locked(tx)
                .chain(() -> tx.preparedQuery("INSERT INTO retention_runs (run_day) VALUES ($1) ON CONFLICT (run_day) DO UPDATE "
                                + "SET heartbeat_at = now() WHERE retention_runs.finished_at IS NULL "
                                + "AND retention_runs.heartbeat_at < now() - make_interval(mins => $2) RETURNING run_day")
                        .execute(Tuple.of(day, STALE_MINUTES)))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : tx.preparedQuery("SELECT aiff_restore_point('retention')").execute().replaceWith(true)));
    }

    /** One step, batch by batch until a batch takes nothing. */
    private Uni<Void> step(LocalDate day, RetentionStep step, Map<String, Integer> counts) {
        String key = step.action() + ":" + step.table();
        return db.withTransaction(tx -> locked(tx).chain(() -> prepare(tx, step)).chain(() -> step.batch().apply(tx, batchSize))
                .call(n -> tx.preparedQuery("UPDATE retention_runs SET heartbeat_at = now(), counts = counts "
                                + "|| jsonb_build_object($2::text, coalesce((counts ->> $2::text)::int, 0) + $3) WHERE run_day = $1")
                        .execute(Tuple.of(day, key, n))))
                .chain(n -> {
                    counts.merge(key, n, Integer::sum);
                    return n == 0 ? Uni.createFrom().voidItem() : step(day, step, counts);
                });
    }

    private Uni<Void> finish(LocalDate day, RetentionPlan plan, Map<String, Integer> counts) {
        return db.withTransaction(tx -> tx.preparedQuery("UPDATE retention_runs SET finished_at = now(), heartbeat_at = now() "
                        + "WHERE run_day = $1 RETURNING counts").execute(Tuple.of(day))
                .invoke(rows -> {
                    // Counts of a run resumed after its replica died include the batches that replica did.
                    JsonObject stored = rows.iterator().next().getJsonObject(0);
                    stored.forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).intValue()));
                })
                .chain(() -> plan.announce(tx, day, Map.copyOf(counts))));
    }

    /** Waits (up to {@link #LOCK_WAIT}) for the retention lock, held until the transaction ends. */
    private static Uni<Void> locked(SqlConnection tx) {
        return tx.query("SET LOCAL lock_timeout = '" + LOCK_WAIT + "'").execute()
                .chain(() -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
                        .execute(Tuple.of(ClusterLock.CLASS, ClusterLock.RETENTION.key())))
                .replaceWithVoid();
    }

    private static Uni<Void> prepare(SqlConnection tx, RetentionStep step) {
        return step.prepare() == null ? Uni.createFrom().voidItem() : step.prepare().apply(tx);
    }
}
