package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.service.BreachJob;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work done offline (docs/api.md, "Offline sync"): a transition names when it happened; the SLA clock counts from
 * then unless the device synced after that moment; history shows both times; an announced breach undone is told.
 * And a stale PATCH answers the ticket as it now is.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class OfflineWorkTest {

    static final String ADMIN = TestTokens.admin();

    @Inject
    AgroalDataSource db;

    @Inject
    BreachJob breaches;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @BeforeEach
    void directory() throws Exception {
        Zones.awaitDirectory(db);
    }

    /** A critical ticket (240 minutes to resolve) of the Penang crew, in progress, its whole life moved back by {@code ago}. */
    int inProgressSince(Duration ago) throws Exception {
        int id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", "Transformer hum", "zone_id", Zones.PENANG, "priority", "critical"))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
        move(ADMIN, id, Map.of("to", "assigned", "assigned_team", Zones.PENANG_CREW)).statusCode(200);
        move(Zones.PENANG_TECH, id, Map.of("to", "in_progress")).statusCode(200);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            String shift = "interval '" + ago.toSeconds() + " seconds'";
            // Status events are never updated (no policy allows it): the system scope rewrites them, moved back.
            s.executeUpdate("WITH old AS (DELETE FROM ticket_status_events WHERE ticket_id = " + id + " RETURNING *) "
                    + "INSERT INTO ticket_status_events (ticket_id, from_status, to_status, priority, reason, changed_by, changed_at, "
                    + "received_at) SELECT ticket_id, from_status, to_status, priority, reason, changed_by, changed_at - " + shift
                    + ", received_at - " + shift + " FROM old ORDER BY id");
            s.executeUpdate("UPDATE tickets SET created_at = created_at - " + shift + ", responded_at = responded_at - " + shift
                    + ", sla_deadline = sla_deadline - " + shift + ", sla_at_risk_at = sla_at_risk_at - " + shift + " WHERE id = " + id);
            c.commit();
        }
        return id;
    }

    static ValidatableResponse move(String token, int id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/tickets/" + id + "/transitions").then();
    }

    static Map<String, Object> lastHistoryEntry(int id) {
        List<Map<String, Object>> history = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id + "/history").then()
                .statusCode(200).extract().path("items");
        return history.get(history.size() - 1);
    }

    @Test
    void offlineWorkDoneInTimeCountsAsInTimeAndUndoesAnAnnouncedBreach() throws Exception {
        int id = inProgressSince(Duration.ofHours(5)); // deadline: an hour ago
        breaches.runOnce().await().indefinitely();
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().body("sla_breach", equalTo(true));

        // Resolved on the device two hours ago, three hours into the ticket's life: in time.
        Instant occurred = Instant.now().minus(Duration.ofHours(2));
        move(Zones.PENANG_TECH, id, Map.of("to", "resolved", "occurred_at", occurred.toString())).statusCode(200)
                .body("sla_breach", equalTo(false));
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id + "/sla").then()
                .body("resolution_breached", equalTo(false)).body("running", equalTo(false));
        Map<String, Object> entry = lastHistoryEntry(id);
        assertEquals(Instant.parse((String) entry.get("occurred_at")).getEpochSecond(), occurred.getEpochSecond());
        assertEquals(entry.get("occurred_at"), entry.get("changed_at"), "the SLA clock counts from when it happened");
        assertTrue(Instant.parse((String) entry.get("received_at")).isAfter(occurred.plus(Duration.ofMinutes(100))));
        assertEquals(true, entry.get("offline"));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            ResultSet rows = s.executeQuery("SELECT type FROM outbox WHERE envelope->>'aggregate_id' = '" + id + "' ORDER BY id");
            List<String> types = new ArrayList<>();
            while (rows.next()) {
                types.add(rows.getString(1));
            }
            c.commit();
            assertTrue(types.contains("ticket.sla_breached"), "the breach announced earlier stays");
            assertEquals("ticket.sla_recomputed", types.get(types.size() - 1), "and the recomputation is told");
        }
    }

    @Test
    void aDeviceThatSyncedAfterTheClaimedMomentWasOnlineThen() throws Exception {
        int id = inProgressSince(Duration.ofMinutes(30));
        String sid = UUID.randomUUID().toString();
        redis.hash(String.class).hset(keys.session(sid), Map.of("user_id", "21"));
        String tech = TestTokens.with(21, "tech.penang", "technician", Map.of("sid", sid, "team_ids", List.of(Zones.PENANG_CREW),
                "zone_ids", List.of(Zones.PENANG), "zones", List.of("Penang")));
        given().auth().oauth2(tech).when().get("/api/sync").then().statusCode(200);

        Instant claimed = Instant.now().minus(Duration.ofMinutes(10)); // before the sync it was served
        Instant before = Instant.now();
        move(tech, id, Map.of("to", "on_hold", "occurred_at", claimed.toString())).statusCode(200);
        Map<String, Object> entry = lastHistoryEntry(id);
        assertEquals(claimed.getEpochSecond(), Instant.parse((String) entry.get("occurred_at")).getEpochSecond(), "kept as told");
        assertFalse(Instant.parse((String) entry.get("changed_at")).isBefore(before.minusSeconds(1)), "counted from when it was heard of");
        assertEquals(true, entry.get("offline"));
    }

    @Test
    void occurredAtIsRefusedTooFarAheadTooLateOrBeforeThePreviousChange() throws Exception {
        int id = inProgressSince(Duration.ofHours(1));
        for (Instant wrong : List.of(Instant.now().plus(Duration.ofMinutes(3)), Instant.now().minus(Duration.ofHours(25)),
                Instant.now().minus(Duration.ofHours(2)))) {
            move(Zones.PENANG_TECH, id, Map.of("to", "on_hold", "occurred_at", wrong.toString())).statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("occurred_at"));
        }
        move(Zones.PENANG_TECH, id, Map.of("to", "on_hold", "occurred_at", Instant.now().plusSeconds(60).toString())).statusCode(200);
        assertEquals(false, lastHistoryEntry(id).get("offline"), "a minute of clock skew is not offline work");
    }

    /** The 412 of a stale change carries the ticket as it now is and its ETag: the app merges without a second request. */
    @Test
    void aStaleChangeAnswersTheTicketAsItNowIs() {
        int id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("title", "Before", "zone_id", Zones.PENANG))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("title", "Now"))
                .when().patch("/api/tickets/" + id).then().statusCode(200);
        JsonPath stale = given().auth().oauth2(Zones.PENANG_SUPERVISOR).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("title", "Offline edit")).when().patch("/api/tickets/" + id).then().statusCode(412)
                .contentType("application/problem+json").extract().jsonPath();
        assertEquals("Now", stale.getString("current.title"));
        assertEquals(id, stale.getInt("current.id"));
        assertEquals("\"2\"", stale.getString("etag"));
    }
}
