package io.aiff.ticket.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What analytics-service reads whole (its rebuild and its reconcile): status histories in bulk, and daily counts —
 * of live and archived tickets alike (analytics keeps two years, tickets archive after one).
 */
@ApplicationScoped
public class ExportRepository {

    /**
     * Per zone and day of the time zone ($3), from $1 to $2 (exclusive): tickets created, tickets now resolved or
     * closed whose last resolution fell on that day, tickets now closed whose closing did — analytics-service's
     * definitions of the same counts. A priority change is recorded with the status unchanged: not a move.
     */
    private static final String COUNTS = "SELECT zone_id, day, sum(created)::int, sum(resolved)::int, sum(closed)::int FROM ("
            + "SELECT zone_id, (created_at AT TIME ZONE $3)::date AS day, 1 AS created, 0 AS resolved, 0 AS closed FROM archive.all_tickets "
            + "WHERE created_at >= $1 AND created_at < $2 "
            + "UNION ALL SELECT t.zone_id, (e.at AT TIME ZONE $3)::date, 0, 1, 0 FROM archive.all_tickets t CROSS JOIN LATERAL ("
            + "SELECT max(changed_at) AS at FROM archive.all_ticket_status_events WHERE ticket_id = t.id AND to_status = 'resolved' "
            + "AND from_status IS DISTINCT FROM to_status) e "
            + "WHERE t.status IN ('resolved', 'closed') AND e.at >= $1 AND e.at < $2 "
            + "UNION ALL SELECT t.zone_id, (e.at AT TIME ZONE $3)::date, 0, 0, 1 FROM archive.all_tickets t CROSS JOIN LATERAL ("
            + "SELECT max(changed_at) AS at FROM archive.all_ticket_status_events WHERE ticket_id = t.id AND to_status = 'closed' "
            + "AND from_status IS DISTINCT FROM to_status) e "
            + "WHERE t.status = 'closed' AND e.at >= $1 AND e.at < $2) x WHERE zone_id IS NOT NULL GROUP BY 1, 2 ORDER BY 2, 1";

    /** One zone's counts on one day. */
    public record DayCounts(int zoneId, LocalDate day, int created, int resolved, int closed) {
    }

    /** The status events of these tickets, each ticket's in the order recorded. */
    public Uni<Map<Integer, List<TicketRepository.StatusEvent>>> events(SqlClient db, List<Integer> ticketIds) {
        return db.preparedQuery("SELECT ticket_id, " + TicketRepository.EVENT_COLUMNS
                        + " FROM archive.all_ticket_status_events WHERE ticket_id = ANY($1) ORDER BY ticket_id, id")
                .execute(Tuple.of(ticketIds.toArray(Integer[]::new))).map(rows -> {
                    Map<Integer, List<TicketRepository.StatusEvent>> byTicket = new HashMap<>();
                    for (Row r : rows) {
                        byTicket.computeIfAbsent(r.getInteger(0), id -> new ArrayList<>()).add(TicketRepository.statusEvent(r, 1));
                    }
                    return byTicket;
                });
    }

    public Uni<List<DayCounts>> counts(SqlClient db, OffsetDateTime from, OffsetDateTime to, String timeZone) {
        return db.preparedQuery(COUNTS).execute(Tuple.of(from, to, timeZone)).map(rows -> {
            List<DayCounts> counts = new ArrayList<>();
            for (Row r : rows) {
                counts.add(new DayCounts(r.getInteger(0), r.getLocalDate(1), r.getInteger(2), r.getInteger(3), r.getInteger(4)));
            }
            return counts;
        });
    }
}
