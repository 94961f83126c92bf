package io.aiff.analytics.service;

import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.SummaryRepository;
import io.aiff.common.db.ClusterLock;
import io.aiff.common.db.OncePerCluster;
import io.aiff.common.db.maintenance.Maintaining;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The daily history ({@code history.daily_performance_metrics}, {@code V5__daily_history.sql}): refreshed
 * {@code CONCURRENTLY} once per cluster after midnight in the deployment's time zone — every
 * {@code aiff.analytics.daily-check} (5 min) one replica ({@link ClusterLock#DAILY_REFRESH}) asks the owner's
 * {@code history.refresh_daily}, which refreshes only when it has not yet today — and after every rebuild's swap
 * ({@link #refreshNow}). Each refresh recomputes the whole view (so the last two days too) and writes the daily rollup
 * as metric rows. The app role cannot refresh or read the view itself: the functions run as the owner.
 */
@ApplicationScoped
public class DailyHistory {

    private static final String REFRESH = "SELECT history.refresh_daily($1, $2)";
    private static final String WAIT_FOR_LOCK = "SELECT pg_advisory_xact_lock($1, $2)";

    private final Pool db;
    private final String timeZone;
    private final SummaryRepository summaries;

    public DailyHistory(Pool db, AnalyticsConfig config, SummaryRepository summaries) {
        this.db = db;
        this.summaries = summaries;
        this.timeZone = config.timeZone().getId();
    }

    /** The check, on quarkus-scheduler (off in a maintenance run); one replica refreshes, the others find it done. */
    @Scheduled(every = "${aiff.analytics.daily-check:5m}", delayed = "${aiff.analytics.daily-check:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Maintaining.class)
    Uni<Void> check() {
        return refreshIfDue().invoke(refreshed -> {
                    if (refreshed) {
                        Log.info("Daily history refreshed");
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Daily history refresh failed (the next check retries): %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Refreshes unless it was today already, or another replica is at it; answers whether this call refreshed. A
     * refresh marks every team and zone to be published again: the default period (the last 30 days) moved by a day,
     * so the numbers team-service keeps change even for a team that did nothing.
     */
    public Uni<Boolean> refreshIfDue() {
        return OncePerCluster.run(db, ClusterLock.DAILY_REFRESH, tx -> refresh(tx, false)
                .call(refreshed -> refreshed ? summaries.markAll(tx) : Uni.createFrom().voidItem()), false);
    }

    /** Refreshes now (after a rebuild's swap), waiting for a refresh another replica is running. */
    public Uni<Boolean> refreshNow() {
        return db.withTransaction(tx -> tx.preparedQuery(WAIT_FOR_LOCK).execute(Tuple.of(ClusterLock.CLASS, ClusterLock.DAILY_REFRESH.key()))
                .chain(() -> refresh(tx, true)));
    }

    private Uni<Boolean> refresh(SqlConnection tx, boolean force) {
        return tx.preparedQuery(REFRESH).execute(Tuple.of(timeZone, force)).map(rows -> rows.iterator().next().getBoolean(0));
    }
}
