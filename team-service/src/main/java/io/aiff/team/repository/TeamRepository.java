package io.aiff.team.repository;

import io.aiff.team.Team;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.data.Point;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL of {@code teams}, {@code team_zones} and {@code team_status_changes}. Every value is a bound parameter. */
@ApplicationScoped
public class TeamRepository {

    /** Whether analytics' numbers n differ from the team t's. */
    private static final String CHANGED = "(t.tickets_completed, t.customer_rating, t.response_time, t.completion_rate, t.efficiency) "
            + "IS DISTINCT FROM (n.done, n.rating, n.response, n.completion, n.efficiency)";
    /** The team's columns and its zones (primary first), as one JSON array, so every read answers them. */
    static final String COLUMNS = "t.id, t.name, t.zone, t.description, t.is_active, t.tickets_completed, "
            + "t.customer_rating, t.response_time, t.completion_rate, t.efficiency, t.status, t.version, "
            + "t.created_at, t.updated_at, t.capacity, t.categories, (SELECT coalesce(json_agg(json_build_array(tz.zone_id, tz.is_primary) "
            + "ORDER BY tz.is_primary DESC, tz.zone_id), '[]') FROM team_zones tz WHERE tz.team_id = t.id) AS zone_links";

    /** Filters of {@code GET /api/teams}; null means "any". */
    /** {@code zones} by name (the primary zone's, as before zone ids), {@code zoneIds}: teams serving any of them. */
    public record Filter(List<String> zones, List<Integer> zoneIds, List<String> statuses, Boolean active, String text) {
    }

    /** A team near a point: whether one of its zones covers it, and the distance to its nearest zone centre. */
    public record Nearby(Team team, boolean covers, Double distanceKm) {
    }

    private static final String PAGE = "SELECT " + COLUMNS + " FROM teams t WHERE t.id > $1"
            + " AND ($2::varchar[] IS NULL OR t.zone = ANY($2))"
            + " AND ($3::varchar[] IS NULL OR t.status = ANY($3))"
            + " AND ($4::boolean IS NULL OR t.is_active = $4)"
            + " AND ($5::text IS NULL OR to_tsvector('english', t.name) @@ websearch_to_tsquery('english', $5))"
            + " AND ($7::int[] IS NULL OR EXISTS (SELECT FROM team_zones tz WHERE tz.team_id = t.id AND tz.zone_id = ANY($7)))"
            + " ORDER BY t.id LIMIT $6";

    /**
     * Active teams, those whose zones cover the point first, then by great-circle distance (haversine over the zone
     * centres; x = lon, y = lat).
     */
    private static final String NEAREST = """
            WITH candidates AS (
                SELECT tz.team_id,
                       coalesce(bool_or(z.coverage_area @> $1::point), false) AS covers,
                       min(2 * 6371.0088 * asin(least(1, sqrt(
                           power(sin(radians(z.coordinates[1] - ($1::point)[1]) / 2), 2)
                           + cos(radians(($1::point)[1])) * cos(radians(z.coordinates[1]))
                             * power(sin(radians(z.coordinates[0] - ($1::point)[0]) / 2), 2))))) AS distance_km
                FROM team_zones tz JOIN zones z ON z.id = tz.zone_id
                GROUP BY tz.team_id)
            SELECT %s, c.covers, c.distance_km
            FROM candidates c JOIN teams t ON t.id = c.team_id
            WHERE t.is_active AND ($2::varchar[] IS NULL OR t.status = ANY($2))
            ORDER BY c.covers DESC, c.distance_km NULLS LAST, t.id
            LIMIT $3""".formatted(COLUMNS);

    public Uni<List<Team>> page(SqlClient db, Filter f, int afterId, int limit) {
        return db.preparedQuery(PAGE)
                .execute(Tuple.tuple(Arrays.asList(afterId, array(f.zones()), array(f.statuses()), f.active(), f.text(), limit,
                        f.zoneIds() == null ? null : f.zoneIds().toArray(Integer[]::new))))
                .map(TeamRepository::teams);
    }

