package io.aiff.analytics.rest;

import io.aiff.common.db.metrics.DatabaseMetrics;
import io.aiff.common.db.retention.Retention;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metric retention (docs/api.md "Data lifecycle"): daily metric rows older than two years go once their month is kept
 * as a monthly rollup, worked out exactly from the day sums; other services' old rows go; recent rows and monthly
 * rollups stay; the preview (service tokens with retention:read) shows what the run takes.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
class MetricRetentionTest {

    /** A zone and team of this test alone, and a month three years back. */
    static final int ZONE = 9901;
    static final int TEAM = 9902;
    static final LocalDate MONTH = LocalDate.of(2023, 3, 1);

    @Inject
    Pool db;

    @Inject
    Retention retention;

    @Inject
    DatabaseMetrics metrics;

    @Inject
    MeterRegistry registry;

    private List<Row> rows(String sql, Tuple parameters) {
        List<Row> rows = new ArrayList<>();
        db.preparedQuery(sql).execute(parameters).await().indefinitely().forEach(rows::add);
        return rows;
    }

    private void dayOfWork(LocalDate day, int created, int resolved, int met, int breached, double minutes) {
        db.preparedQuery("INSERT INTO fact_days (generation, zone_id, team_id, day, zone, created, resolved, resolve_minutes, "
                        + "resolve_count, resolution_met, resolution_breached) VALUES ((SELECT current FROM facts_generation), "
                        + "$1, $2, $3, 'Retention Zone', $4, $5, $6, $5, $7, $8)")
                .execute(Tuple.tuple(List.of(ZONE, TEAM, day, created, resolved, minutes, met, breached))).await().indefinitely();
        db.preparedQuery("INSERT INTO analytics (metric_name, metric_type, metric_value, metric_unit, team_id, period_start, "
                        + "period_end, metadata, data_source) VALUES ('tickets_created', 'performance', $1, 'count', $2, $3, $4, "
                        + "jsonb_build_object('rollup', 'daily', 'day', $5::text), 'system')")
                .execute(Tuple.tuple(List.of(created, TEAM, day.atStartOfDay().atOffset(ZoneOffset.UTC),
                        day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC), day.toString())))
                .await().indefinitely();
    }

    private int external(String name, OffsetDateTime end) {
        return rows("INSERT INTO analytics (metric_name, metric_type, metric_value, metric_unit, team_id, period_start, period_end, "
                + "data_source) VALUES ($1, 'efficiency', 50, 'percentage', $2, $3, $3, 'client:reports') RETURNING id",
                Tuple.of(name, TEAM, end)).get(0).getInteger(0);
    }

    @Test
    void oldDailyRowsGoAfterTheirMonthIsKeptExactlyAndRecentRowsStay() {
        dayOfWork(MONTH.plusDays(4), 3, 2, 1, 1, 120);
        dayOfWork(MONTH.plusDays(19), 5, 4, 4, 0, 60);
        int oldExternal = external("survey-old", MONTH.plusDays(10).atStartOfDay().atOffset(ZoneOffset.UTC));
        int recentExternal = external("survey-recent", OffsetDateTime.now().minusDays(30));

        JsonPath preview = given().auth().oauth2(TestTokens.service("gateway", "retention:read"))
                .when().get("/internal/retention/preview").then().statusCode(200).extract().jsonPath();
        Map<String, Long> due = new HashMap<>();
        for (Map<String, Object> item : preview.<Map<String, Object>>getList("items")) {
            due.merge(item.get("action") + ":" + item.get("month"), ((Number) item.get("rows")).longValue(), Long::sum);
        }
        assertTrue(due.getOrDefault("purge:2023-03", 0L) >= 3, "two daily rows and one recorded: " + due);
        assertTrue(due.getOrDefault("rollup:2023-03", 0L) >= 1, due.toString());
        given().auth().oauth2(TestTokens.admin()).when().get("/internal/retention/preview").then().statusCode(403);

        Retention.Run run = retention.run(LocalDate.of(2001, 2, 1)).await().indefinitely();
        assertNotNull(run);

        // The month's numbers per team, exact from the day sums: 8 created, 6 resolved, 180 minutes over 6, 5 of 6 met.
        Map<String, Double> monthly = new HashMap<>();
        for (Row r : rows("SELECT metric_name, metric_value::float8 FROM analytics WHERE data_source = 'system' AND team_id = $1 "
                + "AND metadata ->> 'rollup' = 'monthly' AND metadata ->> 'month' = '2023-03'", Tuple.of(TEAM))) {
            monthly.put(r.getString(0), r.getDouble(1));
        }
        assertEquals(8.0, monthly.get("tickets_created"));
        assertEquals(6.0, monthly.get("tickets_resolved"));
        assertEquals(30.0, monthly.get("mean_time_to_resolve"));
        assertEquals(83.33, monthly.get("resolution_sla_compliance"));
        assertEquals(1, rows("SELECT count(*) FROM analytics WHERE metadata ->> 'rollup' = 'monthly' AND metadata ->> 'month' = '2023-03' "
                + "AND (metadata ->> 'zone_id')::int = $1 AND metric_name = 'tickets_created' AND metric_value = 8", Tuple.of(ZONE))
                .get(0).getLong(0), "and per zone");

        assertEquals(0, rows("SELECT count(*) FROM analytics WHERE team_id = $1 AND metadata ->> 'rollup' = 'daily'", Tuple.of(TEAM))
                .get(0).getLong(0), "the daily rows went");
        assertEquals(List.of(recentExternal), rows("SELECT id FROM analytics WHERE id = ANY($1)",
                Tuple.of(new Integer[] {oldExternal, recentExternal})).stream().map(r -> r.getInteger(0)).toList());

        // A second run (another day) rolls nothing up twice.
        retention.run(LocalDate.of(2001, 2, 2)).await().indefinitely();
        assertEquals(1, rows("SELECT count(*) FROM analytics WHERE team_id = $1 AND metadata ->> 'month' = '2023-03' "
                + "AND metric_name = 'tickets_created'", Tuple.of(TEAM)).get(0).getLong(0));
    }

    @Test
    void theDailyHistorysAgeIsMeasured() {
        metrics.refresh().await().indefinitely();
        assertNotNull(registry.find("aiff.analytics.daily.history.age.seconds").gauge(), "the daily history's age");
        assertTrue(registry.find("aiff.db.table.size.bytes").tag("table", "public.fact_days").gauge().value() > 0);
    }
}
