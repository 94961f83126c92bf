package io.aiff.ticket.service;

import io.aiff.common.db.ClusterLock;
import io.aiff.common.db.OncePerCluster;
import io.aiff.common.db.maintenance.Maintaining;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Marks SLA breaches every {@code aiff.tickets.sla-breach-check} (30 s): running tickets past their deadline get
 * {@code sla_breach} and one {@code ticket.sla_breached} event each. With several replicas each tick runs on one of
 * them ({@link ClusterLock#SLA_BREACHES}); the others skip it. Paused tickets are not checked (their deadline moves
 * while they wait).
 */
@ApplicationScoped
public class BreachJob {

    static final int BATCH = 500;

    private final Pool db;
    private final TicketService tickets;

    public BreachJob(Pool db, TicketService tickets) {
        this.db = db;
        this.tickets = tickets;
    }

    @Scheduled(every = "${aiff.tickets.sla-breach-check}", delayed = "${aiff.tickets.sla-breach-check}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Maintaining.class)
    Uni<Void> tick() {
        return runOnce()
                .invoke(marked -> {
                    if (marked > 0) {
                        Log.infof("Marked %d SLA breaches", marked);
                    }
                })
                .onFailure().invoke(failure -> Log.warnf("SLA breach check failed (next tick retries): %s", failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One tick: the number of tickets marked, or -1 when another replica holds the tick. */
    public Uni<Integer> runOnce() {
        return OncePerCluster.run(db, ClusterLock.SLA_BREACHES,
                tx -> Scope.SYSTEM.apply(tx).chain(() -> tickets.markBreaches(tx, BATCH)), -1);
    }
}
