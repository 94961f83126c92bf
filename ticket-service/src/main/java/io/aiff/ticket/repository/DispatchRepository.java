package io.aiff.ticket.repository;

import io.aiff.ticket.dispatch.Dispatcher;
import io.aiff.ticket.dispatch.DispatchPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.data.Point;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SQL of dispatch (V14): policy versions, decisions, and the candidates of a ticket read from the directory (teams
 * serving its zone, or with a zone whose coverage holds its point), their rows locked in id order so that their loads
 * stay as read until the decision is made.
 */
@ApplicationScoped
public class DispatchRepository {

    /** A stored policy version with the hash it was stored with. */
    public record StoredPolicy(DispatchPolicy policy, String hash, String createdBy, OffsetDateTime createdAt) {
    }

    /** A stored decision. */
    public record Decision(long id, int ticketId, int ticketVersion, Integer zoneId, String zone, int policyId, int policyVersion,
                           String policyHash, JsonObject inputs, JsonObject evaluation, Integer chosenTeamId,
                           Integer assignmentId, String decidedBy, OffsetDateTime decidedAt) {
    }

    private static final String POLICY = "SELECT id, version, name, body, hash, created_by, created_at FROM dispatch_policies ";
    private static final String DECISION = "SELECT id, ticket_id, ticket_version, zone_id, zone, policy_id, policy_version, "
            + "policy_hash, inputs, evaluation, chosen_team_id, assignment_id, decided_by, decided_at FROM dispatch_decisions ";

    /** Writes a policy version unless it exists (the default policy, written by every replica at start). */
    public Uni<Void> ensure(SqlClient db, DispatchPolicy p, String by) {
        return db.preparedQuery("INSERT INTO dispatch_policies (id, version, name, body, hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) "
                        + "ON CONFLICT (id, version) DO NOTHING")
                .execute(Tuple.of(p.id(), p.version(), p.name(), p.body(), p.hash(), by)).replaceWithVoid();
    }

    /** A new version of policy {@code id} made against {@code version} (null when that is no longer the current one). */
    public Uni<StoredPolicy> insertVersion(SqlClient db, int id, int version, DispatchPolicy p, String by) {
        return db.preparedQuery("INSERT INTO dispatch_policies (id, version, name, body, hash, created_by) "
                        + "SELECT $1, $2 + 1, $3, $4, $5, $6 WHERE (SELECT max(version) FROM dispatch_policies WHERE id = $1) = $2 "
                        + "ON CONFLICT (id, version) DO NOTHING RETURNING id, version, name, body, hash, created_by, created_at")
                .execute(Tuple.of(id, version, p.name(), p.body(), p.hash(), by)).map(DispatchRepository::firstPolicy);
    }

    public Uni<StoredPolicy> insertNew(SqlClient db, DispatchPolicy p, String by) {
        return db.preparedQuery("INSERT INTO dispatch_policies (id, version, name, body, hash, created_by) "
                        + "VALUES (nextval('dispatch_policy_ids'), 1, $1, $2, $3, $4) RETURNING id, version, name, body, hash, created_by, created_at")
                .execute(Tuple.of(p.name(), p.body(), p.hash(), by)).map(DispatchRepository::firstPolicy);
    }

    /** The current (highest) version of the policy; null when there is none. */
    public Uni<StoredPolicy> current(SqlClient db, int id) {
        return db.preparedQuery(POLICY + "WHERE id = $1 ORDER BY version DESC LIMIT 1").execute(Tuple.of(id))
                .map(DispatchRepository::firstPolicy);
    }

    public Uni<StoredPolicy> version(SqlClient db, int id, int version) {
        return db.preparedQuery(POLICY + "WHERE id = $1 AND version = $2").execute(Tuple.of(id, version))
                .map(DispatchRepository::firstPolicy);
    }

    /** The current version of every policy, by id. */
    public Uni<List<StoredPolicy>> currentAll(SqlClient db) {
        return db.query(POLICY + "WHERE (id, version) IN (SELECT id, max(version) FROM dispatch_policies GROUP BY id) ORDER BY id")
                .execute().map(rows -> {
                    List<StoredPolicy> all = new ArrayList<>();
                    rows.forEach(r -> all.add(policy(r)));
                    return all;
                });
    }

    /**
     * The candidates of a ticket in zone {@code zoneId} at {@code point} (null: none): teams serving the zone or with
     * a zone whose coverage holds the point, with their facts as they are now (not locked: the chosen team's row is,
     * and its facts checked again, before it is assigned). Completion rate and rating are not known here yet (null:
     * graded neutral).
     */
    public Uni<List<JsonObject>> candidates(SqlClient db, Integer zoneId, Point point) {
        return db.preparedQuery("""
                        SELECT t.id, t.version, t.is_active, t.status, t.capacity, t.open_assignments, t.categories,
                               EXISTS (SELECT FROM team_zones s WHERE s.team_id = t.id AND s.zone_id = $1) AS serves_zone,
                               $2::point IS NOT NULL AND EXISTS (SELECT FROM team_zones c JOIN zones cz ON cz.id = c.zone_id
                                   WHERE c.team_id = t.id AND cz.coverage_area @> $2::point) AS covers_point,
                               pz.id AS primary_zone_id, pz.version AS primary_zone_version, pz.centre
                        FROM teams t
                        LEFT JOIN team_zones p ON p.team_id = t.id AND p.is_primary
                        LEFT JOIN zones pz ON pz.id = p.zone_id
                        WHERE t.id IN (SELECT s.team_id FROM team_zones s WHERE s.zone_id = $1
                                       UNION SELECT c.team_id FROM team_zones c JOIN zones cz ON cz.id = c.zone_id
                                             WHERE $2::point IS NOT NULL AND cz.coverage_area @> $2::point)
                        ORDER BY t.id""")
                .execute(Tuple.of(zoneId, point)).map(rows -> {
                    List<JsonObject> teams = new ArrayList<>();
                    for (Row r : rows) {
                        Point centre = r.get(Point.class, "centre");
                        teams.add(Dispatcher.team(r.getInteger("id"), r.getInteger("version"), r.getBoolean("is_active"),
                                r.getString("status"), r.getInteger("capacity"), r.getInteger("open_assignments"),
                                Arrays.asList(r.getArrayOfStrings("categories")), r.getBoolean("serves_zone"), r.getBoolean("covers_point"),
                                r.getInteger("primary_zone_id"), r.getInteger("primary_zone_version"),
                                centre == null ? null : centre.y, centre == null ? null : centre.x, null, null));
                    }
                    return teams;
                });
    }

