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
    /** The caller's reach on ticket_facts or fact_days, and on assignment_facts: filled in by {@link #variant}. */
    private static final String REACH = CURRENT + " AND {R}";
    private static final String ASSIGNMENTS_REACH = CURRENT + " AND {RA}";
    private static final String ACTIVE = "('assigned', 'in_progress')";
    private static final String BACKLOG = "('open', 'assigned', 'in_progress', 'on_hold', 'pending')";

    /** A period's day sums ({@code fact_days}, $7 first day, $8 last day), as the team and zone numbers need them. */
    private static final String DAY_SUMS = "sum(resolved) AS resolved, sum(resolve_minutes) AS rm, sum(resolve_count) AS rc, "
            + "sum(resolution_met) AS res_met, sum(resolution_breached) AS res_br, sum(first_time_fixed) AS ftf, "
            + "sum(reopened) AS reopened, sum(rated) AS rated, sum(rating_sum) AS rating_sum, sum(satisfied) AS satisfied, "
            + "sum(respond_minutes) AS pm, sum(respond_count) AS pc, sum(response_met) AS p_met, sum(response_breached) AS p_br";
    private static final String IN_PERIOD = "day >= $7 AND day <= $8 AND ";
    /**
     * The means and rates both kinds share, from DAY_SUMS d: response and resolution minutes, rating, SLA shares,
     * first-time fixes, reopens, CSAT.
     */
    private static final String RATES = "round((d.pm / nullif(d.pc, 0))::numeric, 1) AS respond_minutes, "
            + "round((d.rm / nullif(d.rc, 0))::numeric, 1) AS resolve_minutes, "
            + "round((d.rating_sum / nullif(d.rated, 0))::numeric, 2) AS rating, "
            + "round((d.p_met / nullif(d.p_met + d.p_br, 0))::numeric, 4) AS response_sla, "
            + "round((d.res_met / nullif(d.res_met + d.res_br, 0))::numeric, 4) AS resolution_sla, "
            + "round((d.ftf / nullif(d.resolved, 0))::numeric, 4) AS ftf_rate, "
            + "round((d.reopened / nullif(d.resolved, 0))::numeric, 4) AS reopen_rate, "
            + "round((d.satisfied / nullif(d.rated, 0))::numeric, 4) AS satisfied_share";

    private static final String TEAM_FILTER = " AND {ONE:team_id}";
    /** Hands-on time against working time: over the tickets resolved in the period whose assignment reported both. */
    private static final String TEAMS = "WITH d AS (SELECT team_id, " + DAY_SUMS + ", sum(worked_spent) AS ws, "
            + "sum(worked_minutes) AS wm, sum(assigned) AS assigned, sum(assigned_completed) AS completed, sum(spent_sum) AS ss, "
            + "sum(spent_count) AS sc, sum(quality_sum) AS qs, sum(quality_count) AS qc FROM fact_days WHERE " + IN_PERIOD
            + "team_id <> 0 AND " + REACH + TEAM_FILTER + " GROUP BY team_id "
            // Teams with work in the period (a resolution, a response, an assignment given or completed) or held now.
            + "HAVING sum(resolved) + sum(responded) + sum(assigned) + sum(spent_count) + sum(quality_count) > 0), "
            + "active AS (SELECT team_id, count(*) AS active FROM assignment_facts WHERE status IN " + ACTIVE + " AND "
            + ASSIGNMENTS_REACH + TEAM_FILTER + " GROUP BY team_id) "
            + "SELECT team_id, coalesce(d.resolved, 0)::bigint, r.rating, r.respond_minutes, "
            + "round((d.completed / nullif(d.assigned, 0))::numeric, 4), "
            + "round((d.ws / nullif(d.wm, 0))::numeric, 4), coalesce(a.active, 0), round((d.ss / nullif(d.sc, 0))::numeric, 1), "
            + "round((d.qs / nullif(d.qc, 0))::numeric, 2), r.resolve_minutes, "
            + "r.response_sla, r.resolution_sla, r.ftf_rate, r.reopen_rate, "
            + "r.satisfied_share, coalesce(d.assigned, 0)::bigint, coalesce(d.completed, 0)::bigint "
            + "FROM d FULL JOIN active a USING (team_id) LEFT JOIN LATERAL (SELECT " + RATES + ") r ON true ORDER BY team_id";

    private static final String ZONE_FILTER = " AND {ONE:zone_id}";
    private static final String ZONES = "WITH d AS (SELECT zone_id, max(zone) AS zone, sum(created) AS created, sum(closed) AS closed, "
            + DAY_SUMS + ", count(DISTINCT team_id) FILTER (WHERE assigned > 0 AND team_id <> 0) AS teams FROM fact_days WHERE "
            + IN_PERIOD + "zone_id <> 0 AND " + REACH + ZONE_FILTER + " GROUP BY zone_id "
            + "HAVING sum(created) + sum(resolved) + sum(closed) + sum(responded) + sum(assigned) > 0), "
            // Age now, paused time (including a pause still running) excluded, in days.
            + "backlog AS (SELECT zone_id, count(*) AS open, "
            + "count(*) FILTER (WHERE age < 1) AS d1, count(*) FILTER (WHERE age >= 1 AND age < 3) AS d3, "
            + "count(*) FILTER (WHERE age >= 3 AND age < 7) AS d7, count(*) FILTER (WHERE age >= 7) AS older "
            + "FROM (SELECT zone_id, (date_part('epoch', now() - created_at) - paused_seconds "
            + "- coalesce(date_part('epoch', now() - paused_since), 0)) / 86400 AS age FROM ticket_facts "
            + "WHERE status IN " + BACKLOG + " AND created_at IS NOT NULL AND zone_id IS NOT NULL AND " + REACH + ZONE_FILTER + ") b "
            + "GROUP BY zone_id), "
            + "active AS (SELECT zone_id, count(DISTINCT team_id) AS active FROM assignment_facts WHERE status IN " + ACTIVE
            + " AND zone_id IS NOT NULL AND " + ASSIGNMENTS_REACH + ZONE_FILTER + " GROUP BY zone_id), "
            + "zones AS (SELECT zone_id FROM d UNION SELECT zone_id FROM backlog UNION SELECT zone_id FROM active) "
            // The backlog is read from its covering index only: a zone without days in the period takes its name from a fact.
            + "SELECT z.zone_id, coalesce(d.zone, (SELECT f.zone FROM ticket_facts f WHERE f." + CURRENT
            + " AND f.zone_id = z.zone_id LIMIT 1)), coalesce(d.teams, 0), coalesce(t.active, 0), coalesce(d.created, 0)::bigint, "
            + "coalesce(b.open, 0), coalesce(d.closed, 0)::bigint, coalesce(d.resolved, 0)::bigint, "
            + "r.respond_minutes, r.resolve_minutes, r.rating, r.response_sla, "
            + "r.resolution_sla, r.ftf_rate, r.reopen_rate, r.satisfied_share, "
            + "coalesce(b.open, 0), coalesce(b.d1, 0), coalesce(b.d3, 0), coalesce(b.d7, 0), coalesce(b.older, 0) "
            + "FROM zones z LEFT JOIN d USING (zone_id) LEFT JOIN backlog b USING (zone_id) LEFT JOIN active t USING (zone_id) "
            + "LEFT JOIN LATERAL (SELECT " + RATES + ") r ON true ORDER BY z.zone_id";

    /**
     * $6 the zone or null, $7 the time zone, $8 day | week | month ($4 and $5, the period's bounds, are midnights
     * there: its first day and the day after its last). The days the
     * daily view answers for ({@code history.daily}, which applies the reach itself; {@code V7}), the later ones
     * (yesterday and today, or every day before the first refresh) live from the day sums: one row per day and zone
     * either way, then added up per period.
     */
    private static final String DAILY = "WITH p AS (SELECT ($4::timestamptz AT TIME ZONE $7)::date AS first, "
            + "($5::timestamptz AT TIME ZONE $7)::date - 1 AS last), "
            + "t AS (SELECT greatest(p.first, coalesce(history.refreshed_through($7) + 1, p.first)) AS live FROM p), "
            + "live AS (SELECT day, zone_id, max(zone) AS zone, sum(created) AS created, sum(resolved) AS resolved, "
            + "sum(closed) AS closed, sum(resolve_minutes) AS resolve_minutes, sum(resolve_count) AS resolve_count, "
            + "sum(resolution_met) AS met, sum(resolution_breached) AS breached FROM fact_days WHERE day >= (SELECT live FROM t) "
            + "AND day <= (SELECT last FROM p) AND zone_id <> 0 AND " + REACH + ZONE_FILTER + " GROUP BY day, zone_id), "
            + "rows AS (SELECT day, zone_id, zone, created, resolved, closed, resolve_minutes, resolve_count, met, breached FROM live "
            + "UNION ALL SELECT day, zone_id, zone, created, resolved, closed, resolve_minutes, resolve_count, resolution_met, "
            + "resolution_breached FROM p, history.daily($1, $2, $3, p.first, p.last, ($6::int[])[1], $7)) "
            + "SELECT date_trunc($8, day)::date AS period, zone_id, max(zone), sum(created)::bigint, sum(resolved)::bigint, "
            + "sum(closed)::bigint, round((sum(resolve_minutes) / nullif(sum(resolve_count), 0))::numeric, 1), "
            + "round((sum(met) / nullif(sum(met) + sum(breached), 0))::numeric, 4) FROM rows GROUP BY 1, 2 "
            // Days on which something was created, resolved or closed (a day of responses only has no row).
            + "HAVING sum(created) + sum(resolved) + sum(closed) > 0 ORDER BY 1, 2";

    /**
     * Each statement in the forms a prepared statement's generic plan can use indexes for: the reach and the "one
     * team or zone, or all" filter are written out per case (a parameter OR a column would make PostgreSQL scan the
     * table) — only parameter-only conditions stay, which it evaluates once. Every form still takes the same
     * parameters. Built from the constant fragments above, never from input.
     */
    static String variant(String template, Reach reach, boolean one) {
        String facts;
        String assignments;
        if (reach.all()) {
            facts = "($1 OR cardinality($2::int[]) < 0 OR cardinality($3::text[]) < 0)";
            assignments = "$1";
        } else if (reach.zoneNames().length == 0) {
            facts = "(NOT $1 AND zone_id = ANY($2) AND cardinality($3::text[]) >= 0)";
            assignments = "(NOT $1 AND zone_id = ANY($2))";
        } else {
            facts = "(NOT $1 AND (zone_id = ANY($2) OR zone = ANY($3)))";
            assignments = "(NOT $1 AND zone_id = ANY($2))";
        }
        String sql = template.replace("{RA}", assignments).replace("{R}", facts);
        for (String column : new String[] {"team_id", "zone_id"}) {
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
        return db.preparedQuery(sql("teams", TEAMS, reach, teamIds != null)).execute(withDays(args(reach, period, teamIds), period)).map(rows -> {
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
        return db.preparedQuery(sql("zones", ZONES, reach, zoneIds != null)).execute(withDays(args(reach, period, zoneIds), period)).map(rows -> {
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
        Tuple args = args(reach, period, zoneId == null ? null : List.of(zoneId)).addString(period.zone().getId()).addString(unit);
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

    /** $7 and $8: the period's first and last day (of the day sums). */
    private static Tuple withDays(Tuple args, Period period) {
        return args.addLocalDate(period.from()).addLocalDate(period.to());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
