package io.aiff.analytics.repository;

import io.aiff.analytics.DailyPerformance;
import io.aiff.analytics.TeamPerformance;
import io.aiff.analytics.ZonePerformance;
import io.aiff.analytics.service.Period;
import io.aiff.analytics.service.Reach;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The numbers, computed from the facts when asked (live: an event's effect shows on the next read). Each statement
 * takes the caller's reach as $1 (everything), $2 (zone ids) and $3 (zone names of a legacy token), the period as $4
 * (start) and $5 (end, exclusive), and optionally the teams or zones as $6 ({@link #variant}). The definitions are in the
 * README.
 */
@ApplicationScoped
public class PerformanceRepository {

    /** The current generation of the facts (a rebuild swaps it). */
    private static final String CURRENT = "generation = (SELECT current FROM facts_generation)";
    /** The caller's reach on ticket_facts, on assignment_facts, and on ticket_facts f: filled in by {@link #variant}. */
    private static final String REACH = CURRENT + " AND {R}";
    private static final String ASSIGNMENTS_REACH = CURRENT + " AND {RA}";
    private static final String ACTIVE = "('assigned', 'in_progress')";
    private static final String BACKLOG = "('open', 'assigned', 'in_progress', 'on_hold', 'pending')";
    /** Minutes from creation to resolution, paused time excluded. */
    private static final String RESOLVE_MINUTES = "((date_part('epoch', resolved_at - created_at) - paused_seconds) / 60)";
    private static final String RESPOND_MINUTES = "(date_part('epoch', first_response_at - created_at) / 60)";

    /** What every period's resolutions say, grouped by the given column (team_id or zone_id). */
    private static String resolved(String by, String filter) {
        return "SELECT " + by + ", count(*) AS resolved, round(avg(" + RESOLVE_MINUTES + ")::numeric, 1) AS resolve_minutes, "
                + "count(*) FILTER (WHERE resolution_met) AS resolution_met, count(*) FILTER (WHERE NOT resolution_met) AS resolution_breached, "
                + "count(*) FILTER (WHERE reopen_count = 0 AND reassignment_count = 0) AS first_time_fixed, "
                + "count(*) FILTER (WHERE reopen_count > 0) AS reopened, round(avg(rating), 2) AS rating, count(rating) AS rated, "
                + "count(*) FILTER (WHERE rating >= 4) AS satisfied "
                + "FROM ticket_facts WHERE resolved_at >= $4 AND resolved_at < $5 AND " + by + " IS NOT NULL AND " + REACH + filter
                + " GROUP BY " + by;
    }

    private static String responded(String by, String filter) {
        return "SELECT " + by + ", round(avg(" + RESPOND_MINUTES + ")::numeric, 1) AS respond_minutes, "
                + "count(*) FILTER (WHERE response_met) AS response_met, count(*) FILTER (WHERE NOT response_met) AS response_breached "
                + "FROM ticket_facts WHERE first_response_at >= $4 AND first_response_at < $5 AND " + by + " IS NOT NULL AND "
                + REACH + filter + " GROUP BY " + by;
    }

    private static final String TEAM_FILTER = " AND {ONE:team_id}";
    private static final String TEAMS = "WITH resolved AS (" + resolved("team_id", TEAM_FILTER) + "), "
            + "responded AS (" + responded("team_id", TEAM_FILTER) + "), "
            // Hands-on time against working time, over the tickets resolved in the period whose assignment reported both.
            + "worked AS (SELECT f.team_id, sum(a.time_spent) AS spent, "
            + "sum((date_part('epoch', f.resolved_at - f.created_at) - f.paused_seconds) / 60) AS working "
            + "FROM ticket_facts f JOIN assignment_facts a ON a.generation = f.generation AND a.assignment_id = f.assignment_id "
            + "WHERE f.resolved_at >= $4 AND f.resolved_at < $5 AND f.created_at IS NOT NULL AND a.time_spent IS NOT NULL "
            + "AND f.generation = (SELECT current FROM facts_generation) AND {RF} AND {ONE:f.team_id} GROUP BY f.team_id), "
            + "work AS (SELECT team_id, count(*) FILTER (WHERE assigned_at >= $4 AND assigned_at < $5) AS assigned, "
            + "count(*) FILTER (WHERE assigned_at >= $4 AND assigned_at < $5 AND status = 'completed') AS completed, "
            + "round(avg(time_spent) FILTER (WHERE completed_at >= $4 AND completed_at < $5), 1) AS time_spent, "
            + "round(avg(quality_score) FILTER (WHERE completed_at >= $4 AND completed_at < $5), 2) AS quality, "
            + "count(*) FILTER (WHERE status IN " + ACTIVE + ") AS active "
            + "FROM assignment_facts WHERE " + ASSIGNMENTS_REACH + TEAM_FILTER + " GROUP BY team_id), "
            + "teams AS (SELECT team_id FROM resolved UNION SELECT team_id FROM responded UNION SELECT team_id FROM work) "
            + "SELECT t.team_id, coalesce(r.resolved, 0), r.rating, s.respond_minutes, "
            + "round(w.completed::numeric / nullif(w.assigned, 0), 4), round((k.spent / nullif(k.working, 0))::numeric, 4), coalesce(w.active, 0), "
            + "w.time_spent, w.quality, r.resolve_minutes, "
            + "round(s.response_met::numeric / nullif(s.response_met + s.response_breached, 0), 4), "
            + "round(r.resolution_met::numeric / nullif(r.resolution_met + r.resolution_breached, 0), 4), "
            + "round(r.first_time_fixed::numeric / nullif(r.resolved, 0), 4), round(r.reopened::numeric / nullif(r.resolved, 0), 4), "
            + "round(r.satisfied::numeric / nullif(r.rated, 0), 4), coalesce(w.assigned, 0), coalesce(w.completed, 0) "
            + "FROM teams t LEFT JOIN resolved r USING (team_id) LEFT JOIN responded s USING (team_id) "
            + "LEFT JOIN worked k USING (team_id) LEFT JOIN work w USING (team_id) ORDER BY t.team_id";

    private static final String ZONE_FILTER = " AND {ONE:zone_id}";
    private static final String ZONES = "WITH resolved AS (" + resolved("zone_id", ZONE_FILTER) + "), "
            + "responded AS (" + responded("zone_id", ZONE_FILTER) + "), "
            + "created AS (SELECT zone_id, count(*) AS created FROM ticket_facts WHERE created_at >= $4 AND created_at < $5 "
            + "AND zone_id IS NOT NULL AND " + REACH + ZONE_FILTER + " GROUP BY zone_id), "
            + "closed AS (SELECT zone_id, count(*) AS closed FROM ticket_facts WHERE closed_at >= $4 AND closed_at < $5 "
            + "AND zone_id IS NOT NULL AND " + REACH + ZONE_FILTER + " GROUP BY zone_id), "
            // Age now, paused time (including a pause still running) excluded, in days.
            + "backlog AS (SELECT zone_id, count(*) AS open, "
            + "count(*) FILTER (WHERE age < 1) AS d1, count(*) FILTER (WHERE age >= 1 AND age < 3) AS d3, "
            + "count(*) FILTER (WHERE age >= 3 AND age < 7) AS d7, count(*) FILTER (WHERE age >= 7) AS older "
            + "FROM (SELECT zone_id, (date_part('epoch', now() - created_at) - paused_seconds "
            + "- coalesce(date_part('epoch', now() - paused_since), 0)) / 86400 AS age FROM ticket_facts "
            + "WHERE status IN " + BACKLOG + " AND created_at IS NOT NULL AND zone_id IS NOT NULL AND " + REACH + ZONE_FILTER + ") b "
            + "GROUP BY zone_id), "
            + "teams AS (SELECT zone_id, count(DISTINCT team_id) FILTER (WHERE assigned_at >= $4 AND assigned_at < $5) AS total, "
            + "count(DISTINCT team_id) FILTER (WHERE status IN " + ACTIVE + ") AS active FROM assignment_facts "
            + "WHERE zone_id IS NOT NULL AND " + ASSIGNMENTS_REACH + ZONE_FILTER + " GROUP BY zone_id), "
            + "names AS (SELECT DISTINCT ON (zone_id) zone_id, zone FROM ticket_facts WHERE zone_id IS NOT NULL AND " + REACH
            + ZONE_FILTER + " ORDER BY zone_id, updated_at DESC), "
            + "zones AS (SELECT zone_id FROM resolved UNION SELECT zone_id FROM responded UNION SELECT zone_id FROM created "
            + "UNION SELECT zone_id FROM closed UNION SELECT zone_id FROM backlog UNION SELECT zone_id FROM teams) "
            + "SELECT z.zone_id, n.zone, coalesce(t.total, 0), coalesce(t.active, 0), coalesce(c.created, 0), coalesce(b.open, 0), "
            + "coalesce(x.closed, 0), coalesce(r.resolved, 0), s.respond_minutes, r.resolve_minutes, r.rating, "
            + "round(s.response_met::numeric / nullif(s.response_met + s.response_breached, 0), 4), "
            + "round(r.resolution_met::numeric / nullif(r.resolution_met + r.resolution_breached, 0), 4), "
            + "round(r.first_time_fixed::numeric / nullif(r.resolved, 0), 4), round(r.reopened::numeric / nullif(r.resolved, 0), 4), "
            + "round(r.satisfied::numeric / nullif(r.rated, 0), 4), "
            + "coalesce(b.open, 0), coalesce(b.d1, 0), coalesce(b.d3, 0), coalesce(b.d7, 0), coalesce(b.older, 0) "
            + "FROM zones z LEFT JOIN names n USING (zone_id) LEFT JOIN resolved r USING (zone_id) LEFT JOIN responded s USING (zone_id) "
            + "LEFT JOIN created c USING (zone_id) LEFT JOIN closed x USING (zone_id) LEFT JOIN backlog b USING (zone_id) "
            + "LEFT JOIN teams t USING (zone_id) ORDER BY z.zone_id";

    /**
     * $6 the zone or null, $7 the time zone, $8 day | week | month, $9 and $10 the first and last day. The days the
     * daily view answers for ({@code history.daily}, which applies the reach itself; {@code V5__daily_history.sql}),
     * the later ones (yesterday and today, or every day before the first refresh) live from the facts from
     * {@code live}: one sum per day and zone either way, then added up per period.
     */
    private static final String DAILY = "WITH t AS (SELECT greatest($4, (coalesce(history.refreshed_through($7) + 1, $9::date))::timestamp "
            + "AT TIME ZONE $7) AS live), "
            + "live AS (SELECT (at AT TIME ZONE $7)::date AS day, zone_id, zone, created, resolved, closed, resolve_minutes, "
            + "(resolve_minutes IS NOT NULL)::int AS resolve_count, met, breached FROM ("
            + "SELECT zone_id, zone, created_at AS at, 1 AS created, 0 AS resolved, 0 AS closed, NULL::float8 AS resolve_minutes, "
            + "0 AS met, 0 AS breached FROM ticket_facts WHERE created_at >= (SELECT live FROM t) AND created_at < $5 AND "
            + REACH + ZONE_FILTER + " UNION ALL "
            + "SELECT zone_id, zone, resolved_at, 0, 1, 0, " + RESOLVE_MINUTES + ", (resolution_met IS TRUE)::int, (resolution_met IS FALSE)::int "
            + "FROM ticket_facts WHERE resolved_at >= (SELECT live FROM t) AND resolved_at < $5 AND " + REACH + ZONE_FILTER + " UNION ALL "
            + "SELECT zone_id, zone, closed_at, 0, 0, 1, NULL, 0, 0 FROM ticket_facts WHERE closed_at >= (SELECT live FROM t) "
            + "AND closed_at < $5 AND " + REACH + ZONE_FILTER + ") x WHERE zone_id IS NOT NULL), "
            + "rows AS (SELECT day, zone_id, zone, created, resolved, closed, resolve_minutes, resolve_count, met, breached FROM live "
            + "UNION ALL SELECT day, zone_id, zone, created, resolved, closed, resolve_minutes, resolve_count, resolution_met, "
            + "resolution_breached FROM history.daily($1, $2, $3, $9::date, $10::date, ($6::int[])[1], $7)) "
            + "SELECT date_trunc($8, day)::date AS period, zone_id, max(zone), sum(created)::bigint, sum(resolved)::bigint, "
            + "sum(closed)::bigint, round((sum(resolve_minutes) / nullif(sum(resolve_count), 0))::numeric, 1), "
            + "round(sum(met)::numeric / nullif(sum(met) + sum(breached), 0), 4) FROM rows GROUP BY 1, 2 ORDER BY 1, 2";

    /**
     * Each statement in the forms a prepared statement's generic plan can use indexes for: the reach and the "one
     * team or zone, or all" filter are written out per case (a parameter OR a column would make PostgreSQL scan the
     * table) — only parameter-only conditions stay, which it evaluates once. Every form still takes the same
     * parameters. Built from the constant fragments above, never from input.
     */
    static String variant(String template, Reach reach, boolean one) {
        String facts;
        String prefixed;
        String assignments;
        if (reach.all()) {
            facts = "($1 OR cardinality($2::int[]) < 0 OR cardinality($3::text[]) < 0)";
            prefixed = facts;
            assignments = "$1";
        } else if (reach.zoneNames().length == 0) {
            facts = "(NOT $1 AND zone_id = ANY($2) AND cardinality($3::text[]) >= 0)";
            prefixed = "(NOT $1 AND f.zone_id = ANY($2) AND cardinality($3::text[]) >= 0)";
            assignments = "(NOT $1 AND zone_id = ANY($2))";
        } else {
            facts = "(NOT $1 AND (zone_id = ANY($2) OR zone = ANY($3)))";
            prefixed = "(NOT $1 AND (f.zone_id = ANY($2) OR f.zone = ANY($3)))";
            assignments = "(NOT $1 AND zone_id = ANY($2))";
        }
        String sql = template.replace("{RF}", prefixed).replace("{RA}", assignments).replace("{R}", facts);
        for (String column : new String[] {"f.team_id", "team_id", "zone_id"}) {
            sql = sql.replace("{ONE:" + column + "}", one ? column + " = ANY($6::int[])" : "$6::int[] IS NULL");
        }
        return sql;
    }

    private final Pool db;
    private final Map<String, String> variants = new ConcurrentHashMap<>();

    public PerformanceRepository(Pool db) {
        this.db = db;
    }

    private String sql(String name, String template, Reach reach, boolean one) {
        String key = name + (reach.all() ? ":all" : reach.zoneNames().length == 0 ? ":zones" : ":names") + (one ? ":one" : ":every");
        return variants.computeIfAbsent(key, k -> variant(template, reach, one));
    }

    /** Every team with numbers in the caller's reach, or those given (of them, those with numbers there). */
    public Uni<List<TeamPerformance>> teams(Reach reach, Period period, Collection<Integer> teamIds) {
        return db.preparedQuery(sql("teams", TEAMS, reach, teamIds != null)).execute(args(reach, period, teamIds)).map(rows -> {
            List<TeamPerformance> teams = new ArrayList<>();
            for (Row r : rows) {
                teams.add(new TeamPerformance(r.getInteger(0), r.getLong(1), r.getBigDecimal(2), r.getBigDecimal(3),
                        r.getBigDecimal(4), r.getBigDecimal(5), r.getLong(6), r.getBigDecimal(7), r.getBigDecimal(8),
                        r.getBigDecimal(9), r.getBigDecimal(10), r.getBigDecimal(11), r.getBigDecimal(12), r.getBigDecimal(13),
                        r.getBigDecimal(14), r.getLong(15), r.getLong(16)));
            }
            return teams;
        });
    }

    public Uni<List<ZonePerformance>> zones(Reach reach, Period period, Collection<Integer> zoneIds) {
        return db.preparedQuery(sql("zones", ZONES, reach, zoneIds != null)).execute(args(reach, period, zoneIds)).map(rows -> {
            List<ZonePerformance> zones = new ArrayList<>();
            for (Row r : rows) {
                zones.add(new ZonePerformance(r.getInteger(0), r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4),
                        r.getLong(5), r.getLong(6), r.getLong(7), r.getBigDecimal(8), r.getBigDecimal(9), r.getBigDecimal(10),
                        r.getBigDecimal(11), r.getBigDecimal(12), r.getBigDecimal(13), r.getBigDecimal(14), r.getBigDecimal(15),
                        new ZonePerformance.Backlog(r.getLong(16), r.getLong(17), r.getLong(18), r.getLong(19), r.getLong(20))));
            }
            return zones;
        });
    }

    /** Per zone and day (or ISO week, or month: {@code unit}), in the period's time zone. */
    public Uni<List<DailyPerformance>> daily(Reach reach, Period period, Integer zoneId, String unit) {
        Tuple args = args(reach, period, zoneId == null ? null : List.of(zoneId)).addString(period.zone().getId()).addString(unit)
                .addLocalDate(period.from()).addLocalDate(period.to());
        return db.preparedQuery(sql("daily", DAILY, reach, zoneId != null)).execute(args).map(rows -> {
            List<DailyPerformance> days = new ArrayList<>();
            for (Row r : rows) {
                days.add(new DailyPerformance(r.getLocalDate(0), r.getInteger(1), r.getString(2), r.getLong(3), r.getLong(4),
                        r.getLong(5), r.getBigDecimal(6), r.getBigDecimal(7)));
            }
            return days;
        });
    }

    private static Tuple args(Reach reach, Period period, Collection<Integer> ids) {
        return Tuple.tuple(Arrays.asList(reach.all(), reach.zoneIds(), reach.zoneNames(), time(period.start()),
                time(period.end()), ids == null ? null : ids.toArray(Integer[]::new)));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
