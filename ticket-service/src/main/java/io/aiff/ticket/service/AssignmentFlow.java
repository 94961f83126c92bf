package io.aiff.ticket.service;

import io.aiff.common.events.Envelope;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.Assignment;
import io.aiff.ticket.Team;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.repository.AssignmentRepository;
import io.aiff.ticket.repository.DirectoryRepository;
import io.aiff.ticket.repository.TicketRepository.StatusEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How a ticket's assignment follows its move through the lifecycle (ticket-service README, "Assignments"), in the
 * move's own transaction: the rules of a new assignment (the team active, serving the ticket's zone, below its
 * capacity — lifted by an override with its reason — and {@code assigned_to} one of its members), and per move what
 * happens to the current assignment, with the events to write.
 */
@ApplicationScoped
public class AssignmentFlow {

    public static final String READ = "assignments:read";
    public static final String UPDATE = "assignments:update";
    public static final String DECLINE = "assignments:decline";
    public static final String OVERRIDE = "assignments:override";

    /** A new assignment as asked: the team and member, how it was decided, and what the caller adds. */
    public record Assign(int teamId, Integer assignedTo, String type, String notes, OffsetDateTime estimatedCompletion,
                         String overrideReason, JsonObject criteria, Long decisionId) {

        public static Assign manual(int teamId, Integer assignedTo) {
            return new Assign(teamId, assignedTo, "manual", null, null, null, null, null);
        }
    }

    /** What the move did to the assignments: the current one after it (null when none), and the events to write. */
    public record Outcome(Assignment current, List<JsonObject> events) {
    }

    private final AssignmentRepository assignments;
    private final DirectoryRepository directory;

    public AssignmentFlow(AssignmentRepository assignments, DirectoryRepository directory) {
        this.assignments = assignments;
        this.directory = directory;
    }

    /**
     * Checks the team rules of a new assignment to {@code team} for {@code ticket} (the ticket locked): 409 naming the
     * rule unless {@code override}; 400 when {@code assignedTo} is not a member. {@code current} is the assignment it
     * replaces (its place at its team's capacity is given back when it is the same team).
     */
    public Uni<Void> check(SqlConnection tx, Ticket ticket, Team team, Assign assign, Assignment current) {
        // A dispatch decision checked the team rules itself, its policy's, on the candidates' rows locked as read.
        boolean override = assign.overrideReason() != null || assign.decisionId() != null;
        // The team's row, and the one a reassignment leaves (its load changes too), locked in id order.
        List<Integer> locked = new ArrayList<>(List.of(team.id()));
        if (current != null && current.active() && current.teamId() != team.id()) {
            locked.add(current.teamId());
        }
        locked.sort(null);
        Uni<Void> member = assign.assignedTo() == null ? Uni.createFrom().voidItem()
                : directory.isMember(tx, team.id(), assign.assignedTo()).invoke(isMember -> {
                    if (!isMember) {
                        throw ProblemException.badRequest("assigned_to", "is not a member of team " + team.id());
                    }
                }).replaceWithVoid();
        return directory.lockLoads(tx, locked).chain(loads -> member.invoke(() -> {
            DirectoryRepository.Load load = loads.stream().filter(l -> l.teamId() == team.id()).findFirst().orElse(null);
            boolean active = load == null ? team.active() : load.active();
            String status = load == null ? team.status() : load.status();
            if (!override && (!active || "offline".equals(status))) {
                throw new ProblemException(Problem.of(409, "team-unavailable", "Conflict",
                        "Team " + team.id() + " is " + (active ? "offline" : "inactive") + ": it takes no assignments "
                                + "(an override with its reason may assign it anyway).").with("field", "team_id"));
            }
            if (!override && !team.serves(ticket.zoneId())) {
                throw Directory.doesNotServe(team, ticket.zoneId(), ticket.zone());
            }
            int open = load == null ? 0 : load.open() - (current != null && current.active() && current.teamId() == team.id() ? 1 : 0);
            int capacity = load == null ? team.capacity() : load.capacity();
            if (!override && open >= capacity) {
                throw new ProblemException(Problem.of(409, "team-at-capacity", "Conflict", "Team " + team.id() + " has "
                        + open + " open assignments, its capacity (an override with its reason may assign it anyway).")
                        .with("field", "team_id"));
            }
        }));
    }

