package io.aiff.analytics.events;

import io.aiff.analytics.Stories;
import io.aiff.analytics.service.DailyHistory;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily history (a materialized view the app role reads only through the owner's function) says what the live
 * facts say, per day, ISO week and month, in each caller's reach; its refresh runs once a day unless forced and writes
 * the daily rollup as metric rows. A database of its own (its own profile): the view is refreshed here, and the other
 * tests read their days live.
 */
@QuarkusTest
@TestProfile(DailyHistoryTest.OwnDatabase.class)
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
class DailyHistoryTest {

    private static final String PERIOD = "?from=2026-10-01&to=2026-11-30";

    public static class OwnDatabase implements QuarkusTestProfile {
    }

    @Inject
    Stories stories;

    @Inject
    DailyHistory history;

    @Inject
    Pool db;

    @Test
    void theHistorySaysWhatTheFactsSay() throws InterruptedException {
        stories.publishDayOnce();
        String supervisor = TestTokens.scoped(40, "sam", "supervisor", List.of(11), List.of(4), List.of("Ipoh"));
        Map<String, List<Map<String, Object>>> live = new HashMap<>();
        for (String unit : List.of("day", "week", "month")) {
            live.put(unit, daily(TestTokens.admin(), unit));
            live.put("supervisor-" + unit, daily(supervisor, unit));
        }
        assertEquals(2, live.get("day").size(), "two zones on 2026-11-02");
        assertNull(through(), "never refreshed: every day is live");

        assertTrue(history.refreshNow().await().indefinitely(), "forced: refreshed");
        assertFalse(history.refreshIfDue().await().indefinitely(), "once a day: not again today");
        LocalDate through = through();
        assertNotNull(through);
        assertTrue(!through.isBefore(LocalDate.parse("2026-11-02")), "the day is history now: " + through);
        for (String unit : List.of("day", "week", "month")) {
            assertEquals(live.get(unit), daily(TestTokens.admin(), unit), unit + ": the view and the facts agree");
            assertEquals(live.get("supervisor-" + unit), daily(supervisor, unit), unit + ": in the supervisor's reach too");
        }
        assertEquals(List.of(4), given().auth().oauth2(supervisor).when().get("/api/analytics/daily" + PERIOD).then()
                .statusCode(200).extract().jsonPath().getList("items.zone_id"), "a supervisor of Ipoh: Ipoh only");

        // The app role reads the view only through history.daily().
        RuntimeException denied = assertThrows(RuntimeException.class, () -> db.query("SELECT * FROM history.daily_performance_metrics")
                .execute().await().indefinitely());
        assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());

        // The rollup: per team and per zone and day, as metric rows of the system.
        JsonPath team = metrics("tickets_resolved", "&team_id=7");
        assertEquals(1, team.getList("items").size());
        assertEquals(2.0f, team.getFloat("items[0].metric_value"), "team 7 resolved tickets 1 and 2 on 2026-11-02");
        assertEquals("system", team.getString("items[0].data_source"));
        assertEquals("performance", team.getString("items[0].metric_type"));
        JsonPath zone = metrics("resolution_sla_compliance", "&zone=Klang");
        assertEquals(50.0f, zone.getFloat("items[0].metric_value"), "one of Klang's two resolutions late");
        assertEquals("percentage", zone.getString("items[0].metric_unit"));
        assertEquals(1, metrics("tickets_resolved", "&zone=Ipoh").getList("items").size());

        assertTrue(history.refreshNow().await().indefinitely());
        assertEquals(1, metrics("tickets_resolved", "&team_id=7").getList("items").size(), "a refresh rewrites, never doubles");
    }

    private static List<Map<String, Object>> daily(String token, String unit) {
        return given().auth().oauth2(token).when().get("/api/analytics/daily" + PERIOD + "&period=" + unit).then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    private static JsonPath metrics(String name, String filter) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/metrics?metric_name=" + name + filter
                + "&from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z").then().statusCode(200).extract().jsonPath();
    }

    private LocalDate through() {
        return db.query("SELECT history.refreshed_through('UTC')").execute().await().indefinitely().iterator().next().getLocalDate(0);
    }
}
