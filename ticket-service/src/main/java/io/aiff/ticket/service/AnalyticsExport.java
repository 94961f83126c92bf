package io.aiff.ticket.service;

import io.aiff.common.events.Envelope;
import io.aiff.ticket.Assignment;
import io.aiff.ticket.SlaPolicy;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.repository.AssignmentRepository;
import io.aiff.ticket.repository.ExportRepository;
import io.aiff.ticket.repository.SlaPolicyRepository;
import io.aiff.ticket.repository.TicketRepository;
import io.aiff.ticket.repository.TicketRepository.StatusEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What analytics-service rebuilds from: every ticket with its whole story told as the events ticket-service publishes
 * (the same types and fields: {@code ticket.created}, each {@code ticket.status_changed} with the SLA verdict of that
 * moment, {@code ticket.rated}, each assignment as it now is), and daily counts to reconcile with. Read in the
 * caller's scope (a service token reads every ticket). The verdicts are computed again from the recorded history under
 * today's SLA policies: a policy changed since a move may judge it differently than the event did then.
 */
@ApplicationScoped
public class AnalyticsExport {

    /** A ticket and its story, oldest first. */
    public record Story(int ticketId, List<JsonObject> events) {
    }

    private final TicketService tickets;
    private final TicketRepository ticketRows;
    private final ExportRepository export;
    private final AssignmentRepository assignments;
    private final SlaPolicyRepository policies;

    public AnalyticsExport(TicketService tickets, TicketRepository ticketRows, ExportRepository export,
                           AssignmentRepository assignments, SlaPolicyRepository policies) {
        this.tickets = tickets;
        this.ticketRows = ticketRows;
        this.export = export;
        this.assignments = assignments;
        this.policies = policies;
    }

    /** At most {@code limit} tickets after {@code afterId}, in id order, each with its story. */
    public Uni<List<Story>> page(Scope scope, int afterId, int limit) {
        return tickets.inScope(scope, tx -> ticketRows.pageWithArchiveAfter(tx, afterId, limit).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(List.<Story>of());
            }
            List<Integer> ids = page.stream().map(Ticket::id).toList();
            return policies.all(tx).chain(all -> export.events(tx, ids).chain(events -> assignments.ofTicketsWithArchive(tx, ids)
                    .map(work -> {
                        Map<String, SlaPolicy> byPriority = TicketService.byPriority(all);
                        List<Story> stories = new ArrayList<>();
                        for (Ticket t : page) {
                            stories.add(new Story(t.id(), story(t, events.getOrDefault(t.id(), List.of()),
                                    work.stream().filter(a -> a.ticketId() == t.id()).toList(), byPriority)));
                        }
                        return stories;
                    })));
        }));
    }

    public Uni<List<ExportRepository.DayCounts>> counts(Scope scope, OffsetDateTime from, OffsetDateTime to, String timeZone) {
        return tickets.inScope(scope, tx -> export.counts(tx, from, to, timeZone));
    }

    static List<JsonObject> story(Ticket t, List<StatusEvent> history, List<Assignment> work,
                                  Map<String, SlaPolicy> byPriority) {
        List<JsonObject> events = new ArrayList<>();
        String createdPriority = history.isEmpty() ? t.priority() : history.get(0).priority();
        events.add(event("ticket.created", t, null, 0, createdPriority, "open",
                new JsonObject().put("created_at", t.createdAt().toInstant().toString())));
        List<StatusEvent> sofar = new ArrayList<>();
        int version = 0;
        String priority = createdPriority;
        for (StatusEvent e : history) {
            sofar.add(e);
            version++;
            boolean reprioritised = !e.priority().equals(priority);
            priority = e.priority();
            // The creation, a priority change and a legal hold (recorded with the status unchanged) are not moves: the
            // priority is told with each move.
            if (e.fromStatus() == null || e.hold() || e.fromStatus().equals(e.toStatus()) && reprioritised) {
                continue;
            }
            Instant at = e.changedAt().toInstant();
            Assignment holding = "open".equals(e.toStatus()) ? null : holding(work, at);
            events.add(event("ticket.status_changed", t, holding == null ? null : holding.teamId(), version, e.priority(),
                    e.toStatus(), new JsonObject().put("from", e.fromStatus()).put("to", e.toStatus())
                            .put("occurred_at", at.toString())
                            .put("sla", TicketService.slaVerdict(TicketService.sla(byPriority, t, at, List.copyOf(sofar))))
                            .put("assignment_id", holding == null ? null : holding.id())));
        }
        if (t.customerRating() != null) {
            Instant rated = t.updatedAt().toInstant();
            events.add(event("ticket.rated", t, t.assignedTeam(), version + 1, t.priority(), t.status(),
                    new JsonObject().put("rating", t.customerRating()).put("occurred_at", rated.toString())));
        }
        for (Assignment a : work) {
            events.add(AssignmentFlow.event("assignment.updated", a, t, "system", null));
        }
        return events;
    }

    /**
     * The assignment a ticket was in at a moment, as its {@code assigned_team} said then: the latest made by then and
     * not ended before it (a completed one holds the resolved ticket).
     */
    private static Assignment holding(List<Assignment> work, Instant at) {
        return work.stream().filter(a -> !a.assignedAt().toInstant().isAfter(at))
                .filter(a -> a.endedAt() == null || !a.endedAt().toInstant().isBefore(at) || Assignment.COMPLETED.equals(a.status()))
                .max(Comparator.comparing((Assignment a) -> a.assignedAt().toInstant()).thenComparingInt(Assignment::id))
                .orElse(null);
    }

    private static JsonObject event(String type, Ticket t, Integer team, int version, String priority, String status,
                                    JsonObject data) {
        return Envelope.of(type, TicketService.SOURCE, t.id(), t.zoneId(), t.zone(), team, "system",
                new JsonObject().put("ticket_number", t.ticketNumber()).put("status", status).put("priority", priority)
                        .put("category", t.category()).put("version", version).mergeIn(data));
    }
}
