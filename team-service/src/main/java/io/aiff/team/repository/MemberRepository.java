package io.aiff.team.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** SQL of {@code team_members} and the scope of a user (their teams and those teams' zones). */
@ApplicationScoped
public class MemberRepository {

    public record Member(int userId, String roleInTeam, OffsetDateTime joinedAt) {
    }

    /** A user's active teams and those teams' zones, by id and by name (for display). */
    public record Scope(List<Integer> teamIds, List<Integer> zoneIds, List<String> zones) {
    }

    public Uni<List<Member>> of(SqlClient db, int teamId) {
        return db.preparedQuery("SELECT user_id, role_in_team, joined_at FROM team_members WHERE team_id = $1 ORDER BY user_id")
                .execute(Tuple.of(teamId)).map(rows -> {
                    List<Member> members = new ArrayList<>();
                    rows.forEach(r -> members.add(new Member(r.getInteger(0), r.getString(1), r.getOffsetDateTime(2))));
                    return members;
                });
    }

    /** The members of the teams after {@code afterTeamId}, team by team (at most {@code teams} teams; one more to page). */
    public Uni<List<TeamMembers>> byTeam(SqlClient db, int afterTeamId, int teams) {
        return db.preparedQuery("SELECT t.id, t.version, coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') "
                        + "FROM (SELECT id, version FROM teams WHERE id > $1 ORDER BY id LIMIT $2) t "
                        + "LEFT JOIN team_members m ON m.team_id = t.id GROUP BY t.id, t.version ORDER BY t.id")
                .execute(Tuple.of(afterTeamId, teams)).map(rows -> {
                    List<TeamMembers> all = new ArrayList<>();
                    rows.forEach(r -> all.add(new TeamMembers(r.getInteger(0), r.getInteger(1), List.of(r.getArrayOfIntegers(2)))));
                    return all;
                });
    }

    /** The user ids of a team's members, with the team's version they belong to. */
    public record TeamMembers(int teamId, int version, List<Integer> userIds) {
    }

    /** Replaces the members; those who stay keep their joined_at. */
    public Uni<Void> replace(SqlClient db, int teamId, List<Member> members) {
        Integer[] ids = members.stream().map(Member::userId).toArray(Integer[]::new);
        Uni<?> removed = db.preparedQuery("DELETE FROM team_members WHERE team_id = $1 AND NOT (user_id = ANY($2))")
                .execute(Tuple.of(teamId, ids));
        List<Tuple> rows = members.stream().map(m -> Tuple.of(teamId, m.userId(), m.roleInTeam())).toList();
        return removed.chain(() -> rows.isEmpty() ? Uni.createFrom().voidItem()
                : db.preparedQuery("INSERT INTO team_members (team_id, user_id, role_in_team) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (team_id, user_id) DO UPDATE SET role_in_team = excluded.role_in_team")
                        .executeBatch(rows).replaceWithVoid());
    }

    /** The user's active teams and the names of all zones of those teams. */
    public Uni<Scope> scopeOf(SqlClient db, int userId) {
        return db.preparedQuery("""
                        SELECT coalesce(array_agg(DISTINCT t.id) FILTER (WHERE t.id IS NOT NULL), '{}') AS team_ids,
                               coalesce(array_agg(DISTINCT z.id) FILTER (WHERE z.id IS NOT NULL), '{}') AS zone_ids,
                               coalesce(array_agg(DISTINCT z.name) FILTER (WHERE z.name IS NOT NULL), '{}') AS zones
                        FROM team_members m
                        JOIN teams t ON t.id = m.team_id AND t.is_active
                        LEFT JOIN team_zones tz ON tz.team_id = t.id
                        LEFT JOIN zones z ON z.id = tz.zone_id
                        WHERE m.user_id = $1""")
                .execute(Tuple.of(userId)).map(rows -> {
                    var row = rows.iterator().next();
                    return new Scope(List.of(row.getArrayOfIntegers("team_ids")), List.of(row.getArrayOfIntegers("zone_ids")),
                            List.of(row.getArrayOfStrings("zones")));
                });
    }
}
