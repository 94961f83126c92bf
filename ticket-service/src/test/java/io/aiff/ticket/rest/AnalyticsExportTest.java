package io.aiff.ticket.rest;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The export analytics-service rebuilds from tells a ticket's story as its live events told it: every status change
 * with the same time, team, assignment and SLA verdicts; and the daily counts it reconciles with.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class AnalyticsExportTest {

    static final String ANALYTICS = TestTokens.service("analytics-service", "tickets:read", "assignments:read", "analytics:read");

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void directory() throws Exception {
        Zones.awaitDirectory(db);
    }

    private static void move(int id, String to, String reason) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(reason == null ? Map.of("to", to) : Map.of("to", to, "reason", reason))
                .when().post("/api/tickets/" + id + "/transitions").then().statusCode(200);
    }

    /** What the live events said of each status change: time, move, team, assignment, verdicts. */
    private List<String> liveMoves(int ticketId) throws Exception {
        List<String> moves = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            ResultSet rows = s.executeQuery("SELECT envelope::text FROM outbox WHERE type = 'ticket.status_changed' "
                    + "AND envelope->>'aggregate_id' = '" + ticketId + "' ORDER BY id");
            while (rows.next()) {
                moves.add(summary(new JsonObject(rows.getString(1))));
            }
        }
        return moves;
    }

    private static String summary(JsonObject e) {
        JsonObject d = e.getJsonObject("data");
        JsonObject sla = d.getJsonObject("sla");
        Instant at = Instant.parse(d.getString("occurred_at")).truncatedTo(ChronoUnit.MICROS);
        return d.getString("from") + ">" + d.getString("to") + "@" + at + " team=" + e.getValue("team_id")
                + " assignment=" + d.getValue("assignment_id") + " response_breached=" + sla.getBoolean("response_breached")
                + " resolution_breached=" + sla.getBoolean("resolution_breached");
    }

    @Test
    void theExportTellsEachStatusChangeAsItsLiveEventDid() throws Exception {
        Map<String, Object> before = penangToday();
        int id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("title", "Pump station alarm", "zone_id", Zones.PENANG, "priority", "low"))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("ticket_id", id, "team_id", Zones.PENANG_CREW))
                .when().post("/api/assignments").then().statusCode(201);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("priority", "critical")).when().patch("/api/tickets/" + id).then().statusCode(200);
        move(id, "in_progress", null);
        move(id, "on_hold", "waiting for a part");
        move(id, "in_progress", null);
        move(id, "resolved", "replaced the float switch");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("rating", 4))
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(200);

        Map<String, Object> story = null;
        String cursor = null;
        do {
            var page = given().auth().oauth2(ANALYTICS).queryParam("limit", 200).queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get("/internal/analytics/tickets").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            story = items.stream().filter(s -> ((Integer) s.get("ticket_id")) == id).findFirst().orElse(null);
            cursor = page.getString("next_cursor");
        } while (story == null && cursor != null);
        assertNotNull(story, "every ticket is in the export, page by page");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) story.get("events");
        List<String> exported = events.stream().map(JsonObject::new).filter(e -> e.getString("type").equals("ticket.status_changed"))
                .map(AnalyticsExportTest::summary).toList();
        List<String> live = liveMoves(id);
        assertEquals(5, live.size());
        assertEquals(live, exported);

        JsonObject created = events.stream().map(JsonObject::new).filter(e -> e.getString("type").equals("ticket.created")).findFirst().orElseThrow();
        assertEquals("low", created.getJsonObject("data").getString("priority"), "the priority it was created with");
        assertEquals(4, events.stream().map(JsonObject::new).filter(e -> e.getString("type").equals("ticket.rated"))
                .findFirst().orElseThrow().getJsonObject("data").getInteger("rating"));
        JsonObject assignment = events.stream().map(JsonObject::new).filter(e -> e.getString("type").startsWith("assignment."))
                .findFirst().orElseThrow();
        assertEquals("completed", assignment.getJsonObject("data").getString("status"));
        assertEquals(Zones.PENANG_CREW, assignment.getJsonObject("data").getInteger("team_id"));
        assertFalse(story.toString().contains("customer_contact"), "no customer data");

        // The day's counts in Penang moved by this ticket: one more created, one more resolved, none closed.
        Map<String, Object> after = penangToday();
        assertEquals(((Integer) before.get("created")) + 1, after.get("created"));
        assertEquals(((Integer) before.get("resolved")) + 1, after.get("resolved"));
        assertEquals(before.get("closed"), after.get("closed"));
    }

    /** Penang's counts for today (UTC); zeros when it has none. */
    private static Map<String, Object> penangToday() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<Map<String, Object>> items = given().auth().oauth2(ANALYTICS).queryParam("from", today + "T00:00:00Z")
                .queryParam("to", LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00Z").queryParam("time_zone", "UTC")
                .when().get("/internal/analytics/counts").then().statusCode(200).extract().path("items");
        return items.stream().filter(c -> c.get("zone_id").equals(Zones.PENANG) && c.get("day").equals(today)).findFirst()
                .orElse(Map.of("created", 0, "resolved", 0, "closed", 0));
    }

    @Test
    void onlyServiceTokensWithBothPermissionsReadTheExport() {
        for (String path : List.of("/internal/analytics/tickets", "/internal/analytics/counts?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")) {
            given().auth().oauth2(TestTokens.admin()).when().get(path).then().statusCode(403);
            given().auth().oauth2(TestTokens.service("reports", "tickets:read")).when().get(path).then().statusCode(403);
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2(ANALYTICS).when().get(path).then().statusCode(200);
        }
        given().auth().oauth2(ANALYTICS).queryParam("from", "2026-11-01T00:00:00Z").queryParam("to", "2026-11-02T00:00:00Z")
                .queryParam("time_zone", "+08:00").when().get("/internal/analytics/counts").then().statusCode(400).body("errors[0].field", equalTo("time_zone"));
        given().auth().oauth2(ANALYTICS).when().get("/internal/analytics/counts?to=2026-11-02T00:00:00Z")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
    }
}
