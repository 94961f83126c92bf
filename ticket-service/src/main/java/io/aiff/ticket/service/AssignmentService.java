package io.aiff.ticket.service;

import io.aiff.common.db.Outbox;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.SqlStates;
import io.aiff.common.web.Versions;
import io.aiff.ticket.Assignment;
import io.aiff.ticket.Team;
import io.aiff.ticket.repository.AssignmentRepository;
import io.aiff.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Assignments (ticket-service README, "Assignments"): made, declined and ended only through the ticket's lifecycle
 * ({@link TicketService#move}); read and annotated here under the caller's scope (row-level security on
 * {@code assignments}, as on tickets).
 */
@ApplicationScoped
public class AssignmentService {

    /** Most items of one bulk request. */
    public static final int BULK_MAX = 500;

    /** One item of a bulk assignment as asked. */
    public record BulkItem(int ticketId, int teamId, Integer assignedTo, Integer expectedVersion) {
    }

    /** One item's result: the assignment made (null in a dry run), or the problem that refused it. */
    public record BulkResult(int ticketId, boolean assigned, Integer assignmentId, Problem problem) {
    }

    private final Pool db;
    private final TicketService tickets;
    private final TicketRepository ticketRows;
    private final AssignmentRepository assignments;
    private final Directory directory;
    private final io.aiff.ticket.repository.DirectoryRepository directoryRows;

    public AssignmentService(Pool db, TicketService tickets, TicketRepository ticketRows, AssignmentRepository assignments,
                             Directory directory, io.aiff.ticket.repository.DirectoryRepository directoryRows) {
        this.directoryRows = directoryRows;
        this.db = db;
        this.tickets = tickets;
        this.ticketRows = ticketRows;
        this.assignments = assignments;
        this.directory = directory;
    }

    /**
     * A manual assignment: the ticket's move to assigned (from open, or a reassignment, whose ending assignment keeps
     * {@code reason}; else the override's reason).
     */
    public Uni<Assignment> assign(Scope scope, int ticketId, AssignmentFlow.Assign assign, Integer expectedVersion, String reason) {
        String why = reason != null ? reason : assign.overrideReason();
        return tickets.move(scope, ticketId, new TicketService.Move(TicketStatus.ASSIGNED, why, assign,
                false, expectedVersion, null, null), "team_id").map(TicketService.Moved::assignment);
    }

    public Uni<Assignment> get(Scope scope, int id) {
        return tickets.inScope(scope, tx -> visible(tx, id));
    }

    public Uni<List<Assignment>> page(Scope scope, AssignmentRepository.Filter filter, int afterId, int limit) {
        return tickets.inScope(scope, tx -> assignments.page(tx, filter, afterId, limit));
    }

    /**
     * Every assignment of a ticket the caller may read (404 when it may not read the ticket), oldest first; an archived
     * ticket's from the archive.
     */
    public Uni<List<Assignment>> ofTicket(Scope scope, int ticketId) {
        return tickets.inScope(scope, tx -> ticketRows.find(tx, ticketId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Ticket"))
                .chain(ticket -> ticket.archived() ? assignments.ofTicketsWithArchive(tx, List.of(ticketId))
                        : assignments.ofTickets(tx, List.of(ticketId))));
    }

    /**
     * A PATCH made against {@code version} (412 when stale; 404 when out of the caller's reach for changes:
     * technicians change their teams' assignments, supervisors their zones'; 409 archived when its ticket is). A
     * reported {@code time_spent} is kept over the one counted at completion.
     */
    public Uni<Assignment> update(Scope scope, int id, int version, Function<Assignment, AssignmentRepository.Changes> merge) {
        return tickets.inScope(scope, tx -> lockedForChange(tx, id)
                .chain(current -> {
                    if (current.version() != version) {
                        return Uni.createFrom().failure(Versions.stale());
                    }
                    return assignments.update(tx, id, version, merge.apply(current), scope.actor())
                            .onItem().ifNull().failWith(Versions::stale)
                            .call(updated -> ticketRows.find(tx, updated.ticketId()).chain(ticket -> Outbox.append(tx,
                                    AssignmentFlow.event("assignment.updated", updated, ticket, scope.actor(), null))));
                }));
    }

    /**
     * The team declines: the ticket goes back to open, the assignment ends as declined with the reason. Only the
     * current assignment while the ticket is assigned (work not started yet); otherwise 409 (archived when its ticket
     * is).
     */
    public Uni<Assignment> decline(Scope scope, int id, String reason) {
        return tickets.inScope(scope, tx -> assignments.findArchived(tx, id).chain(archived -> archived != null
                ? Uni.createFrom().failure(TicketService.archived("This assignment's ticket is archived", archived.status()))
                : visible(tx, id))).chain(a -> {
            if (!Assignment.ASSIGNED.equals(a.status())) {
                return Uni.createFrom().failure(new ProblemException(Problem.of(409, "not-declinable", "Conflict",
                                "Only an assignment whose work has not started can be declined; this one is " + a.status() + ".")
                        .with("current", a.status()).with("allowed", List.of())));
            }
            return tickets.move(scope, a.ticketId(), new TicketService.Move(TicketStatus.OPEN, reason, null, true, null, null, null,
                            a.id()), "team_id")
                    .chain(moved -> get(scope, id));
        });
    }

    /**
     * Up to {@link #BULK_MAX} manual assignments in one transaction, each item behind its own savepoint, processed in
     * ticket id order (two bulks lock tickets in the same order) and answered in request order. Not atomic: each item
     * stands alone; atomic: all or nothing; a dry run answers the same and changes nothing.
     */
    public Uni<List<BulkResult>> bulk(Scope scope, List<BulkItem> items, boolean atomic, boolean dryRun) {
        Map<Integer, Uni<Team>> teams = new HashMap<>();
        Map<Integer, Object> resolved = new HashMap<>();
        items.forEach(item -> teams.computeIfAbsent(item.teamId(), team -> directory.team(team, "team_id")));
        Uni<Void> lookups = Multi.createFrom().iterable(teams.entrySet()).onItem()
                .transformToUniAndConcatenate(e -> e.getValue()
                        .invoke(team -> resolved.put(e.getKey(), team))
                        .onFailure(ProblemException.class).recoverWithItem(failure -> {
                            resolved.put(e.getKey(), failure);
                            return null;
                        }))
                .collect().last().replaceWithVoid();
        List<Integer> order = IntStream.range(0, items.size()).boxed()
                .sorted(Comparator.comparingInt(i -> items.get(i).ticketId())).toList();
        BulkResult[] results = new BulkResult[items.size()];
        List<Integer> teamIds = items.stream().map(BulkItem::teamId).distinct().sorted().toList();
        return lookups.chain(() -> db.withConnection(conn -> conn.begin().chain(tx -> scope.apply(conn)
                // Every team of the bulk locked first, in id order: the order every path takes team rows in.
                .chain(() -> directoryRows.lockLoads(conn, teamIds))
                .chain(() -> Multi.createFrom().iterable(order).onItem()
                        .transformToUniAndConcatenate(i -> item(conn, scope, items.get(i), resolved.get(items.get(i).teamId()))
                                .invoke(result -> results[i] = result))
                        .collect().last())
                .chain(() -> {
                    boolean failed = List.of(results).stream().anyMatch(r -> !r.assigned());
                    boolean keep = !dryRun && !(atomic && failed);
                    return keep ? tx.commit() : tx.rollback();
                })
                .onFailure().call(() -> tx.rollback()))))
                .map(done -> answer(List.of(results), atomic, dryRun));
    }

    private Uni<BulkResult> item(SqlConnection conn, Scope scope, BulkItem item, Object team) {
        if (team instanceof ProblemException unknown) {
            return Uni.createFrom().item(new BulkResult(item.ticketId(), false, null, unknown.problem()));
        }
        var move = new TicketService.Move(TicketStatus.ASSIGNED, null,
                new AssignmentFlow.Assign(item.teamId(), item.assignedTo(), "bulk", null, null, null, null, null),
                false, item.expectedVersion(), null, null);
        return conn.query("SAVEPOINT bulk_item").execute()
                .chain(() -> tickets.moveIn(conn, scope, item.ticketId(), move, (Team) team, "team_id"))
                .chain(moved -> conn.query("RELEASE SAVEPOINT bulk_item").execute()
                        .replaceWith(new BulkResult(item.ticketId(), true, moved.assignment().id(), null)))
                .onFailure(failure -> problemOf(failure) != null).recoverWithUni(failure -> conn.query("ROLLBACK TO SAVEPOINT bulk_item")
                        .execute().replaceWith(new BulkResult(item.ticketId(), false, null, problemOf(failure))));
    }

    /** The problem of an item's refusal (the item's own, or a database refusal with a meaning); null: the bulk fails. */
    private static Problem problemOf(Throwable failure) {
        if (failure instanceof ProblemException refused) {
            return refused.problem();
        }
        return failure instanceof PgException pg ? SqlStates.problem(pg.getSqlState()) : null;
    }

    /** Results in request order; in a dry run no id is kept, and in an atomic bulk that failed nothing was applied. */
    private static List<BulkResult> answer(List<BulkResult> results, boolean atomic, boolean dryRun) {
        boolean failed = results.stream().anyMatch(r -> !r.assigned());
        List<BulkResult> answered = new ArrayList<>();
        for (BulkResult r : results) {
            if (r.assigned() && atomic && failed) {
                answered.add(new BulkResult(r.ticketId(), false, null, Problem.of(409, "bulk-not-applied", "Conflict",
                        "Not applied: the bulk is atomic and another item failed.")));
            } else {
                answered.add(r.assigned() && dryRun ? new BulkResult(r.ticketId(), true, null, null) : r);
            }
        }
        return answered;
    }

    /**
     * The live assignment locked for a change; 404 when it does not exist in the caller's reach, 409 {@code archived}
     * when retention moved it with its ticket (read-only, as the ticket: docs/api.md "Data lifecycle").
     */
    private Uni<Assignment> lockedForChange(SqlConnection tx, int id) {
        return assignments.lockForChange(tx, id).onItem().ifNull().switchTo(() -> assignments.findArchived(tx, id).map(archived -> {
            if (archived == null) {
                throw ProblemException.notFound("Assignment");
            }
            throw TicketService.archived("This assignment's ticket is archived", archived.status());
        }));
    }

    private Uni<Assignment> visible(SqlConnection tx, int id) {
        return assignments.find(tx, id).onItem().ifNull().failWith(() -> ProblemException.notFound("Assignment"));
    }
}
