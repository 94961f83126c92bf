package io.aiff.ticket.repository;

import io.aiff.ticket.Ticket;
import io.aiff.ticket.config.TicketConfig;
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
 * (the service's {@code Scope}) row-level security reads; every value, keys included, is a bound parameter.
 */
@ApplicationScoped
public class TicketRepository {

    private final int searchCandidates;

    public TicketRepository(TicketConfig config) {
        this.searchCandidates = config.searchCandidates();
    }

    static final String COLUMNS = "id, ticket_number, title, description, priority, category, subcategory, status, "
            + "assigned_team, assigned_to, assigned_by, zone_id, zone, location, coordinates, created_at, updated_at, due_date, "
            + "completed_at, sla_deadline, sla_at_risk_at, sla_breach, responded_at, customer_name, customer_contact_masked, "
            + "customer_rating, tags, "
            + "attachments, custom_fields, version, legal_hold";

    /** Live and archived tickets together (R__retention.sql), with {@code archived_at} (null for a live one). */
    static final String ALL_TICKETS = "archive.all_tickets";

    /** What a new ticket is made of (validated and resolved before: its zone exists, its SLA is computed). */
    public record NewTicket(String title, String description, String priority, String category, String subcategory,
                            int zoneId, String zone, String location, Point coordinates, OffsetDateTime dueDate,
                            String customerName, List<String> tags, JsonArray attachments, JsonObject customFields,
                            OffsetDateTime slaDeadline, OffsetDateTime slaAtRiskAt, JsonObject firstHistoryEntry,
                            StoredContact contact) {
    }

    /** A customer contact as stored: the plaintext goes only into pgp_sym_encrypt, with the key bound beside it. */
    public record StoredContact(String plaintext, String key, String keyId, String blindIndex, String masked) {
        static final StoredContact NONE = new StoredContact(null, "", null, null, null);
    }

    /**
     * The contact keys, for binding only: the current key and its fingerprint, and the key that opens contacts not
     * under the current one (the previous key during a rotation, else the current one) with its fingerprint.
     */
    public record ContactKeys(String current, String currentId, String older, String olderId, boolean rotating) {
    }

    /**
     * One status change. {@code changedAt} is the time the SLA clock counts (the device's {@code occurredAt} when it is
     * believed, else {@code receivedAt}); {@code occurredAt} is null unless the change was made offline.
     */
    public record StatusEvent(String fromStatus, String toStatus, String priority, String reason, String changedBy,
                              OffsetDateTime changedAt, OffsetDateTime occurredAt, OffsetDateTime receivedAt, String kind) {

        /** A legal hold put on or released (recorded in the history with the status unchanged). */
        public boolean hold() {
            return !"status".equals(kind);
        }
    }

    private static final String INSERT = "INSERT INTO tickets (ticket_number, title, description, priority, category, "
            + "subcategory, zone, location, coordinates, due_date, customer_name, tags, attachments, custom_fields, "
            + "sla_deadline, sla_at_risk_at, status_history, customer_contact, customer_contact_key, customer_contact_index, "
            + "customer_contact_masked, zone_id) VALUES ("
            + "(SELECT 'TKT-' || to_char(now(), 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0') "
            + "FROM nextval('ticket_number_seq') n), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
            + "jsonb_build_array($16::jsonb), CASE WHEN $17::text IS NULL THEN NULL ELSE pgp_sym_encrypt($17, $18) END, $19, $20, $21, $22) "
            + "RETURNING " + COLUMNS;

    /**
     * Filters of {@code GET /api/tickets}; null means "any". Zones by name go through the directory to their ids.
     * {@code sla}: at_risk or breached. {@code contactIndex}: the blind index of a contact, matched only among the
     * tickets whose contact the caller may see.
     */
    public record Filter(List<String> statuses, List<String> priorities, List<String> zoneNames, List<Integer> zoneIds,
                         List<Integer> teams, List<String> categories, List<String> tags, boolean allTags,
                         OffsetDateTime createdAfter, OffsetDateTime createdBefore, OffsetDateTime dueBefore, String sla,
                         OffsetDateTime updatedSince, String contactIndex, boolean archived) {
    }

    /** A page of live tickets, or ({@code archived}) of live and archived ones. */
    private static final String PAGE = page("tickets");
    private static final String PAGE_WITH_ARCHIVE = page(ALL_TICKETS);

    private static String page(String source) {
        return "SELECT " + COLUMNS + (source.equals(ALL_TICKETS) ? ", archived_at" : "") + " FROM " + source + " WHERE id > $1"
                    + " AND ($2::varchar[] IS NULL OR status = ANY($2))"
                    + " AND ($3::varchar[] IS NULL OR priority = ANY($3))"
                    + " AND ($4::varchar[] IS NULL OR zone_id = ANY (ARRAY(SELECT z.id FROM zones z WHERE z.name = ANY($4))))"
                    + " AND ($16::int[] IS NULL OR zone_id = ANY($16))"
                    + " AND ($5::int[] IS NULL OR assigned_team = ANY($5))"
                    + " AND ($6::varchar[] IS NULL OR category = ANY($6))"
                    + " AND ($7::text[] IS NULL OR (CASE WHEN $8::boolean THEN tags @> $7 ELSE tags && $7 END))"
                    + " AND ($9::timestamptz IS NULL OR created_at >= $9)"
                    + " AND ($10::timestamptz IS NULL OR created_at < $10)"
                    + " AND ($11::timestamptz IS NULL OR due_date < $11)"
                    + " AND ($12::varchar IS NULL"
                    + "      OR ($12 = 'breached' AND sla_breach)"
                    + "      OR ($12 = 'at_risk' AND NOT sla_breach AND sla_at_risk_at <= now()"
                    + "          AND status IN ('open', 'assigned', 'in_progress')))"
                    + " AND ($13::timestamptz IS NULL OR updated_at >= $13)"
                    + " AND ($15::varchar IS NULL OR (customer_contact_index = $15 AND aiff_sees_contact(zone_id, zone, assigned_team)))"
                    + " ORDER BY id LIMIT $14";
    }

    /** Planned for its actual parameters ({@link Plans#perRequest}): its filters are written "{@code $n IS NULL OR ...}". */
    public Uni<List<Ticket>> page(SqlClient db, Filter f, int afterId, int limit) {
        return Plans.perRequest(db)
                .chain(() -> db.preparedQuery(f.archived() ? PAGE_WITH_ARCHIVE : PAGE).execute(Tuple.tuple(Arrays.asList(afterId, array(f.statuses()), array(f.priorities()),
                        array(f.zoneNames()), ints(f.teams()), array(f.categories()),
                        array(f.tags()), f.allTags(), f.createdAfter(), f.createdBefore(), f.dueBefore(), f.sla(),
                        f.updatedSince(), limit, f.contactIndex(), ints(f.zoneIds())))))
                .map(TicketRepository::tickets);
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static Integer[] ints(List<Integer> values) {
        return values == null ? null : values.toArray(Integer[]::new);
    }

    /**
     * Search through {@code search.search_tickets} (owner's index, scope applied explicitly; the best of the newest
     * {@code aiff.tickets.search-candidates} matches), then read the hits through the policies as well: a ticket the
     * caller may not read can never come back.
     */
    public Uni<List<Ticket>> search(SqlClient db, String q, int limit) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM search.search_tickets($1, $2, $3) r JOIN tickets t ON t.id = r.ticket_id "
                        + "ORDER BY r.score DESC, t.id DESC")
                .execute(Tuple.of(q, limit, searchCandidates)).map(TicketRepository::tickets);
    }

    /**
     * The decrypted contact of a visible ticket, live or archived, when the caller may see it (aiff_sees_contact,
     * R__scope.sql), with the key it was encrypted with (the previous one while a rotation is under way); else null.
     */
    public Uni<String> contact(SqlClient db, Ticket ticket, ContactKeys keys) {
        int id = ticket.id();
        return db.preparedQuery("SELECT pgp_sym_decrypt(customer_contact, CASE WHEN customer_contact_key = $3 "
                        + "OR (customer_contact_key IS NULL AND $5) THEN $4 ELSE $2 END) "
                        + "FROM " + (ticket.archived() ? "archive.tickets" : "tickets") + " WHERE id = $1 AND customer_contact IS NOT NULL AND aiff_sees_contact(zone_id, zone, assigned_team)")
                .execute(Tuple.of(id, keys.current(), keys.olderId(), keys.older(), keys.rotating()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /**
     * Re-encrypts under the current key up to {@code batch} contacts of live and as many of archived tickets after id
     * {@code afterId} not under it yet (under the previous key, or written before V9 with it), and returns the highest id
     * done (0 when none); rows another transaction holds are left for a later pass.
     */
    public Uni<Integer> reencryptContacts(SqlClient db, ContactKeys keys, int afterId, int batch) {
        return db.preparedQuery("WITH live AS (" + reencrypt("tickets") + "), archived AS (" + reencrypt("archive.tickets")
                        + ") SELECT id FROM live UNION ALL SELECT id FROM archived")
                .execute(Tuple.of(afterId, keys.current(), keys.currentId(), keys.older(), batch))
                .map(rows -> {
                    int last = 0;
                    for (Row row : rows) {
                        last = Math.max(last, row.getInteger(0));
                    }
                    return last;
                });
    }

    /** One table's batch of re-encryption (live tickets, or archived ones: a retired key must open neither). */
    private static String reencrypt(String table) {
        return "UPDATE " + table + " SET customer_contact_key = $3, "
                + "customer_contact = pgp_sym_encrypt(pgp_sym_decrypt(customer_contact, $4), $2) "
                + "WHERE id IN (SELECT id FROM " + table + " WHERE id > $1 AND customer_contact IS NOT NULL "
                + "AND customer_contact_key IS DISTINCT FROM $3 ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED) RETURNING id";
    }

    /** Whether any contact, live or archived, is not under the current key (locked rows included). */
    public Uni<Boolean> contactsUnderOtherKeys(SqlClient db, ContactKeys keys) {
        return db.preparedQuery("SELECT EXISTS (SELECT FROM tickets WHERE customer_contact IS NOT NULL "
                        + "AND customer_contact_key IS DISTINCT FROM $1) OR EXISTS (SELECT FROM archive.tickets "
                        + "WHERE customer_contact IS NOT NULL AND customer_contact_key IS DISTINCT FROM $1)")
                .execute(Tuple.of(keys.currentId())).map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<Ticket> find(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id = $1").execute(Tuple.of(id))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(ticket(rows.iterator().next())) : findArchived(db, id));
    }

    /** The archived ticket; null when there is none in the caller's scope. */
    public Uni<Ticket> findArchived(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + ", archived_at FROM archive.tickets WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : ticket(rows.iterator().next()));
    }

    /** Live and archived tickets after {@code afterId} in id order (what analytics-service rebuilds from). */
    public Uni<List<Ticket>> pageWithArchiveAfter(SqlClient db, int afterId, int limit) {
        return db.preparedQuery("SELECT " + COLUMNS + ", archived_at FROM " + ALL_TICKETS + " WHERE id > $1 ORDER BY id LIMIT $2")
                .execute(Tuple.of(afterId, limit)).map(TicketRepository::tickets);
    }

    /**
     * The tickets the caller may read after {@code afterId}, in id order (a sync snapshot's page). A caller reading by
     * zone reads each of its zones through {@code (zone_id, id)} from {@code afterId} on, at most a page per zone, so
     * a page costs what it returns — not a walk through every ticket in id order (a zone holds 0.5% of them at 1M).
     * The sync's transaction runs with bitmap scans off ({@code SyncRepository.STATE}): the planner, misjudging how many
     * rows the policy lets through, would read the whole zone and sort it (15–40 ms a page instead of 2).
     */
    public Uni<List<Ticket>> pageAfter(SqlClient db, boolean byZone, int afterId, int limit) {
        if (!byZone) {
            return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id > $1 ORDER BY id LIMIT $2")
                    .execute(Tuple.of(afterId, limit)).map(TicketRepository::tickets);
        }
        return db.preparedQuery("SELECT " + COLUMNS + " FROM ("
                        + "SELECT t.* FROM unnest((SELECT aiff_zone_ids())) z (id) CROSS JOIN LATERAL ("
                        + "SELECT * FROM tickets WHERE zone_id = z.id AND id > $1 ORDER BY id LIMIT $2) t "
                        + "UNION ALL (SELECT * FROM tickets WHERE zone_id IS NULL AND zone = ANY ((SELECT aiff_zone_names())::text[]) "
                        + "AND id > $1 ORDER BY id LIMIT $2)) page ORDER BY id LIMIT $2")
                .execute(Tuple.of(afterId, limit)).map(TicketRepository::tickets);
    }

    /** The tickets of these ids the caller may read. */
    public Uni<List<Ticket>> findAll(SqlClient db, List<Integer> ids) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Integer[]::new))).map(TicketRepository::tickets);
    }

    /** The ticket locked for a change; null when it does not exist or the caller may not change it. */
    public Uni<Ticket> lockForChange(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM tickets WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : ticket(rows.iterator().next()));
    }

    public Uni<Ticket> insert(SqlClient db, NewTicket t) {
        StoredContact contact = t.contact() == null ? StoredContact.NONE : t.contact();
        Tuple values = Tuple.tuple(Arrays.asList(t.title(), t.description(), t.priority(), t.category(), t.subcategory(),
                t.zone(), t.location(), t.coordinates(), t.dueDate(), t.customerName(),
                t.tags() == null ? null : t.tags().toArray(String[]::new), t.attachments(), t.customFields(),
                t.slaDeadline(), t.slaAtRiskAt(), t.firstHistoryEntry(),
                contact.plaintext(), contact.key(), contact.keyId(), contact.blindIndex(), contact.masked(), t.zoneId()));
        return db.preparedQuery(INSERT).execute(values).map(rows -> ticket(rows.iterator().next()));
    }

    /**
     * Applies a status change decided by the lifecycle at {@code at} (the time the SLA clock counts), with the SLA
     * times it leads to; {@code slaBreach} non-null when the change decides the breach afresh. A move to assigned
     * names the team, back to open clears it.
     */
    public Uni<Ticket> changeStatus(SqlClient db, int id, String status, Integer assignedTeam, String assignedTo,
                                    Integer assignedBy, OffsetDateTime slaDeadline, OffsetDateTime slaAtRiskAt,
                                    JsonObject historyEntry, OffsetDateTime at, Boolean slaBreach) {
        return db.preparedQuery("""
                        UPDATE tickets SET status = $2::varchar,
                            assigned_team = CASE WHEN $2::varchar = 'assigned' THEN $3 WHEN $2::varchar = 'open' THEN NULL ELSE assigned_team END,
                            assigned_to = CASE WHEN $2::varchar = 'assigned' THEN $4 WHEN $2::varchar = 'open' THEN NULL ELSE assigned_to END,
                            assigned_by = CASE WHEN $2::varchar = 'assigned' THEN $5 WHEN $2::varchar = 'open' THEN NULL ELSE assigned_by END,
                            completed_at = CASE WHEN $2::varchar = 'resolved' THEN $9 WHEN $2::varchar = 'in_progress' THEN NULL ELSE completed_at END,
                            responded_at = coalesce(responded_at, CASE WHEN $2::varchar <> 'open' THEN $9 END),
                            sla_deadline = $6, sla_at_risk_at = $7, sla_breach = coalesce($10, sla_breach),
                            status_history = status_history || jsonb_build_array($8::jsonb),
                            version = version + 1, updated_at = now()
                        WHERE id = $1 RETURNING """ + " " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, status, assignedTeam, assignedTo, assignedBy, slaDeadline, slaAtRiskAt,
                        historyEntry, at, slaBreach)))
                .map(rows -> ticket(rows.iterator().next()));
    }

    /** The fields a PATCH may change (status and assignment only through transitions). */
    public record Changes(String title, String description, String priority, String category, String subcategory,
                          String location, Point coordinates, OffsetDateTime dueDate, String customerName,
                          List<String> tags, JsonArray attachments, JsonObject customFields) {
    }

    /** Applies a PATCH made against {@code version}, with the SLA times it leads to; null when the version moved on. */
    public Uni<Ticket> update(SqlClient db, int id, int version, Changes c, OffsetDateTime slaDeadline, OffsetDateTime slaAtRiskAt) {
        return db.preparedQuery("UPDATE tickets SET title = $3, description = $4, priority = $5, category = $6, "
                        + "subcategory = $7, location = $8, coordinates = $9, due_date = $10, customer_name = $11, tags = $12, "
                        + "attachments = $13, custom_fields = $14, sla_deadline = $15, sla_at_risk_at = $16, "
                        + "version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, version, c.title(), c.description(), c.priority(), c.category(),
                        c.subcategory(), c.location(), c.coordinates(), c.dueDate(), c.customerName(),
                        c.tags() == null ? null : c.tags().toArray(String[]::new), c.attachments(), c.customFields(),
                        slaDeadline, slaAtRiskAt)))
                .map(rows -> rows.size() == 0 ? null : ticket(rows.iterator().next()));
    }

    /** Sets the rating once; null when the ticket already has one. */
    public Uni<Ticket> rate(SqlClient db, int id, int rating) {
        return db.preparedQuery("UPDATE tickets SET customer_rating = $2, version = version + 1, updated_at = now() "
                        + "WHERE id = $1 AND customer_rating IS NULL RETURNING " + COLUMNS)
                .execute(Tuple.of(id, rating)).map(rows -> rows.size() == 0 ? null : ticket(rows.iterator().next()));
    }

    /** Puts the legal hold on ({@code reason}, by {@code actor}, now) or releases it; answers the ticket. */
    public Uni<Ticket> hold(SqlClient db, int id, boolean on, String reason, String actor) {
        return db.preparedQuery("UPDATE tickets SET legal_hold = $2, legal_hold_reason = CASE WHEN $2 THEN $3 END, "
                        + "legal_hold_by = CASE WHEN $2 THEN $4 END, legal_hold_at = CASE WHEN $2 THEN now() END, "
                        + "version = version + 1, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, on, reason, actor)).map(rows -> ticket(rows.iterator().next()));
    }

    /** A hold put on or released, in the history with the status unchanged (kind hold or release). */
    public Uni<Void> recordHold(SqlClient db, Ticket t, boolean on, String reason, String by) {
        return db.preparedQuery("INSERT INTO ticket_status_events (ticket_id, from_status, to_status, priority, reason, changed_by, kind) "
                        + "VALUES ($1, $2, $2, $3, $4, $5, $6)")
                .execute(Tuple.tuple(Arrays.asList(t.id(), t.status(), t.priority(), reason, by, on ? "hold" : "release")))
                .replaceWithVoid();
    }

    /** Marks every running ticket past its deadline as breached, once; answers those it marked. */
    public Uni<List<Ticket>> markBreaches(SqlClient db, int limit) {
        return db.preparedQuery("UPDATE tickets SET sla_breach = true, version = version + 1, updated_at = now() "
                        + "WHERE id IN (SELECT id FROM tickets WHERE NOT sla_breach AND status IN ('open', 'assigned', 'in_progress') "
                        + "AND sla_deadline < now() ORDER BY sla_deadline LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(limit)).map(TicketRepository::tickets);
    }

    public Uni<Void> recordEvent(SqlClient db, int ticketId, String from, String to, String priority, String reason, String by) {
        return recordEvent(db, ticketId, from, to, priority, reason, by, null, null);
    }

    /** A status change counted at {@code changedAt} (null: now), made offline at {@code occurredAt} (null: online). */
    public Uni<Void> recordEvent(SqlClient db, int ticketId, String from, String to, String priority, String reason, String by,
                                 OffsetDateTime changedAt, OffsetDateTime occurredAt) {
        return db.preparedQuery("INSERT INTO ticket_status_events (ticket_id, from_status, to_status, priority, reason, changed_by, "
                        + "changed_at, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now()), $8)")
                .execute(Tuple.tuple(Arrays.asList(ticketId, from, to, priority, reason, by, changedAt, occurredAt))).replaceWithVoid();
    }

    /** The columns of a status event, in the order {@link #statusEvent} reads them. */
    public static final String EVENT_COLUMNS = "from_status, to_status, priority, reason, changed_by, changed_at, occurred_at, received_at, kind";

    /** The history of a ticket, from the archive when it is archived. */
    public Uni<List<StatusEvent>> events(SqlClient db, Ticket ticket) {
        return events(db, ticket.id(), ticket.archived() ? "archive.ticket_status_events" : "ticket_status_events");
    }

    public Uni<List<StatusEvent>> events(SqlClient db, int ticketId) {
        return events(db, ticketId, "ticket_status_events");
    }

    private Uni<List<StatusEvent>> events(SqlClient db, int ticketId, String table) {
        return db.preparedQuery("SELECT " + EVENT_COLUMNS + " FROM " + table + " WHERE ticket_id = $1 ORDER BY id")
                .execute(Tuple.of(ticketId)).map(rows -> {
                    List<StatusEvent> events = new ArrayList<>();
                    rows.forEach(r -> events.add(statusEvent(r, 0)));
                    return events;
                });
    }

    /** A status event from {@link #EVENT_COLUMNS}, starting at column {@code first}. */
    public static StatusEvent statusEvent(Row r, int first) {
        return new StatusEvent(r.getString(first), r.getString(first + 1), r.getString(first + 2), r.getString(first + 3),
                r.getString(first + 4), r.getOffsetDateTime(first + 5), r.getOffsetDateTime(first + 6), r.getOffsetDateTime(first + 7),
                r.getString(first + 8));
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
                row.getString("assigned_to"), row.getInteger("assigned_by"), row.getInteger("zone_id"), row.getString("zone"),
                row.getString("location"), point == null ? null : point.y, point == null ? null : point.x,
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getOffsetDateTime("due_date"),
                row.getOffsetDateTime("completed_at"), row.getOffsetDateTime("sla_deadline"),
                row.getOffsetDateTime("sla_at_risk_at"), row.getBoolean("sla_breach"), row.getOffsetDateTime("responded_at"),
                row.getString("customer_name"), row.getString("customer_contact_masked"), row.getInteger("customer_rating"),
                tags == null ? List.of() : List.of(tags), row.getJsonArray("attachments"), row.getJsonObject("custom_fields"),
                row.getInteger("version"), row.getBoolean("legal_hold"),
                row.getColumnIndex("archived_at") < 0 ? null : row.getOffsetDateTime("archived_at"));
    }
}
