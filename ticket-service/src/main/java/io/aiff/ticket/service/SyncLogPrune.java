package io.aiff.ticket.service;

import io.aiff.common.db.ClusterLock;
import io.aiff.common.db.OncePerCluster;
import io.aiff.common.db.maintenance.Maintaining;
import io.aiff.ticket.config.TicketConfig;
import io.aiff.ticket.repository.SyncRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the change log to {@code aiff.tickets.sync-retention} (30 days): every {@code aiff.tickets.sync-prune-every}
 * one replica ({@link ClusterLock#SYNC_LOG_PRUNE}) removes older changes in batches, each its own transaction, and
 * moves the horizon past them (a cursor from before it is 410: the device syncs afresh).
 */
@ApplicationScoped
public class SyncLogPrune {

    static final int BATCH = 5_000;

    private final Pool db;
    private final SyncRepository log;
    private final Duration keep;

    public SyncLogPrune(Pool db, SyncRepository log, TicketConfig config) {
        this.db = db;
        this.log = log;
        this.keep = config.syncRetention();
    }

    @Scheduled(every = "${aiff.tickets.sync-prune-every}", delay = 1, delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Maintaining.class)
    Uni<Void> tick() {
        return runOnce(keep).invoke(pruned -> {
                    if (pruned > 0) {
                        Log.infof("Pruned %d sync log changes older than %s", pruned, keep);
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("Sync log prune failed (the next run retries): %s", failure.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Prunes what is older than {@code olderThan}, batch by batch; answers how many changes went (-1: another replica runs). */
    public Uni<Integer> runOnce(Duration olderThan) {
        return batch(olderThan, 0);
    }

    private Uni<Integer> batch(Duration olderThan, int sofar) {
        return OncePerCluster.run(db, ClusterLock.SYNC_LOG_PRUNE,
                        tx -> Scope.SYSTEM.apply(tx).chain(() -> log.prune(tx, olderThan, BATCH)), -1)
                .chain(n -> n < 0 ? Uni.createFrom().item(sofar == 0 ? -1 : sofar)
                        : n < BATCH ? Uni.createFrom().item(sofar + n) : batch(olderThan, sofar + n));
    }
}
