package io.aiff.analytics.repository;

import io.aiff.analytics.service.TicketFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The facts tables ({@code V2__facts.sql}): a ticket's history, its folded facts, and the assignments. */
@ApplicationScoped
public class FactsRepository {

    /** Two int4 keys like io.aiff.common.db.ClusterLock's, in a class of their own ("tfct"): one per ticket. */
    private static final int TICKET_LOCK_CLASS = 0x74666374;
    /** In the order of the array (ascending ids: two writers locking overlapping sets never wait on each other in a circle). */
    private static final String LOCK_TICKETS = "SELECT count(pg_advisory_xact_lock($1, t)) FROM unnest($2::int[]) AS t";
    private static final String GENERATIONS = "SELECT current, building FROM facts_generation";
    /** Records the changes (each once: by its key) and answers the tickets' whole histories, these changes included. */
    private static final String RECORD_AND_READ = "WITH added AS (INSERT INTO ticket_history (generation, ticket_id, change_key, type, "
            + "occurred_at, envelope) SELECT $1, e.ticket_id, e.change_key, e.type, e.at, e.envelope::jsonb "
            + "FROM unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]) AS e (ticket_id, change_key, type, at, envelope) "
            + "ON CONFLICT DO NOTHING RETURNING ticket_id, envelope) "
            + "SELECT ticket_id, envelope::text FROM ticket_history WHERE generation = $1 AND ticket_id = ANY($2) "
            + "UNION ALL SELECT ticket_id, envelope::text FROM added";
    private static final String FACT_COLUMNS = "ticket_id, zone_id, zone, team_id, priority, category, status, "
            + "created_at, first_response_at, resolved_at, closed_at, paused_seconds, paused_since, reopen_count, reassignment_count, "
            + "rating, response_met, resolution_met, assignment_id";
    private static final String PUT_FACTS = "INSERT INTO ticket_facts (" + FACT_COLUMNS + ", generation, updated_at) "
            + "SELECT f.*, $20, now() FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], "
            + "$8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::bigint[], $13::timestamptz[], "
            + "$14::int[], $15::int[], $16::int[], $17::boolean[], $18::boolean[], $19::int[]) AS f (" + FACT_COLUMNS + ") "
            + "ON CONFLICT (generation, ticket_id) DO UPDATE SET zone_id = EXCLUDED.zone_id, zone = EXCLUDED.zone, team_id = EXCLUDED.team_id, "
            + "priority = EXCLUDED.priority, category = EXCLUDED.category, status = EXCLUDED.status, created_at = EXCLUDED.created_at, "
            + "first_response_at = EXCLUDED.first_response_at, resolved_at = EXCLUDED.resolved_at, closed_at = EXCLUDED.closed_at, "
            + "paused_seconds = EXCLUDED.paused_seconds, paused_since = EXCLUDED.paused_since, reopen_count = EXCLUDED.reopen_count, "
            + "reassignment_count = EXCLUDED.reassignment_count, rating = EXCLUDED.rating, response_met = EXCLUDED.response_met, "
            + "resolution_met = EXCLUDED.resolution_met, assignment_id = EXCLUDED.assignment_id, updated_at = now()";
    private static final String ASSIGNMENT_COLUMNS = "assignment_id, ticket_id, team_id, zone_id, status, assigned_at, completed_at, "
            + "time_spent, quality_score, version";
    /** The newest version of an assignment wins; an older event arriving late changes nothing. */
    private static final String PUT_ASSIGNMENTS = "INSERT INTO assignment_facts (" + ASSIGNMENT_COLUMNS + ", generation) "
            + "SELECT a.assignment_id, a.ticket_id, a.team_id, a.zone_id, a.status, a.assigned_at, a.completed_at, a.time_spent, "
            + "a.quality_score::numeric, a.version, $11 FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[], "
            + "$6::timestamptz[], $7::timestamptz[], $8::int[], $9::text[], $10::int[]) AS a (" + ASSIGNMENT_COLUMNS + ") "
            + "ON CONFLICT (generation, assignment_id) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, team_id = EXCLUDED.team_id, "
            + "zone_id = EXCLUDED.zone_id, status = EXCLUDED.status, assigned_at = EXCLUDED.assigned_at, "
            + "completed_at = EXCLUDED.completed_at, time_spent = EXCLUDED.time_spent, quality_score = EXCLUDED.quality_score, "
            + "version = EXCLUDED.version WHERE assignment_facts.version < EXCLUDED.version";

    /** The generations written now: the current one, and the one a running rebuild builds (if any). */
    public Uni<List<Integer>> generations(SqlConnection tx) {
        return tx.query(GENERATIONS).execute().map(rows -> {
            Row row = rows.iterator().next();
            Integer building = row.getInteger(1);
            return building == null ? List.of(row.getInteger(0)) : List.of(row.getInteger(0), building);
        });
    }

    /**
     * Locks tickets for the rest of the transaction, so that two replicas applying events of one ticket at once (or
     * the consumer and a rebuild) fold one after the other, each seeing both. Ascending, so that writers of
     * overlapping batches never deadlock.
     */
    public Uni<Void> lock(SqlConnection tx, Collection<Integer> ticketIds) {
        Integer[] sorted = ticketIds.stream().sorted().distinct().toArray(Integer[]::new);
        return tx.preparedQuery(LOCK_TICKETS).execute(Tuple.of(TICKET_LOCK_CLASS, sorted)).replaceWithVoid();
    }

