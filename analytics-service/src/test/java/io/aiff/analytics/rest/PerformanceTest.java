package io.aiff.analytics.rest;

import io.aiff.analytics.Stories;
import io.aiff.analytics.service.Definitions;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers of one day of work (Stories.day(): four tickets in two zones, worked by three teams), fed as
 * ticket-service's events in a shuffled order with repeats, each figure worked out by hand; and who sees which.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
class PerformanceTest {

    private static final String PERIOD = "?from=2026-11-02&to=2026-11-02";

    @Inject
    Stories stories;

    @BeforeEach
    void feedTheDay() throws InterruptedException {
        stories.publishDayOnce();
    }

    private static JsonPath get(String token, String path) {
        return given().auth().oauth2(token).when().get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aTeamsNumbersAreThoseWorkedOutByHand() {
        JsonPath team = get(TestTokens.admin(), "/api/analytics/teams/7/performance" + PERIOD);
        assertEquals("2026-11-02", team.getString("from"));
        assertEquals("UTC", team.getString("time_zone"));
        assertEquals(1, team.getInt("definitions_version"));
        Map<String, Object> p = team.getMap("performance");
        // Tickets 1 and 2, both resolved by team 7.
        assertEquals(2, p.get("tickets_completed"));
        assertEquals(4.0f, ((Number) p.get("customer_rating")).floatValue(), "(5 + 3) / 2");
        assertEquals(25.0f, ((Number) p.get("response_time")).floatValue(), "answered after 10 and 40 minutes");
        assertEquals(180.0f, ((Number) p.get("mean_time_to_resolve")).floatValue(), "(180 - 60 on hold) and 240");
        assertEquals(1.0f, ((Number) p.get("completion_rate")).floatValue(), "two assignments, both completed");
        assertEquals(0.6667f, ((Number) p.get("efficiency")).floatValue(), "(90 + 150) / (120 + 240)");
        assertEquals(120.0f, ((Number) p.get("avg_time_spent")).floatValue());
        assertEquals(4.5f, ((Number) p.get("avg_quality_score")).floatValue(), "only ticket 1's has one");
        assertEquals(0.5f, ((Number) p.get("response_sla_compliance")).floatValue(), "ticket 2 answered late");
        assertEquals(0.5f, ((Number) p.get("resolution_sla_compliance")).floatValue(), "ticket 2's last resolution late");
        assertEquals(0.5f, ((Number) p.get("first_time_fix_rate")).floatValue(), "ticket 2 reopened");
        assertEquals(0.5f, ((Number) p.get("reopen_rate")).floatValue());
        assertEquals(0.5f, ((Number) p.get("csat_satisfied_share")).floatValue(), "one 5, one 3");
        assertEquals(0, p.get("active_assignments"));

        Map<String, Object> nine = get(TestTokens.admin(), "/api/analytics/teams/9/performance" + PERIOD).getMap("performance");
        assertEquals(0, nine.get("tickets_completed"));
        assertEquals(1, nine.get("active_assignments"));
        assertEquals(0.0f, ((Number) nine.get("completion_rate")).floatValue());
        assertNull(nine.get("mean_time_to_resolve"), "nothing resolved: no mean");
        assertEquals(5.0f, ((Number) nine.get("response_time")).floatValue());
    }

    @Test
    void aZonesNumbersAreThoseWorkedOutByHand() {
        Map<String, Object> z = get(TestTokens.admin(), "/api/analytics/zones/3" + PERIOD).getMap("performance");
        assertEquals("Klang", z.get("zone"));
        assertEquals(2, z.get("total_teams"));
        assertEquals(1, z.get("active_teams"));
        assertEquals(3, z.get("total_tickets"));
        assertEquals(1, z.get("open_tickets"));
        assertEquals(1, z.get("closed_tickets"));
        assertEquals(2, z.get("resolved_tickets"));
        assertEquals(18.3f, ((Number) z.get("avg_response_time")).floatValue(), "(10 + 40 + 5) / 3");
        assertEquals(180.0f, ((Number) z.get("avg_resolution_time")).floatValue());
        assertEquals(0.6667f, ((Number) z.get("response_sla_compliance")).floatValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> backlog = (Map<String, Object>) z.get("backlog");
        assertEquals(1, backlog.get("count"));
        assertEquals(1, backlog.get("over_seven_days"), "ticket 3, open since November 2nd");
    }

    @Test
    void theDailyNumbersGroupByDayWeekAndMonth() {
        for (String unit : List.of("day", "week", "month")) {
            JsonPath daily = get(TestTokens.admin(), "/api/analytics/daily" + PERIOD + "&zone_id=3&period=" + unit);
            assertEquals(1, daily.getList("items").size(), unit);
            assertEquals(Map.of("day", "2026-11-02", "week", "2026-11-02", "month", "2026-11-01").get(unit),
                    daily.getString("items[0].period"), unit);
            assertEquals(3, daily.getInt("items[0].tickets_created"));
            assertEquals(2, daily.getInt("items[0].tickets_resolved"));
            assertEquals(1, daily.getInt("items[0].tickets_closed"));
            assertEquals(0.5f, daily.getFloat("items[0].resolution_sla_compliance"));
        }
        assertEquals(2, get(TestTokens.admin(), "/api/analytics/daily" + PERIOD).getList("items").size(), "both zones");
        given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/daily?period=year").then().statusCode(400)
                .body("errors[0].field", is("period"));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/daily?from=2026-11-03&to=2026-11-02").then()
                .statusCode(400).body("errors[0].field", is("from"));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/teams?to=tomorrow").then()
                .statusCode(400).body("errors[0].field", is("to"));
        for (String far : List.of("+999999999-12-31", "+300000-01-01", "1066-10-14")) {
            given().auth().oauth2(TestTokens.admin()).queryParam("from", "2026-11-01").queryParam("to", far).when().get("/api/analytics/zones")
                    .then().statusCode(400).body("errors[0].field", is("to"));
            given().auth().oauth2(TestTokens.admin()).queryParam("from", far).when().get("/api/analytics/zones")
                    .then().statusCode(400).body("errors[0].field", is("from"));
        }
    }

    /** Visibility rule, analytics row: scope:all everything, supervisors their zones, technicians nothing. */
    @Test
    void eachRoleSeesWhatTheRuleGivesIt() {
        String viewer = TestTokens.user(30, "vera", "viewer");
        String manager = TestTokens.user(31, "mona", "manager");
        String service = TestTokens.service("reports", "analytics:read");
        for (String all : List.of(TestTokens.admin(), viewer, manager, service)) {
            assertEquals(List.of(7, 9, 11), get(all, "/api/analytics/teams" + PERIOD).getList("items.team_id"));
            assertEquals(List.of(3, 4), get(all, "/api/analytics/zones" + PERIOD).getList("items.zone_id"));
        }
        // A supervisor of zone 4 (Ipoh): team 11's numbers and zone 4's; the others are absent or 404.
        String supervisor = TestTokens.scoped(40, "sam", "supervisor", List.of(11), List.of(4), List.of("Ipoh"));
        assertEquals(List.of(11), get(supervisor, "/api/analytics/teams" + PERIOD).getList("items.team_id"));
        assertEquals(List.of(4), get(supervisor, "/api/analytics/zones" + PERIOD).getList("items.zone_id"));
        assertEquals(List.of(4), get(supervisor, "/api/analytics/daily" + PERIOD).getList("items.zone_id"));
        assertEquals(1, get(supervisor, "/api/analytics/teams/11/performance" + PERIOD).getInt("performance.tickets_completed"));
        for (String hidden : List.of("/api/analytics/teams/7/performance", "/api/analytics/zones/3")) {
            given().auth().oauth2(supervisor).when().get(hidden + PERIOD).then().statusCode(404)
                    .contentType(containsString("application/problem+json"));
        }
        // A token issued before zone ids (zone names only) reads its zones by name.
        String legacy = TestTokens.legacyScoped(42, "old", "supervisor", List.of(11), List.of("Ipoh"));
        assertEquals(List.of(4), get(legacy, "/api/analytics/zones" + PERIOD).getList("items.zone_id"));
        assertEquals(List.of(4), get(legacy, "/api/analytics/daily" + PERIOD).getList("items.zone_id"));
        given().auth().oauth2(legacy).when().get("/api/analytics/zones/3" + PERIOD).then().statusCode(404);
        // Technicians hold no analytics:read; no token is 401.
        String technician = TestTokens.scoped(41, "tia", "technician", List.of(11), List.of(4), List.of("Ipoh"));
        for (String path : List.of("/api/analytics/teams", "/api/analytics/zones", "/api/analytics/daily",
                "/api/analytics/teams/11/performance", "/api/analytics/zones/4", "/api/analytics/definitions")) {
            given().auth().oauth2(technician).when().get(path).then().statusCode(403);
            given().when().get(path).then().statusCode(401);
        }
    }

    @Test
    void theDefinitionsAreServedWithTheirVersion() {
        JsonPath d = get(TestTokens.user(30, "vera", "viewer"), "/api/analytics/definitions");
        assertEquals(1, d.getInt("version"));
        assertEquals("UTC", d.getString("time_zone"));
        assertEquals(Definitions.ALL.stream().map(Definitions.Definition::name).toList(), d.getList("definitions.name"));
    }

    @Test
    void everyCollectionAnswersCsvWithTheJsonNames() {
        String teams = given().auth().oauth2(TestTokens.admin()).accept("text/csv").when().get("/api/analytics/teams" + PERIOD)
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String[] lines = teams.split("\r\n");
        assertEquals(4, lines.length, "a header and teams 7, 9, 11");
        assertTrue(lines[0].startsWith("team_id,tickets_completed,customer_rating,response_time,completion_rate,efficiency,"));
        assertTrue(lines[1].startsWith("7,2,4.00,25.0,1.0000,0.6667,0,"), lines[1]);
        String zones = given().auth().oauth2(TestTokens.admin()).accept("text/csv").when().get("/api/analytics/zones" + PERIOD)
                .then().statusCode(200).extract().asString();
        assertTrue(zones.split("\r\n")[0].endsWith("backlog_count,backlog_under_one_day,backlog_one_to_three_days,"
                + "backlog_three_to_seven_days,backlog_over_seven_days"), "nested objects flattened");
        String daily = given().auth().oauth2(TestTokens.admin()).accept("text/csv").when().get("/api/analytics/daily" + PERIOD)
                .then().statusCode(200).extract().asString();
        assertTrue(daily.startsWith("period,zone_id,zone,tickets_created,"));
        assertTrue(daily.contains("\r\n2026-11-02,3,Klang,3,2,1,"), daily);
        String metrics = given().auth().oauth2(TestTokens.admin()).accept("text/csv").when().get("/api/analytics/metrics")
                .then().statusCode(200).extract().asString();
        assertTrue(metrics.startsWith("id,metric_name,metric_type,metric_value,"), "an empty collection still has its header");
        // Errors stay problems.
        given().auth().oauth2(TestTokens.admin()).accept("text/csv").when().get("/api/analytics/teams?from=x").then()
                .statusCode(400).contentType(containsString("application/problem+json"));
    }

    @Test
    void aCellASpreadsheetWouldRunIsDefused() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", CsvWriter.cell("=HYPERLINK(\"x\")"));
        assertEquals("'@SUM(A1)", CsvWriter.cell("@SUM(A1)"));
        assertEquals("\"Kuala Lumpur, KL\"", CsvWriter.cell("Kuala Lumpur, KL"));
        assertEquals("-1.5", CsvWriter.cell(new BigDecimal("-1.5")));
        assertEquals("", CsvWriter.cell(null));
    }

    @Test
    void aTeamOrZoneWithoutNumbersIs404() {
        given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/teams/999/performance").then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/zones/999").then().statusCode(404);
    }
}
