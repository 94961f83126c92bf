package io.aiff.ticket.service;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.repository.SyncRepository.Change;
import io.aiff.ticket.repository.SyncRepository.Position;
import io.aiff.ticket.repository.SyncRepository;
import io.aiff.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
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
 * when it was deleted or left the caller's scope. A cursor of another scope, or older than the log keeps, is 410.
 */
@ApplicationScoped
public class SyncService {

    public static final String DELETED = "deleted";
    public static final String OUT_OF_SCOPE = "out_of_scope";
    public static final String ARCHIVED = "archived";

    /** A ticket as it now is, or (ticket null) a tombstone with its reason. */
    public record Item(int id, Ticket ticket, String reason) {
    }

    public record SyncPage(List<Item> items, String nextCursor, boolean hasMore) {
    }

    private final TicketService tickets;
    private final TicketRepository ticketRows;
    private final SyncRepository log;
    private final SyncSessions sessions;
    private final Clock clock;

    public SyncService(TicketService tickets, TicketRepository ticketRows, SyncRepository log, SyncSessions sessions, Clock clock) {
        this.tickets = tickets;
        this.ticketRows = ticketRows;
        this.log = log;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** One page for the caller; the session's sync time is recorded (offline work reported later is judged by it). */
    public Uni<SyncPage> page(Scope scope, String sid, String cursorText, int limit) {
        String scopeOf = SyncCursor.scopeOf(scope);
        SyncCursor cursor = cursorText == null ? null : SyncCursor.decode(cursorText);
        if (cursor != null && !cursor.scope().equals(scopeOf)) {
            return Uni.createFrom().failure(gone("scope_changed", "What you may read changed since this cursor was issued "
                    + "(a team or zone, or scope:all): sync again without a cursor and replace what you hold."));
        }
        return tickets.inScope(scope, tx -> log.pruned(tx).chain(pruned -> {
                    if (cursor != null && pruned != null && cursor.from().compareTo(pruned) < 0) {
                        throw gone("expired", "This cursor is older than the change log keeps: sync again without a cursor.");
                    }
                    if (cursor == null) {
                        return log.horizon(tx).chain(horizon -> snapshot(tx, SyncCursor.snapshot(horizon, scopeOf), limit));
                    }
                    return cursor.snapshot() ? snapshot(tx, cursor, limit) : changes(tx, cursor, limit);
                }))
                .call(page -> sessions.served(sid, clock.instant()));
    }

    private Uni<SyncPage> snapshot(SqlConnection tx, SyncCursor cursor, int limit) {
        return ticketRows.pageAfter(tx, cursor.afterId(), limit + 1).chain(rows -> {
            List<Ticket> page = rows.subList(0, Math.min(limit, rows.size()));
            List<Item> items = page.stream().map(t -> new Item(t.id(), t, null)).toList();
            if (rows.size() > limit) {
                return Uni.createFrom().item(new SyncPage(items, cursor.next(page.get(page.size() - 1).id()).encode(), true));
            }
            // The snapshot is complete: what changed since it began follows.
            SyncCursor changes = cursor.changesFrom(cursor.from());
            return log.horizon(tx).chain(horizon -> log.after(tx, cursor.from(), horizon, 1))
                    .map(pending -> new SyncPage(items, changes.encode(), !pending.isEmpty()));
        });
    }

    private Uni<SyncPage> changes(SqlConnection tx, SyncCursor cursor, int limit) {
        return log.horizon(tx).chain(horizon -> log.after(tx, cursor.from(), horizon, limit + 1).chain(rows -> {
            boolean more = rows.size() > limit;
            List<Change> page = rows.subList(0, Math.min(limit, rows.size()));
            List<Integer> ids = page.stream().map(Change::ticketId).distinct().toList();
            Uni<List<Ticket>> current = ids.isEmpty() ? Uni.createFrom().item(List.of()) : ticketRows.findAll(tx, ids);
            return current.map(found -> {
                Map<Integer, Ticket> now = found.stream().collect(Collectors.toMap(Ticket::id, Function.identity()));
                // Each ticket once, where its last change of the page is, as it now is.
                Map<Integer, Item> items = new LinkedHashMap<>();
                for (Change change : page) {
                    items.remove(change.ticketId());
                    items.put(change.ticketId(), item(change, now.get(change.ticketId())));
                }
                Position next = more ? page.get(page.size() - 1).position()
                        : max(cursor.from(), new Position(horizon, -1));
                return new SyncPage(new ArrayList<>(items.values()), cursor.changesFrom(next).encode(), more);
            });
        }));
    }

    private static Item item(Change change, Ticket now) {
        return switch (change.kind()) {
            case "delete" -> new Item(change.ticketId(), null, DELETED);
            case "archive" -> new Item(change.ticketId(), null, ARCHIVED);
            default -> now != null ? new Item(change.ticketId(), now, null) : new Item(change.ticketId(), null, OUT_OF_SCOPE);
        };
    }

    private static Position max(Position a, Position b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static ProblemException gone(String reason, String detail) {
        return new ProblemException(Problem.of(410, "resync-required", "Gone", detail).with("reason", reason));
    }
}
