package io.aiff.ticket.repository;

import io.aiff.ticket.Team;
import io.aiff.ticket.Zone;
import io.aiff.ticket.client.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;

/**
 * SQL of the directory ({@code zones}, {@code teams}, {@code team_zones}): ticket-service's copy of team-service's
 * zones and teams. A row is replaced only by a newer version, so events and fills may arrive in any order.
 */
@ApplicationScoped
public class DirectoryRepository {

    private static final String TEAM = "SELECT t.id, t.name, t.is_active, t.status, t.version, t.capacity, t.categories, "
            + "coalesce(array_agg(tz.zone_id ORDER BY tz.is_primary DESC, tz.zone_id) FILTER (WHERE tz.zone_id IS NOT NULL), '{}') AS zone_ids "
            + "FROM teams t LEFT JOIN team_zones tz ON tz.team_id = t.id WHERE t.id = $1 GROUP BY t.id";

    public Uni<Zone> zone(SqlClient db, int id) {
        return db.preparedQuery("SELECT id, name, centre, coverage_area, version FROM zones WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : zone(rows.iterator().next()));
    }

    public Uni<Zone> zoneNamed(SqlClient db, String name) {
        return db.preparedQuery("SELECT id, name, centre, coverage_area, version FROM zones WHERE name = $1 ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(name)).map(rows -> rows.size() == 0 ? null : zone(rows.iterator().next()));
    }

    public Uni<Team> team(SqlClient db, int id) {
        return db.preparedQuery(TEAM).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : team(rows.iterator().next()));
    }

    /**
     * Stores the zone when it is newer than the copy; then tickets of the previous release (no zone id yet) get its
     * id, and tickets of a renamed zone show the new name (a new version: their representation changed). Answers
     * whether the copy changed. Run in the system scope.
     */
    public Uni<Boolean> putZone(SqlClient db, Zone z) {
        return db.preparedQuery("INSERT INTO zones (id, name, centre, coverage_area, version) VALUES ($1, $2, $3, $4, $5) "
                        + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, centre = excluded.centre, "
                        + "coverage_area = excluded.coverage_area, version = excluded.version, updated_at = now() "
                        + "WHERE zones.version < excluded.version")
                .execute(Tuple.of(z.id(), z.name(), z.centre(), z.coverageArea(), z.version()))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : db.preparedQuery("UPDATE tickets SET zone_id = $1 WHERE zone_id IS NULL AND zone = $2")
                                .execute(Tuple.of(z.id(), z.name()))
                                .chain(() -> db.preparedQuery("UPDATE tickets SET zone = $2, version = version + 1, updated_at = now() "
                                        + "WHERE zone_id = $1 AND zone IS DISTINCT FROM $2").execute(Tuple.of(z.id(), z.name())))
                                .replaceWith(true));
    }

    /**
     * Stores the team and its zones when newer than the copy; answers whether the copy changed. Zones the source did
     * not state (null) stay as they were.
     */
    public Uni<Boolean> putTeam(SqlClient db, Team t) {
        return db.preparedQuery("INSERT INTO teams (id, name, is_active, status, version, capacity, categories) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7) "
                        + "ON CONFLICT (id) DO UPDATE SET name = excluded.name, is_active = excluded.is_active, "
                        + "status = excluded.status, version = excluded.version, capacity = excluded.capacity, "
                        + "categories = excluded.categories, updated_at = now() WHERE teams.version < excluded.version")
                .execute(Tuple.tuple(Arrays.asList(t.id(), t.name(), t.active(), t.status(), t.version(), t.capacity(),
                        t.categories().toArray(String[]::new))))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : t.zoneIds() == null ? Uni.createFrom().item(true)
                        : db.preparedQuery("DELETE FROM team_zones WHERE team_id = $1").execute(Tuple.of(t.id()))
                                .chain(() -> db.preparedQuery("INSERT INTO team_zones (team_id, zone_id, is_primary) "
                                                + "SELECT $1, z, ordinality = 1 FROM unnest($2::int[]) WITH ORDINALITY u (z, ordinality)")
                                        .execute(Tuple.of(t.id(), t.zoneIds().toArray(Integer[]::new))))
                                .replaceWith(true));
    }

    /**
     * Replaces a team's members when they are newer than the copy's (versioned apart from the team: a team event
     * without members says nothing about them); answers whether they changed. The team must be known. System scope.
     */
    public Uni<Boolean> putMembers(SqlClient db, TeamDirectory.Members m) {
        return db.preparedQuery("UPDATE teams SET members_version = $2 WHERE id = $1 AND members_version < $2")
                .execute(Tuple.of(m.teamId(), m.version()))
                .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : db.preparedQuery("DELETE FROM team_members WHERE team_id = $1").execute(Tuple.of(m.teamId()))
                                .chain(() -> db.preparedQuery("INSERT INTO team_members (team_id, user_id) "
                                                + "SELECT $1, u FROM unnest($2::int[]) u ON CONFLICT DO NOTHING")
                                        .execute(Tuple.of(m.teamId(), m.userIds().toArray(Integer[]::new))))
                                .replaceWith(true));
    }

    public Uni<Boolean> isMember(SqlClient db, int teamId, int userId) {
        return db.preparedQuery("SELECT EXISTS (SELECT FROM team_members WHERE team_id = $1 AND user_id = $2)")
                .execute(Tuple.of(teamId, userId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** A team's rule facts as locked: open assignments (kept by a trigger on assignments, R__scope.sql) and the rest. */
    public record Load(int teamId, int open, int capacity, boolean active, String status) {
    }

    /**
     * The teams' facts, their rows locked in id order for the rest of the transaction: assignments to one team take
     * turns (two at once cannot both take its last free place), and every path takes team rows in the same order.
     */
    public Uni<List<Load>> lockLoads(SqlClient db, List<Integer> teamIds) {
        return db.preparedQuery("SELECT id, open_assignments, capacity, is_active, status FROM teams WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(teamIds.toArray(Integer[]::new)))
                .map(rows -> {
                    List<Load> loads = new java.util.ArrayList<>();
                    rows.forEach(r -> loads.add(new Load(r.getInteger(0), r.getInteger(1), r.getInteger(2), r.getBoolean(3), r.getString(4))));
                    return loads;
                });
    }

    private static Zone zone(Row row) {
        return new Zone(row.getInteger("id"), row.getString("name"), row.get(Point.class, "centre"),
                row.get(Polygon.class, "coverage_area"), row.getInteger("version"));
    }

    private static Team team(Row row) {
        Integer[] zones = row.getArrayOfIntegers("zone_ids");
        return new Team(row.getInteger("id"), row.getString("name"), row.getBoolean("is_active"), row.getString("status"),
                row.getInteger("version"), zones == null ? List.of() : Arrays.asList(zones), row.getInteger("capacity"),
                List.of(row.getArrayOfStrings("categories")));
    }
}