    /**
     * Adds changes to tickets' histories in a generation (each change once) and answers each ticket's whole history,
     * these changes included, in one statement.
     */
    public Uni<Map<Integer, List<TicketFacts.Event>>> record(SqlConnection tx, int generation, Map<Integer, List<JsonObject>> byTicket) {
        int n = byTicket.values().stream().mapToInt(List::size).sum();
        Integer[] tickets = new Integer[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        OffsetDateTime[] ats = new OffsetDateTime[n];
        String[] envelopes = new String[n];
        int i = 0;
        for (Map.Entry<Integer, List<JsonObject>> ticket : byTicket.entrySet()) {
            for (JsonObject envelope : ticket.getValue()) {
                TicketFacts.Event event = TicketFacts.Event.of(envelope);
                tickets[i] = ticket.getKey();
                keys[i] = event.key();
                types[i] = event.type();
                ats[i] = time(event.at());
                envelopes[i++] = envelope.encode();
            }
        }
        return tx.preparedQuery(RECORD_AND_READ).execute(Tuple.of(generation, tickets, keys, types, ats, envelopes))
                .map(rows -> {
                    Map<Integer, List<TicketFacts.Event>> histories = new HashMap<>();
                    for (Row row : rows) {
                        histories.computeIfAbsent(row.getInteger(0), t -> new ArrayList<>())
                                .add(TicketFacts.Event.of(new JsonObject(row.getString(1))));
                    }
                    return histories;
                });
    }

    /** Tickets' facts, one row each, in one statement. */
    public Uni<Void> put(SqlConnection tx, int generation, List<TicketFacts> all) {
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Object[][] c = new Object[19][all.size()];
        for (int i = 0; i < all.size(); i++) {
            TicketFacts f = all.get(i);
            Object[] row = {f.ticketId(), f.zoneId(), f.zone(), f.teamId(), f.priority(), f.category(), f.status(),
                    time(f.createdAt()), time(f.firstResponseAt()), time(f.resolvedAt()), time(f.closedAt()), f.pausedSeconds(),
                    time(f.pausedSince()), f.reopenCount(), f.reassignmentCount(), f.rating(), f.responseMet(),
                    f.resolutionMet(), f.assignmentId()};
            for (int k = 0; k < row.length; k++) {
                c[k][i] = row[k];
            }
        }
        return tx.preparedQuery(PUT_FACTS).execute(Tuple.tuple(List.of(ints(c[0]), ints(c[1]), strings(c[2]), ints(c[3]),
                        strings(c[4]), strings(c[5]), strings(c[6]), times(c[7]), times(c[8]), times(c[9]), times(c[10]),
                        longs(c[11]), times(c[12]), ints(c[13]), ints(c[14]), ints(c[15]), booleans(c[16]), booleans(c[17]),
                        ints(c[18]), generation)))
                .replaceWithVoid();
    }

    /**
     * Assignments as their events describe them (assignment events carry the whole assignment), in one statement:
     * of several events of one assignment the newest version.
     */
    public Uni<Void> putAssignments(SqlConnection tx, int generation, List<JsonObject> envelopes) {
        Map<Integer, JsonObject> newest = new TreeMap<>();
        for (JsonObject envelope : envelopes) {
            newest.merge(Integer.valueOf(envelope.getString("aggregate_id")), envelope, (a, b) ->
                    version(b) > version(a) ? b : a);
        }
        int n = newest.size();
        if (n == 0) {
            return Uni.createFrom().voidItem();
        }
        Integer[] ids = new Integer[n];
        Integer[] tickets = new Integer[n];
        Integer[] teams = new Integer[n];
        Integer[] zones = new Integer[n];
        String[] statuses = new String[n];
        OffsetDateTime[] assigned = new OffsetDateTime[n];
        OffsetDateTime[] completed = new OffsetDateTime[n];
        Integer[] spent = new Integer[n];
        String[] quality = new String[n];
        Integer[] versions = new Integer[n];
        int i = 0;
        for (Map.Entry<Integer, JsonObject> a : newest.entrySet()) {
            JsonObject d = a.getValue().getJsonObject("data", new JsonObject());
            String done = "completed".equals(d.getString("status")) ? d.getString("actual_completion") : null;
            Object score = d.getValue("quality_score");
            ids[i] = a.getKey();
            tickets[i] = d.getInteger("ticket_id");
            teams[i] = d.getInteger("team_id");
            zones[i] = a.getValue().getInteger("zone_id");
            statuses[i] = d.getString("status");
            assigned[i] = time(Instant.parse(d.getString("assigned_at")));
            completed[i] = done == null ? null : time(Instant.parse(done));
            spent[i] = d.getInteger("time_spent");
            quality[i] = score == null ? null : new BigDecimal(score.toString()).toPlainString();
            versions[i++] = version(a.getValue());
        }
        return tx.preparedQuery(PUT_ASSIGNMENTS).execute(Tuple.tuple(List.of(ids, tickets, teams, zones, statuses, assigned,
                        completed, spent, quality, versions, generation)))
                .replaceWithVoid();
    }

    private static int version(JsonObject assignmentEvent) {
        return assignmentEvent.getJsonObject("data", new JsonObject()).getInteger("version", 0);
    }

    private static Integer[] ints(Object[] column) {
        return Arrays.copyOf(column, column.length, Integer[].class);
    }

    private static Long[] longs(Object[] column) {
        return Arrays.copyOf(column, column.length, Long[].class);
    }

    private static String[] strings(Object[] column) {
        return Arrays.copyOf(column, column.length, String[].class);
    }

    private static Boolean[] booleans(Object[] column) {
        return Arrays.copyOf(column, column.length, Boolean[].class);
    }

    private static OffsetDateTime[] times(Object[] column) {
        return Arrays.copyOf(column, column.length, OffsetDateTime[].class);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