    /**
     * The assignment side of a move from {@code from} to {@code to} made at {@code at} (the ticket already moved:
     * {@code ticket} is as it now is). {@code history} is the ticket's status changes before this move; {@code
     * declined} says whether a move from assigned back to open is a decline (else a release).
     */
    public Uni<Outcome> follow(SqlConnection tx, Scope scope, Ticket ticket, TicketStatus from, TicketStatus to, Instant at,
                               List<StatusEvent> history, Assign assign, boolean declined, String reason, Assignment current) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        String actor = scope.actor();
        List<JsonObject> events = new ArrayList<>();
        if (to == TicketStatus.ASSIGNED) {
            Uni<Assignment> ended = current == null ? Uni.createFrom().nullItem()
                    : assignments.move(tx, current.id(), Assignment.REASSIGNED, when, actor, reason,
                            minutesInProgress(history, current.assignedAt().toInstant(), at));
            return ended.chain(old -> assignments.insert(tx, new AssignmentRepository.NewAssignment(ticket.id(), assign.teamId(),
                                    assign.assignedTo(), ticket.zoneId(), ticket.zone(), scope.userId(), actor, when, assign.type(),
                                    assign.notes(), assign.estimatedCompletion(), assign.criteria(), assign.overrideReason(),
                                    assign.decisionId()))
                            .map(created -> {
                                if (old != null) {
                                    events.add(event("assignment.reassigned", old, ticket, actor, new JsonObject()
                                            .put("new_assignment_id", created.id()).put("new_team_id", created.teamId())));
                                }
                                events.add(event("assignment.created", created, ticket, actor, old == null ? null
                                        : new JsonObject().put("previous_assignment_id", old.id())));
                                return new Outcome(created, events);
                            }));
        }
        if (current == null) {
            return Uni.createFrom().item(new Outcome(null, events));
        }
        String status;
        String type = "assignment.updated";
        Integer minutes = null;
        switch (to) {
            case IN_PROGRESS -> status = Assignment.IN_PROGRESS; // first start, or a reopen of the completed work
            case RESOLVED -> {
                status = Assignment.COMPLETED;
                type = "assignment.completed";
                minutes = minutesInProgress(history, current.assignedAt().toInstant(), at);
            }
            case CANCELLED -> status = Assignment.CANCELLED;
            case OPEN -> {
                status = declined ? Assignment.DECLINED : Assignment.RELEASED;
                type = declined ? "assignment.declined" : "assignment.released";
            }
            default -> status = current.status(); // on hold, pending, closed: the ticket's history holds it
        }
        if (status.equals(current.status())) {
            return Uni.createFrom().item(new Outcome(current, events));
        }
        boolean ends = status.equals(Assignment.CANCELLED) || status.equals(Assignment.DECLINED) || status.equals(Assignment.RELEASED);
        String finalType = type;
        boolean reopened = from == TicketStatus.RESOLVED;
        return assignments.move(tx, current.id(), status, when, actor, ends ? reason : null, minutes).map(moved -> {
            events.add(event(finalType, moved, ticket, actor, reopened ? new JsonObject().put("reopened", true) : null));
            return new Outcome(ends ? null : moved, events);
        });
    }

    /**
     * Minutes the ticket was in progress from {@code since} to {@code until}, pauses (on hold, pending) and waiting
     * excluded, from its recorded status changes (the time each counts: occurred_at for believed offline work).
     */
    static Integer minutesInProgress(List<StatusEvent> history, Instant since, Instant until) {
        TicketStatus state = null;
        Instant entered = null;
        long seconds = 0;
        for (StatusEvent e : history) {
            Instant at = e.changedAt().toInstant();
            if (state == TicketStatus.IN_PROGRESS) {
                seconds += overlap(entered, at, since);
            }
            state = TicketStatus.of(e.toStatus());
            entered = at;
        }
        if (state == TicketStatus.IN_PROGRESS) {
            seconds += overlap(entered, until, since);
        }
        return (int) ((seconds + 30) / 60);
    }

    private static long overlap(Instant from, Instant to, Instant since) {
        Instant start = from.isBefore(since) ? since : from;
        return to.isAfter(start) ? Duration.between(start, to).toSeconds() : 0;
    }

    /** Assignment events carry ids, zone, team and states — never customer data. */
    public static JsonObject event(String type, Assignment a, Ticket ticket, String actor, JsonObject data) {
        JsonObject summary = new JsonObject().put("ticket_id", a.ticketId()).put("ticket_number", ticket.ticketNumber())
                .put("team_id", a.teamId()).put("assigned_to", a.assignedTo()).put("status", a.status())
                .put("assignment_type", a.type()).put("priority", ticket.priority()).put("category", ticket.category())
                .put("assigned_at", a.assignedAt().toInstant().toString())
                .put("actual_completion", a.actualCompletion() == null ? null : a.actualCompletion().toInstant().toString())
                .put("time_spent", a.timeSpent()).put("quality_score", a.qualityScore()).put("reopen_count", a.reopenCount())
                .put("decision_id", a.decisionId()).put("version", a.version());
        return Envelope.of(type, TicketService.SOURCE, a.id(), a.zoneId(), a.zone(), a.teamId(), actor,
                data == null ? summary : summary.mergeIn(data));
    }
}
