package io.aiff.ticket.repository;

import io.aiff.ticket.Assignment;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SQL of {@code assignments} (V13). Row-level security (R__scope.sql) decides what a statement sees and may change,
 * by the same scope as tickets; every value is a bound parameter.
 */
@ApplicationScoped
public class AssignmentRepository {

    static final String COLUMNS = "id, ticket_id, team_id, assigned_to, zone_id, zone, assigned_by, assigned_by_actor, "
            + "assigned_at, assignment_type, status, notes, estimated_completion, actual_completion, time_spent, "
            + "time_spent_reported, quality_score, assignment_criteria, feedback, override_reason, decision_id, reopen_count, "
            + "ended_at, ended_by, end_reason, version, updated_at, updated_by";

    /** A new assignment as decided (its ticket locked, its team's rules checked). */
    public record NewAssignment(int ticketId, int teamId, Integer assignedTo, Integer zoneId, String zone, Integer assignedBy,
                                String actor, OffsetDateTime at, String type, String notes,
                                OffsetDateTime estimatedCompletion, JsonObject criteria, String overrideReason,
                                Long decisionId) {
    }

    /** Filters of {@code GET /api/assignments}; null means any. */
    public record Filter(Integer ticketId, List<Integer> teamIds, List<String> statuses, OffsetDateTime assignedAfter) {
    }

    /** What a PATCH may change. */
    public record Changes(String notes, OffsetDateTime estimatedCompletion, Integer timeSpent, boolean timeSpentReported,
                          BigDecimal qualityScore, JsonObject feedback) {
    }

