package io.aiff.analytics.service;

import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.common.db.Outbox;
import io.aiff.common.db.OutboxRelay;
import io.aiff.common.db.retention.RetentionPlan;
import io.aiff.common.db.retention.RetentionStep;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * analytics-service's retention run (docs/api.md "Data lifecycle"): metric rows older than {@code aiff.analytics.retention}
 * (two years) go — the months they cover are first kept as monthly rollups ({@code history.rollup_months}, V9/V10: exact,
 * from the day sums), which stay. Published outbox rows go after their keep time. The facts and day sums behind the
 * live numbers are not purged here (a rebuild reads tickets, archived ones included, from ticket-service).
 */
@ApplicationScoped
public class MetricRetention implements RetentionPlan {

    /** What a metric row is kept by: rows a rollup wrote (daily, by their day), every other row by its period. */
    private static final String DUE = "data_source = 'system' AND metadata ->> 'rollup' = 'daily' AND period_start < $1 "
            + "OR NOT (data_source = 'system' AND coalesce(metadata ->> 'rollup', '') IN ('daily', 'monthly')) "
            + "AND coalesce(period_end, date_recorded) < $1";

    private final Duration keep;
    private final ZoneId zone;

    public MetricRetention(AnalyticsConfig config) {
        this.keep = config.retention();
        this.zone = config.timeZone();
    }

    /** The first day kept: the first of the month the retention period reaches back to (whole months go). */
    LocalDate firstKept() {
        return LocalDate.now(zone).minusDays(keep.toDays()).withDayOfMonth(1);
    }

    @Override
    public List<RetentionStep> steps() {
        LocalDate first = firstKept();
        Tuple since = Tuple.of(first.atStartOfDay(zone).toOffsetDateTime());
        return List.of(
                new RetentionStep("analytics", "rollup", "monthly rollups of every month, whatever its age", null,
                        // Teams and zones with a month to roll up (each is one row per KPI it has numbers for).
                        tx -> RetentionStep.months(tx, "SELECT k.month, count(*) FROM (SELECT DISTINCT to_char(d.day, 'YYYY-MM') AS month, "
                                + "d.team_id, NULL::int AS zone_id FROM fact_days d WHERE d.generation = (SELECT current FROM facts_generation) "
                                + "AND d.team_id <> 0 AND d.day < $1 UNION SELECT DISTINCT to_char(d.day, 'YYYY-MM'), NULL::int, d.zone_id "
                                + "FROM fact_days d WHERE d.generation = (SELECT current FROM facts_generation) AND d.zone_id <> 0 "
                                + "AND d.day < $1) k WHERE NOT EXISTS (SELECT FROM analytics a WHERE a.data_source = 'system' "
                                + "AND a.metadata ->> 'rollup' = 'monthly' AND a.metadata ->> 'month' = k.month "
                                + "AND a.team_id IS NOT DISTINCT FROM k.team_id AND (a.metadata ->> 'zone_id')::int IS NOT DISTINCT FROM k.zone_id) "
                                + "GROUP BY 1 ORDER BY 1", Tuple.of(first)),
                        (tx, size) -> RetentionStep.number(tx, "SELECT history.rollup_months($1, $2)", Tuple.of(zone.getId(), first))),
                new RetentionStep("analytics", RetentionStep.PURGE, "metric rows for " + keep.toDays() + " days (whole months)",
                        null,
                        tx -> RetentionStep.months(tx, "SELECT to_char(coalesce(period_start, date_recorded), 'YYYY-MM'), count(*) "
                                + "FROM analytics WHERE " + DUE + " GROUP BY 1 ORDER BY 1", since),
                        (tx, size) -> RetentionStep.count(tx, "DELETE FROM analytics WHERE id IN (SELECT id FROM analytics WHERE "
                                + "(" + DUE + ") ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)",
                                Tuple.of(first.atStartOfDay(zone).toOffsetDateTime(), size))),
                RetentionStep.outbox(OutboxRelay.KEEP_SENT));
    }

    @Override
    public Uni<Void> announce(SqlConnection tx, LocalDate day, Map<String, Integer> counts) {
        return Outbox.append(tx, RetentionPlan.completed(SummaryPublisher.SOURCE, day, counts));
    }
}
