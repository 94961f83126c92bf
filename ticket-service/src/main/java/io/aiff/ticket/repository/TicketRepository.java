package io.aiff.ticket.repository;

import io.aiff.ticket.Ticket;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.data.Point;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SQL of {@code tickets} and {@code ticket_status_events}. Every statement runs in a transaction whose scope
 * ({@link io.aiff.ticket.service.Scope}) row-level security reads; every value is a bound parameter.
 */
@ApplicationScoped
public class TicketRepository {

    static final String COLUMNS = "id, ticket_number, title, description, priority, category, subcategory, status, "
            + "assigned_team, assigned_to, assigned_by, zone, location, coordinates, created_at, updated_at, due_date, "
            + "completed_at, sla_deadline, sla_at_risk_at, sla_breach, responded_at, customer_name, customer_rating, tags, version";

    /** What a new ticket is made of (validated before). */
    public record NewTicket(String title, String description, String priority, String category, String subcategory,
                            String zone, String location, Point coordinates, OffsetDateTime dueDate, String customerName,
                            List<String> tags, JsonArray attachments, JsonObject customFields,
                            OffsetDateTime slaDeadline, OffsetDateTime slaAtRiskAt, JsonObject firstHistoryEntry) {
    }

    /** One row of {@code ticket_status_events}. */
    public record StatusEvent(String fromStatus, String toStatus, String priority, String reason, String changedBy,
                              OffsetDateTime changedAt) {
    }

    private static final String INSERT = "INSERT INTO tickets (ticket_number, title, description, priority, category, "
            + "subcategory, zone, location, coordinates, due_date, customer_name, tags, attachments, custom_fields, "
            + "sla_deadline, sla_at_risk_at, status_history) VALUES ("
            + "(SELECT 'TKT-' || to_char(now(), 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0') "
            + "FROM nextval('ticket_number_seq') n), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
            + "jsonb_build_array($16::jsonb)) RETURNING " + COLUMNS;

    public Uni<List<Ticket>> pageAfter(SqlClient db, int afterId, int limit) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(afterId, limit)).map(TicketRepository::tickets);
    }

    public Uni<Ticket> find(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : ticket(rows.iterator().next()));
    }

    /** The ticket locked for a change; null when it does not exist or the caller may not change it. */
    public Uni<Ticket> lockForChange(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : ticket(rows.iterator().next()));
    }

    public Uni<Ticket> insert(SqlClient db, NewTicket t) {
        Tuple values = Tuple.tuple(Arrays.asList(t.title(), t.description(), t.priority(), t.category(), t.subcategory(),
                t.zone(), t.location(), t.coordinates(), t.dueDate(), t.customerName(),
                t.tags() == null ? null : t.tags().toArray(String[]::new), t.attachments(), t.customFields(),
                t.slaDeadline(), t.slaAtRiskAt(), t.firstHistoryEntry()));
        return db.preparedQuery(INSERT).execute(values).map(rows -> ticket(rows.iterator().next()));
    }

    /** Applies a status change decided by the lifecycle, with the SLA times it leads to. */
    public Uni<Ticket> changeStatus(SqlClient db, int id, String status, Integer assignedTeam, String assignedTo,
                                    Integer assignedBy, OffsetDateTime slaDeadline, OffsetDateTime slaAtRiskAt,
                                    JsonObject historyEntry) {
        return db.preparedQuery("""
                        UPDATE tickets SET status = $2::varchar,
                            assigned_team = CASE WHEN $2::varchar = 'assigned' THEN $3 ELSE assigned_team END,
                            assigned_to = CASE WHEN $2::varchar = 'assigned' THEN $4 ELSE assigned_to END,
                            assigned_by = CASE WHEN $2::varchar = 'assigned' THEN $5 ELSE assigned_by END,
                            completed_at = CASE WHEN $2::varchar = 'resolved' THEN now() WHEN $2::varchar = 'in_progress' THEN NULL ELSE completed_at END,
                            responded_at = coalesce(responded_at, CASE WHEN $2::varchar <> 'open' THEN now() END),
                            sla_deadline = $6, sla_at_risk_at = $7,
                            status_history = status_history || jsonb_build_array($8::jsonb),
                            version = version + 1, updated_at = now()
                        WHERE id = $1 RETURNING """ + " " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, status, assignedTeam, assignedTo, assignedBy, slaDeadline, slaAtRiskAt, historyEntry)))
                .map(rows -> ticket(rows.iterator().next()));
    }

    public Uni<Void> recordEvent(SqlClient db, int ticketId, String from, String to, String priority, String reason, String by) {
        return db.preparedQuery("INSERT INTO ticket_status_events (ticket_id, from_status, to_status, priority, reason, changed_by) "
                        + "VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.tuple(Arrays.asList(ticketId, from, to, priority, reason, by))).replaceWithVoid();
    }

    public Uni<List<StatusEvent>> events(SqlClient db, int ticketId) {
        return db.preparedQuery("SELECT from_status, to_status, priority, reason, changed_by, changed_at "
                        + "FROM ticket_status_events WHERE ticket_id = $1 ORDER BY id")
                .execute(Tuple.of(ticketId)).map(rows -> {
                    List<StatusEvent> events = new ArrayList<>();
                    rows.forEach(r -> events.add(new StatusEvent(r.getString(0), r.getString(1), r.getString(2),
                            r.getString(3), r.getString(4), r.getOffsetDateTime(5))));
                    return events;
                });
    }

    static List<Ticket> tickets(Iterable<Row> rows) {
        List<Ticket> tickets = new ArrayList<>();
        rows.forEach(row -> tickets.add(ticket(row)));
        return tickets;
    }

    static Ticket ticket(Row row) {
        Point point = row.get(Point.class, "coordinates");
        String[] tags = row.getArrayOfStrings("tags");
        return new Ticket(row.getInteger("id"), row.getString("ticket_number"), row.getString("title"),
                row.getString("description"), row.getString("priority"), row.getString("category"),
                row.getString("subcategory"), row.getString("status"), row.getInteger("assigned_team"),
                row.getString("assigned_to"), row.getInteger("assigned_by"), row.getString("zone"),
                row.getString("location"), point == null ? null : point.y, point == null ? null : point.x,
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("due_date"),
                row.getOffsetDateTime("completed_at"), row.getOffsetDateTime("sla_deadline"),
                row.getOffsetDateTime("sla_at_risk_at"), row.getBoolean("sla_breach"), row.getOffsetDateTime("responded_at"),
                row.getString("customer_name"), row.getInteger("customer_rating"),
                tags == null ? List.of() : List.of(tags), row.getInteger("version"));
    }
}