    /** The centre of a zone (where a ticket without coordinates is measured from); null when unknown. */
    public Uni<Point> centre(SqlClient db, Integer zoneId) {
        return zoneId == null ? Uni.createFrom().nullItem()
                : db.preparedQuery("SELECT centre FROM zones WHERE id = $1").execute(Tuple.of(zoneId))
                        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().get(Point.class, 0));
    }

    public Uni<Long> insertDecision(SqlClient db, Decision d) {
        return db.preparedQuery("INSERT INTO dispatch_decisions (ticket_id, ticket_version, zone_id, zone, policy_id, policy_version, "
                        + "policy_hash, inputs, evaluation, chosen_team_id, decided_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                        + "RETURNING id")
                .execute(Tuple.tuple(Arrays.asList(d.ticketId(), d.ticketVersion(), d.zoneId(), d.zone(), d.policyId(), d.policyVersion(),
                        d.policyHash(), d.inputs(), d.evaluation(), d.chosenTeamId(), d.decidedBy())))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> linkAssignment(SqlClient db, long decisionId, int assignmentId) {
        return db.preparedQuery("UPDATE dispatch_decisions SET assignment_id = $2 WHERE id = $1")
                .execute(Tuple.of(decisionId, assignmentId)).replaceWithVoid();
    }

    public Uni<Decision> decision(SqlClient db, long id) {
        return db.preparedQuery(DECISION + "WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : decision(rows.iterator().next()));
    }

    /**
     * The open tickets of a filter, most urgent first (priority, then SLA deadline), at most {@code limit}; planned for
     * its actual parameters ({@link Plans#perRequest}).
     */
    public Uni<List<Integer>> openTickets(SqlClient db, List<Integer> zoneIds, List<String> priorities, List<String> categories, int limit) {
        return Plans.perRequest(db).chain(() -> db.preparedQuery("SELECT id FROM tickets WHERE status = 'open'"
                        + " AND ($1::int[] IS NULL OR zone_id = ANY($1))"
                        + " AND ($2::varchar[] IS NULL OR priority = ANY($2))"
                        + " AND ($3::varchar[] IS NULL OR category = ANY($3))"
                        + " ORDER BY array_position(ARRAY['critical', 'high', 'medium', 'low']::varchar[], priority), sla_deadline NULLS LAST, id"
                        + " LIMIT $4")
                .execute(Tuple.of(zoneIds == null ? null : zoneIds.toArray(Integer[]::new),
                        priorities == null ? null : priorities.toArray(String[]::new),
                        categories == null ? null : categories.toArray(String[]::new), limit)))
                .map(rows -> {
                    List<Integer> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getInteger(0)));
                    return ids;
                });
    }

    /** These tickets ordered most urgent first (priority, then SLA deadline); those the caller cannot read are left out. */
    public Uni<List<Integer>> byUrgency(SqlClient db, List<Integer> ids) {
        return db.preparedQuery("SELECT id FROM tickets WHERE id = ANY($1) ORDER BY "
                        + "array_position(ARRAY['critical', 'high', 'medium', 'low']::varchar[], priority), sla_deadline NULLS LAST, id")
                .execute(Tuple.of(ids.toArray(Integer[]::new))).map(rows -> {
                    List<Integer> ordered = new ArrayList<>();
                    rows.forEach(r -> ordered.add(r.getInteger(0)));
                    return ordered;
                });
    }

    private static StoredPolicy firstPolicy(RowSet<Row> rows) {
        return rows.size() == 0 ? null : policy(rows.iterator().next());
    }

    private static StoredPolicy policy(Row r) {
        return new StoredPolicy(DispatchPolicy.of(r.getInteger("id"), r.getInteger("version"), r.getString("name"),
                r.getJsonObject("body")), r.getString("hash"), r.getString("created_by"), r.getOffsetDateTime("created_at"));
    }

    private static Decision decision(Row r) {
        return new Decision(r.getLong("id"), r.getInteger("ticket_id"), r.getInteger("ticket_version"), r.getInteger("zone_id"),
                r.getString("zone"), r.getInteger("policy_id"), r.getInteger("policy_version"), r.getString("policy_hash"),
                r.getJsonObject("inputs"), r.getJsonObject("evaluation"), r.getInteger("chosen_team_id"), r.getInteger("assignment_id"),
                r.getString("decided_by"), r.getOffsetDateTime("decided_at"));
    }
}
