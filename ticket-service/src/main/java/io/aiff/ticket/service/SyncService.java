package io.aiff.ticket.service;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.ticket.Assignment;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.repository.AssignmentRepository;
import io.aiff.ticket.repository.SyncRepository.Change;
import io.aiff.ticket.repository.SyncRepository.Position;
import io.aiff.ticket.repository.SyncRepository;
import io.aiff.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Offline sync ({@code GET /api/sync}, docs/api.md "Offline sync"): everything that changed for one caller since its
 * cursor, by the read rule — what GET would answer, contacts masked. Without a cursor, a snapshot of the caller's
 * scope, page by page, then the changes made since the snapshot began; with one, the changes after it in log order
 * (R__sync.sql: a change committed late is never skipped), each ticket once per page as it now is, or as a tombstone
 * when it was deleted or left the caller's scope; with assignments:read, the tickets' assignments likewise (a snapshot
 * page gives each ticket with its assignments). A cursor of another scope, or older than the log keeps, is 410.
 */
@ApplicationScoped
public class SyncService {

    public static final String DELETED = "deleted";
    public static final String OUT_OF_SCOPE = "out_of_scope";
    public static final String ARCHIVED = "archived";

    /**
     * A ticket or (assignment items) an assignment as it now is, or, when both are null, a tombstone of the one
     * {@code assignmentItem} names, with its reason.
     */
    public record Item(int id, boolean assignmentItem, Ticket ticket, Assignment assignment, String reason) {

        static Item ticket(int id, Ticket now, String reason) {
            return new Item(id, false, now, null, reason);
        }

        static Item assignment(int id, Assignment now, String reason) {
            return new Item(id, true, null, now, reason);
        }
    }

    public record SyncPage(List<Item> items, String nextCursor, boolean hasMore) {
    }

    private final Pool db;
    private final TicketRepository ticketRows;
    private final AssignmentRepository assignmentRows;
    private final SyncRepository log;
    private final SyncSessions sessions;
    private final Clock clock;