    public Uni<Team> find(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM teams t WHERE t.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : team(rows.iterator().next()));
    }

    public Uni<List<Team>> inZone(SqlClient db, String zone) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM teams t WHERE ($1::varchar IS NULL OR t.zone = $1) ORDER BY t.id")
                .execute(Tuple.of(zone)).map(TeamRepository::teams);
    }

    public Uni<List<Nearby>> nearest(SqlClient db, Point point, List<String> statuses, int limit) {
        return db.preparedQuery(NEAREST).execute(Tuple.of(point, array(statuses), limit)).map(rows -> {
            List<Nearby> nearby = new ArrayList<>();
            rows.forEach(row -> nearby.add(new Nearby(team(row), row.getBoolean("covers"), row.getDouble("distance_km"))));
            return nearby;
        });
    }

    /** What a team's owner sets: the rest is derived (zones, performance) or changed by its own action (status). */
    public record Fields(String name, String description, boolean active, int capacity, List<String> categories) {
    }

    public Uni<Team> insert(SqlClient db, String zone, String status, Fields f) {
        return db.preparedQuery("INSERT INTO teams AS t (name, zone, description, status, capacity, categories) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(f.name(), zone, f.description(), status, f.capacity(), f.categories().toArray(String[]::new))))
                .map(rows -> team(rows.iterator().next()));
    }

    /** Updates when the version still matches (any version when null); null when it does not. */
    public Uni<Team> update(SqlClient db, int id, Integer version, Fields f) {
        return db.preparedQuery("UPDATE teams AS t SET name = $1, description = $2, is_active = $3, capacity = $6, categories = $7, "
                        + "version = version + 1, updated_at = now() WHERE id = $4 AND ($5::int IS NULL OR version = $5) RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(f.name(), f.description(), f.active(), id, version, f.capacity(),
                        f.categories().toArray(String[]::new))))
                .map(rows -> rows.size() == 0 ? null : team(rows.iterator().next()));
    }

    public Uni<Team> setStatus(SqlClient db, int id, String status) {
        return db.preparedQuery("UPDATE teams AS t SET status = $1, version = version + 1, updated_at = now() "
                        + "WHERE id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(status, id)).map(rows -> team(rows.iterator().next()));
    }

    public Uni<Team> setPrimaryZone(SqlClient db, int id, Integer version, String zone) {
        return db.preparedQuery("UPDATE teams AS t SET zone = $1, version = version + 1, updated_at = now() "
                        + "WHERE id = $2 AND ($3::int IS NULL OR version = $3) RETURNING " + COLUMNS)
                .execute(Tuple.of(zone, id, version))
                .map(rows -> rows.size() == 0 ? null : team(rows.iterator().next()));
    }

    /** analytics-service's numbers of a team, computed at {@code computedAt}. */
    public record Performance(int ticketsCompleted, BigDecimal customerRating, int responseTime, BigDecimal completionRate,
                              BigDecimal efficiency, Instant computedAt) {
    }

    /**
     * Stores a team's numbers unless it holds numbers computed later; the version (the ETag) moves only when the body
     * changes. Percentages beyond the column's 999.99 are stored as 999.99.
     */
    public Uni<Void> setPerformance(SqlClient db, int id, Performance p) {
        return db.preparedQuery("WITH n AS (SELECT $2::int AS done, $3::numeric(3, 2) AS rating, $4::int AS response, "
                        + "LEAST($5, 999.99)::numeric(5, 2) AS completion, LEAST($6, 999.99)::numeric(5, 2) AS efficiency) "
                        + "UPDATE teams t SET tickets_completed = n.done, customer_rating = n.rating, response_time = n.response, "
                        + "completion_rate = n.completion, efficiency = n.efficiency, performance_at = $7, "
                        + "version = t.version + CASE WHEN " + CHANGED + " THEN 1 ELSE 0 END, "
                        + "updated_at = CASE WHEN " + CHANGED + " THEN now() ELSE t.updated_at END "
                        + "FROM n WHERE t.id = $1 AND (t.performance_at IS NULL OR t.performance_at < $7)")
                .execute(Tuple.tuple(Arrays.asList(id, p.ticketsCompleted(), p.customerRating(), p.responseTime(),
                        p.completionRate(), p.efficiency(), p.computedAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** A renamed zone stays the primary zone of its teams; answers the teams changed. */
    public Uni<List<Team>> renameZone(SqlClient db, String from, String to) {
        return db.preparedQuery("UPDATE teams AS t SET zone = $1, version = version + 1, updated_at = now() WHERE zone = $2 RETURNING " + COLUMNS)
                .execute(Tuple.of(to, from)).map(TeamRepository::teams);
    }

    public Uni<Void> recordStatusChange(SqlClient db, int teamId, String from, String to, String by) {
        return db.preparedQuery("INSERT INTO team_status_changes (team_id, from_status, to_status, changed_by) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(teamId, from, to, by)).replaceWithVoid();
    }

    /** Locks the team row for the rest of the transaction (status and zone changes serialise per team). */
    public Uni<Team> lock(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM teams t WHERE t.id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : team(rows.iterator().next()));
    }

    public Uni<Void> replaceZones(SqlClient db, int teamId, List<Team.ZoneLink> links) {
        Uni<?> chain = db.preparedQuery("DELETE FROM team_zones WHERE team_id = $1").execute(Tuple.of(teamId));
        List<Tuple> rows = links.stream().map(l -> Tuple.of(teamId, l.zoneId(), l.primary())).toList();
        return chain.chain(() -> rows.isEmpty() ? Uni.createFrom().voidItem()
                : db.preparedQuery("INSERT INTO team_zones (team_id, zone_id, is_primary) VALUES ($1, $2, $3)")
                        .executeBatch(rows).replaceWithVoid());
    }

    /** A new version for a change of what belongs to the team (its members), so readers can order the events. */
    public Uni<Team> touch(SqlClient db, int id) {
        return db.preparedQuery("UPDATE teams AS t SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id)).map(rows -> team(rows.iterator().next()));
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    static List<Team> teams(Iterable<Row> rows) {
        List<Team> teams = new ArrayList<>();
        rows.forEach(row -> teams.add(team(row)));
        return teams;
    }

    static Team team(Row row) {
        return new Team(row.getInteger("id"), row.getString("name"), row.getString("zone"), row.getString("description"),
                row.getBoolean("is_active"), row.getInteger("tickets_completed"), row.getBigDecimal("customer_rating"),
                row.getInteger("response_time"), row.getBigDecimal("completion_rate"), row.getBigDecimal("efficiency"),
                row.getString("status"), row.getInteger("version"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), zoneLinks(row.getJsonArray("zone_links")), row.getInteger("capacity"),
                List.of(row.getArrayOfStrings("categories")));
    }

    private static List<Team.ZoneLink> zoneLinks(JsonArray links) {
        List<Team.ZoneLink> zones = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            JsonArray link = links.getJsonArray(i);
            zones.add(new Team.ZoneLink(link.getInteger(0), link.getBoolean(1)));
        }
        return zones;
    }
}
