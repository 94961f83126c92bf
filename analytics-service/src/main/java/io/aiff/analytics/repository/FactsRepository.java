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
import java.util.List;

/** The facts tables ({@code V2__facts.sql}): a ticket's history, its folded facts, and the assignments. */
@ApplicationScoped
public class FactsRepository {

    /** Two int4 keys like io.aiff.common.db.ClusterLock's, in a class of their own ("tfct"): one per ticket. */
    private static final int TICKET_LOCK_CLASS = 0x74666374;
    private static final String LOCK_TICKET = "SELECT pg_advisory_xact_lock($1, $2)";
    private static final String GENERATIONS = "SELECT current, building FROM facts_generation";
    /** Records the change (once: by its key) and answers the ticket's whole history, this change included. */
    private static final String RECORD_AND_READ = "WITH added AS (INSERT INTO ticket_history (generation, ticket_id, change_key, type, "
            + "occurred_at, envelope) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb) ON CONFLICT DO NOTHING RETURNING envelope) "
            + "SELECT envelope::text FROM ticket_history WHERE generation = $1 AND ticket_id = $2 UNION ALL SELECT envelope::text FROM added";
    private static final String PUT_FACTS = "INSERT INTO ticket_facts (ticket_id, zone_id, zone, team_id, priority, category, status, "
            + "created_at, first_response_at, resolved_at, closed_at, paused_seconds, paused_since, reopen_count, reassignment_count, "
            + "rating, response_met, resolution_met, assignment_id, generation, updated_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, now()) "
            + "ON CONFLICT (generation, ticket_id) DO UPDATE SET zone_id = EXCLUDED.zone_id, zone = EXCLUDED.zone, team_id = EXCLUDED.team_id, "
            + "priority = EXCLUDED.priority, category = EXCLUDED.category, status = EXCLUDED.status, created_at = EXCLUDED.created_at, "
            + "first_response_at = EXCLUDED.first_response_at, resolved_at = EXCLUDED.resolved_at, closed_at = EXCLUDED.closed_at, "
            + "paused_seconds = EXCLUDED.paused_seconds, paused_since = EXCLUDED.paused_since, reopen_count = EXCLUDED.reopen_count, "
            + "reassignment_count = EXCLUDED.reassignment_count, rating = EXCLUDED.rating, response_met = EXCLUDED.response_met, "
            + "resolution_met = EXCLUDED.resolution_met, assignment_id = EXCLUDED.assignment_id, updated_at = now()";
    /** The newest version of an assignment wins; an older event arriving late changes nothing. */
    private static final String PUT_ASSIGNMENT = "INSERT INTO assignment_facts (assignment_id, ticket_id, team_id, zone_id, status, "
            + "assigned_at, completed_at, time_spent, quality_score, version, generation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
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
     * Locks a ticket for the rest of the transaction, so that two replicas applying two events of one ticket at once
     * (or the consumer and a rebuild) fold one after the other, each seeing both.
     */
    public Uni<Void> lock(SqlConnection tx, int ticketId) {
        return tx.preparedQuery(LOCK_TICKET).execute(Tuple.of(TICKET_LOCK_CLASS, ticketId)).replaceWithVoid();
    }

    /** Adds a change to a ticket's history in a generation and answers the whole history (this change included). */
    public Uni<List<TicketFacts.Event>> record(SqlConnection tx, int generation, int ticketId, JsonObject envelope) {
        TicketFacts.Event event = TicketFacts.Event.of(envelope);
        return tx.preparedQuery(RECORD_AND_READ).execute(Tuple.tuple(List.of(generation, ticketId, event.key(), event.type(),
                        time(event.at()), envelope.encode())))
                .map(rows -> {
                    List<TicketFacts.Event> history = new ArrayList<>();
                    for (Row row : rows) {
                        history.add(TicketFacts.Event.of(new JsonObject(row.getString(0))));
                    }
                    return history;
                });
    }

    public Uni<Void> put(SqlConnection tx, int generation, TicketFacts f) {
        return tx.preparedQuery(PUT_FACTS).execute(Tuple.tuple(Arrays.asList(f.ticketId(), f.zoneId(), f.zone(),
                        f.teamId(), f.priority(), f.category(), f.status(), time(f.createdAt()), time(f.firstResponseAt()),
                        time(f.resolvedAt()), time(f.closedAt()), f.pausedSeconds(), time(f.pausedSince()), f.reopenCount(),
                        f.reassignmentCount(), f.rating(), f.responseMet(), f.resolutionMet(), f.assignmentId(), generation)))
                .replaceWithVoid();
    }

    /** An assignment as its event describes it (assignment events carry the whole assignment). */
    public Uni<Void> putAssignment(SqlConnection tx, int generation, JsonObject envelope) {
        JsonObject d = envelope.getJsonObject("data", new JsonObject());
        String completed = "completed".equals(d.getString("status")) ? d.getString("actual_completion") : null;
        Object quality = d.getValue("quality_score");
        return tx.preparedQuery(PUT_ASSIGNMENT).execute(Tuple.tuple(Arrays.asList(
                        Integer.valueOf(envelope.getString("aggregate_id")), d.getInteger("ticket_id"), d.getInteger("team_id"),
                        envelope.getInteger("zone_id"), d.getString("status"), time(Instant.parse(d.getString("assigned_at"))),
                        completed == null ? null : time(Instant.parse(completed)), d.getInteger("time_spent"),
                        quality == null ? null : new BigDecimal(quality.toString()), d.getInteger("version", 0), generation)))
                .replaceWithVoid();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
