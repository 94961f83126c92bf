package io.aiff.ticket.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Marks SLA breaches every {@code aiff.sla.breach-check} (30 s): running tickets past their deadline get
 * {@code sla_breach} and one {@code ticket.sla_breached} event each. With several replicas each tick runs on one of
 * them: the work happens under a transaction-scoped advisory lock that the others fail to take and skip. Paused
 * tickets are not checked (their deadline moves while they wait).
 */
@Singleton
public class BreachJob {

    static final int LOCK_BREACHES = 3;
    static final int BATCH = 500;

    private final Vertx vertx;
    private final Pool db;
    private final TicketService tickets;
    private final Duration every;
    private long timer = -1;

    public BreachJob(Vertx vertx, Pool db, TicketService tickets,
                     @ConfigProperty(name = "aiff.sla.breach-check", defaultValue = "30S") Duration every) {
        this.vertx = vertx;
        this.db = db;
        this.tickets = tickets;
        this.every = every;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(every.toMillis(), id -> runOnce().subscribe().with(
                marked -> {
                    if (marked > 0) {
                        Log.infof("Marked %d SLA breaches", marked);
                    }
                },
                failure -> Log.warnf("SLA breach check failed (next tick retries): %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One tick: the number of tickets marked, or -1 when another replica holds the tick. */
    public Uni<Integer> runOnce() {
        return OneReplica.run(db, LOCK_BREACHES, tx -> tickets.markBreaches(tx, BATCH), -1);
    }
}