    public SyncService(Pool db, TicketRepository ticketRows, AssignmentRepository assignmentRows, SyncRepository log,
                       SyncSessions sessions, Clock clock) {
        this.db = db;
        this.ticketRows = ticketRows;
        this.assignmentRows = assignmentRows;
        this.log = log;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** One page for the caller; the session's sync time is recorded (offline work reported later is judged by it). */
    public Uni<SyncPage> page(Scope scope, String sid, String cursorText, int limit) {
        String scopeOf = SyncCursor.scopeOf(scope);
        boolean byZone = scope.reads() != Caller.Reach.ALL;
        boolean assignments = scope.may(AssignmentFlow.READ);
        SyncCursor cursor = cursorText == null ? null : SyncCursor.decode(cursorText);
        if (cursor != null && !cursor.scope().equals(scopeOf)) {
            return Uni.createFrom().failure(gone("scope_changed", "What you may read changed since this cursor was issued "
                    + "(a team or zone, or scope:all): sync again without a cursor and replace what you hold."));
        }
        // The scope and where the log stands, in one round trip.
        return db.withTransaction(tx -> scope.applyAnd(tx, SyncRepository.STATE).map(row -> SyncRepository.state(row, Scope.SETTINGS)).chain(state -> {
                    if (cursor != null && state.pruned() != null && cursor.from().compareTo(state.pruned()) < 0) {
                        throw gone("expired", "This cursor is older than the change log keeps: sync again without a cursor.");
                    }
                    if (cursor == null) {
                        return snapshot(tx, state.horizon(), byZone, assignments, SyncCursor.snapshot(state.horizon(), scopeOf), limit);
                    }
                    return cursor.snapshot() ? snapshot(tx, state.horizon(), byZone, assignments, cursor, limit)
                            : changes(tx, state.horizon(), assignments, cursor, limit);
                }))
                .call(page -> sessions.served(sid, clock.instant()));
    }

    private Uni<SyncPage> snapshot(SqlConnection tx, long horizon, boolean byZone, boolean assignments, SyncCursor cursor, int limit) {
        return ticketRows.pageAfter(tx, byZone, cursor.afterId(), limit + 1).chain(rows -> {
            List<Ticket> page = rows.subList(0, Math.min(limit, rows.size()));
            return (assignments && !page.isEmpty() ? assignmentRows.ofTickets(tx, page.stream().map(Ticket::id).toList())
                    : Uni.createFrom().item(List.<Assignment>of())).chain(work -> snapshotPage(tx, horizon, cursor, limit, rows, page, work));
        });
    }

    /** A snapshot page: each ticket, followed by its assignments. */
    private Uni<SyncPage> snapshotPage(SqlConnection tx, long horizon, SyncCursor cursor, int limit, List<Ticket> rows, List<Ticket> page,
                                       List<Assignment> work) {
        Map<Integer, List<Assignment>> byTicket = work.stream().collect(Collectors.groupingBy(Assignment::ticketId));
        List<Item> items = new ArrayList<>();
        for (Ticket t : page) {
            items.add(Item.ticket(t.id(), t, null));
            byTicket.getOrDefault(t.id(), List.of()).forEach(a -> items.add(Item.assignment(a.id(), a, null)));
        }
        if (rows.size() > limit) {
            return Uni.createFrom().item(new SyncPage(items, cursor.next(page.get(page.size() - 1).id()).encode(), true));
        }
        // The snapshot is complete: what changed since it began follows.
        SyncCursor changes = cursor.changesFrom(cursor.from());
        return log.after(tx, cursor.from(), horizon, 1)
                .map(pending -> new SyncPage(items, changes.encode(), !pending.isEmpty()));
    }

    private Uni<SyncPage> changes(SqlConnection tx, long horizon, boolean assignments, SyncCursor cursor, int limit) {
        return log.after(tx, cursor.from(), horizon, limit + 1).chain(rows -> {
            boolean more = rows.size() > limit;
            List<Change> page = rows.subList(0, Math.min(limit, rows.size())).stream()
                    .filter(c -> assignments || !c.ofAssignment()).toList();
            List<Integer> ids = page.stream().filter(c -> !c.ofAssignment()).map(Change::ticketId).distinct().toList();
            List<Integer> workIds = page.stream().filter(Change::ofAssignment).map(Change::entityId).distinct().toList();
            Uni<List<Ticket>> current = ids.isEmpty() ? Uni.createFrom().item(List.of()) : ticketRows.findAll(tx, ids);
            Uni<List<Assignment>> currentWork = workIds.isEmpty() ? Uni.createFrom().item(List.of()) : assignmentRows.findAll(tx, workIds);
            return current.chain(found -> currentWork.map(foundWork -> {
                Map<Integer, Ticket> now = found.stream().collect(Collectors.toMap(Ticket::id, Function.identity()));
                Map<Integer, Assignment> workNow = foundWork.stream().collect(Collectors.toMap(Assignment::id, Function.identity()));
                // Each ticket and assignment once, where its last change of the page is, as it now is.
                Map<String, Item> items = new LinkedHashMap<>();
                for (Change change : page) {
                    String key = change.ofAssignment() ? "a" + change.entityId() : "t" + change.ticketId();
                    items.remove(key);
                    items.put(key, change.ofAssignment() ? item(change, workNow.get(change.entityId())) : item(change, now.get(change.ticketId())));
                }
                Position next = more ? page.get(page.size() - 1).position()
                        : max(cursor.from(), new Position(horizon, -1));
                return new SyncPage(new ArrayList<>(items.values()), cursor.changesFrom(next).encode(), more);
            }));
        });
    }

    private static Item item(Change change, Ticket now) {
        return switch (change.kind()) {
            case "delete" -> Item.ticket(change.ticketId(), null, DELETED);
            case "archive" -> Item.ticket(change.ticketId(), null, ARCHIVED);
            default -> Item.ticket(change.ticketId(), now, now != null ? null : OUT_OF_SCOPE);
        };
    }

    private static Item item(Change change, Assignment now) {
        return switch (change.kind()) {
            case "delete" -> Item.assignment(change.entityId(), null, DELETED);
            case "archive" -> Item.assignment(change.entityId(), null, ARCHIVED);
            default -> Item.assignment(change.entityId(), now, now != null ? null : OUT_OF_SCOPE);
        };
    }

    private static Position max(Position a, Position b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static ProblemException gone(String reason, String detail) {
        return new ProblemException(Problem.of(410, "resync-required", "Gone", detail).with("reason", reason));
    }
}