    /** The current assignment of a ticket, locked; null when it has none. */
    public Uni<Assignment> currentForChange(SqlClient db, int ticketId) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM assignments WHERE ticket_id = $1 "
                        + "AND status IN ('assigned', 'in_progress', 'completed') FOR UPDATE")
                .execute(Tuple.of(ticketId)).map(AssignmentRepository::first);
    }

    /** The assignment, live or (its ticket archived) archived; null when there is none in the caller's scope. */
    public Uni<Assignment> find(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM assignments WHERE id = $1").execute(Tuple.of(id))
                .map(AssignmentRepository::first).onItem().ifNull().switchTo(() -> findArchived(db, id));
    }

    /** The archived assignment (archive.assignments, read by the same rule); null when there is none in the caller's scope. */
    public Uni<Assignment> findArchived(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM archive.assignments WHERE id = $1").execute(Tuple.of(id))
                .map(AssignmentRepository::first);
    }

    public Uni<Assignment> lockForChange(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM assignments WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(AssignmentRepository::first);
    }

    public Uni<List<Assignment>> findAll(SqlClient db, List<Integer> ids) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM assignments WHERE id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ids.toArray(Integer[]::new))).map(AssignmentRepository::all);
    }

    /** The assignments of these tickets the caller may read, oldest first. */
    public Uni<List<Assignment>> ofTickets(SqlClient db, List<Integer> ticketIds) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM assignments WHERE ticket_id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ticketIds.toArray(Integer[]::new))).map(AssignmentRepository::all);
    }

    /** The assignments of these tickets, live or archived, the caller may read, oldest first. */
    public Uni<List<Assignment>> ofTicketsWithArchive(SqlClient db, List<Integer> ticketIds) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM archive.all_assignments WHERE ticket_id = ANY($1) ORDER BY id")
                .execute(Tuple.of(ticketIds.toArray(Integer[]::new))).map(AssignmentRepository::all);
    }

    /** A page of assignments, planned for its actual parameters ({@link Plans#perRequest}). */
    public Uni<List<Assignment>> page(SqlClient db, Filter f, int afterId, int limit) {
        return Plans.perRequest(db).chain(() -> db.preparedQuery("SELECT " + COLUMNS + " FROM assignments WHERE id > $1"
                        + " AND ($2::int IS NULL OR ticket_id = $2)"
                        + " AND ($3::int[] IS NULL OR team_id = ANY($3))"
                        + " AND ($4::varchar[] IS NULL OR status = ANY($4))"
                        + " AND ($5::timestamptz IS NULL OR assigned_at >= $5)"
                        + " ORDER BY id LIMIT $6")
                .execute(Tuple.tuple(Arrays.asList(afterId, f.ticketId(),
                        f.teamIds() == null ? null : f.teamIds().toArray(Integer[]::new),
                        f.statuses() == null ? null : f.statuses().toArray(String[]::new), f.assignedAfter(), limit))))
                .map(AssignmentRepository::all);
    }

    public Uni<Assignment> insert(SqlClient db, NewAssignment a) {
        return db.preparedQuery("INSERT INTO assignments (ticket_id, team_id, assigned_to, zone_id, zone, assigned_by, "
                        + "assigned_by_actor, assigned_at, assignment_type, notes, estimated_completion, assignment_criteria, "
                        + "override_reason, decision_id, updated_by) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $7) RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(a.ticketId(), a.teamId(), a.assignedTo(), a.zoneId(), a.zone(),
                        a.assignedBy(), a.actor(), a.at(), a.type(), a.notes(), a.estimatedCompletion(),
                        a.criteria() == null ? new JsonObject() : a.criteria(), a.overrideReason(), a.decisionId())))
                .map(AssignmentRepository::first);
    }

    /**
     * Moves an assignment with its ticket ({@code at}: the time of the ticket's move): completed sets
     * {@code actual_completion} and, unless the team reported its own, {@code time_spent}; back in progress from
     * completed (a reopen) clears the completion and counts the reopen; the ending states record who, when and why.
     */
    public Uni<Assignment> move(SqlClient db, int id, String status, OffsetDateTime at, String actor, String reason,
                                Integer minutesInProgress) {
        return db.preparedQuery("""
                        UPDATE assignments SET
                            reopen_count = reopen_count + CASE WHEN status = 'completed' AND $2::varchar = 'in_progress' THEN 1 ELSE 0 END,
                            status = $2::varchar,
                            actual_completion = CASE WHEN $2::varchar = 'completed' THEN $3
                                                     WHEN $2::varchar = 'in_progress' THEN NULL ELSE actual_completion END,
                            time_spent = CASE WHEN $6::int IS NOT NULL AND NOT time_spent_reported THEN $6 ELSE time_spent END,
                            ended_at = CASE WHEN $2::varchar IN ('cancelled', 'reassigned', 'declined', 'released') THEN $3 END,
                            ended_by = CASE WHEN $2::varchar IN ('cancelled', 'reassigned', 'declined', 'released') THEN $4 END,
                            end_reason = CASE WHEN $2::varchar IN ('cancelled', 'reassigned', 'declined', 'released') THEN $5 END,
                            version = version + 1, updated_at = now(), updated_by = $4
                        WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, status, at, actor, reason, minutesInProgress)))
                .map(AssignmentRepository::first);
    }

    /** Applies a PATCH made against {@code version}; null when the version moved on. */
    public Uni<Assignment> update(SqlClient db, int id, int version, Changes c, String actor) {
        return db.preparedQuery("UPDATE assignments SET notes = $3, estimated_completion = $4, time_spent = $5, "
                        + "time_spent_reported = $6, quality_score = $7, feedback = $8, version = version + 1, "
                        + "updated_at = now(), updated_by = $9 WHERE id = $1 AND version = $2 RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, version, c.notes(), c.estimatedCompletion(), c.timeSpent(),
                        c.timeSpentReported(), c.qualityScore(), c.feedback(), actor)))
                .map(AssignmentRepository::first);
    }

    private static Assignment first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : assignment(rows.iterator().next());
    }

    private static List<Assignment> all(RowSet<Row> rows) {
        List<Assignment> all = new ArrayList<>();
        rows.forEach(row -> all.add(assignment(row)));
        return all;
    }

    static Assignment assignment(Row row) {
        return new Assignment(row.getInteger("id"), row.getInteger("ticket_id"), row.getInteger("team_id"),
                row.getInteger("assigned_to"), row.getInteger("zone_id"), row.getString("zone"), row.getInteger("assigned_by"),
                row.getString("assigned_by_actor"), row.getOffsetDateTime("assigned_at"), row.getString("assignment_type"),
                row.getString("status"), row.getString("notes"), row.getOffsetDateTime("estimated_completion"),
                row.getOffsetDateTime("actual_completion"), row.getInteger("time_spent"), row.getBoolean("time_spent_reported"),
                row.getBigDecimal("quality_score"), row.getJsonObject("assignment_criteria"), row.getJsonObject("feedback"),
                row.getString("override_reason"), row.getLong("decision_id"), row.getInteger("reopen_count"),
                row.getOffsetDateTime("ended_at"), row.getString("ended_by"), row.getString("end_reason"),
                row.getInteger("version"), row.getOffsetDateTime("updated_at"), row.getString("updated_by"));
    }
}
