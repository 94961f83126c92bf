package io.aiff.ticket.service;

import io.aiff.common.db.Outbox;
import io.aiff.common.db.OutboxRelay;
import io.aiff.common.db.retention.RetentionPlan;
import io.aiff.common.db.retention.RetentionStep;
import io.aiff.ticket.config.TicketConfig;
import io.aiff.ticket.repository.SyncRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * ticket-service's retention run (docs/api.md "Data lifecycle"): tickets closed or cancelled longer than
 * {@code aiff.tickets.retention} and not on legal hold move to the archive with their history and assignments
 * ({@code archive.archive_tickets}, R__retention.sql; sync sends each a tombstone with reason archived); the offline
 * sync change log beyond {@code aiff.tickets.sync-retention} and published outbox rows are purged. Tickets in any
 * other state are never archived, whatever their age. All in the system scope.
 */
@ApplicationScoped
public class TicketRetention implements RetentionPlan {

    private final SyncRepository log;
    private final Duration retention;
    private final Duration syncRetention;

    public TicketRetention(SyncRepository log, TicketConfig config) {
        this.log = log;
        this.retention = config.retention();
        this.syncRetention = config.syncRetention();
    }

    @Override
    public List<RetentionStep> steps() {
        double age = retention.toSeconds();
        return List.of(
                new RetentionStep("tickets", RetentionStep.ARCHIVE, "tickets closed or cancelled for less than "
                        + retention.toDays() + " days, on legal hold, or in any other state (history and assignments "
                        + "move with their ticket)", Scope.SYSTEM::apply,
                        tx -> RetentionStep.months(tx, "SELECT to_char(finished_at, 'YYYY-MM'), count(*) FROM tickets "
                                + "WHERE status IN ('closed', 'cancelled') AND NOT legal_hold "
                                + "AND finished_at < now() - make_interval(secs => $1) GROUP BY 1 ORDER BY 1", Tuple.of(age)),
                        (tx, size) -> RetentionStep.number(tx, "SELECT archive.archive_tickets(now() - make_interval(secs => $1), $2)",
                                Tuple.of(age, size))),
                new RetentionStep("ticket_changes", RetentionStep.PURGE, "the offline sync change log for "
                        + syncRetention.toDays() + " days", Scope.SYSTEM::apply,
                        tx -> RetentionStep.months(tx, "SELECT to_char(changed_at, 'YYYY-MM'), count(*) FROM ticket_changes "
                                + "WHERE changed_at < now() - make_interval(secs => $1) GROUP BY 1 ORDER BY 1",
                                Tuple.of((double) syncRetention.toSeconds())),
                        (tx, size) -> log.prune(tx, syncRetention, size)),
                RetentionStep.outbox(OutboxRelay.KEEP_SENT));
    }

    @Override
    public Uni<Void> announce(SqlConnection tx, LocalDate day, Map<String, Integer> counts) {
        return Outbox.append(tx, RetentionPlan.completed(TicketService.SOURCE, day, counts));
    }
}
