package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.db.retention.Retention;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention (docs/api.md "Data lifecycle"): only tickets closed or cancelled longer than the retention period and not
 * on legal hold are archived, with their history and assignments; archived tickets stay readable by the same rule,
 * read-only, listed only with archived=true, tombstoned in sync as archived, and exported to analytics; legal holds
 * by permission; the preview for service tokens; one run per day across replicas.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class RetentionTest {

    static final String ADMIN = TestTokens.admin();
    static final String MANAGER = TestTokens.user(5, "manager", "manager");
    static final String PREVIEWER = TestTokens.service("gateway", "retention:read");
    /** Each test's runs on days of their own: a day's run happens once. */
    static final AtomicInteger DAYS = new AtomicInteger();

    @Inject
    AgroalDataSource db;

    @Inject
    Retention retention;

    @BeforeEach
    void directory() throws Exception {
        Zones.awaitDirectory(db);
    }

    static LocalDate nextDay() {
        return LocalDate.of(2001, 1, 1).plusDays(DAYS.incrementAndGet());
    }

    static int create(int zoneId, String title) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", title, "zone_id", zoneId, "customer_contact", "+60 12-555 0199"))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    static void move(int id, String to) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("to", to))
                .when().post("/api/tickets/" + id + "/transitions").then().statusCode(200);
    }

    /** The moves that bring an assigned ticket to each state. */
    static final Map<String, List<String>> PATHS = Map.of("assigned", List.of(), "in_progress", List.of("in_progress"),
            "on_hold", List.of("in_progress", "on_hold"), "pending", List.of("in_progress", "pending"),
            "resolved", List.of("in_progress", "resolved"), "closed", List.of("in_progress", "resolved", "closed"));

    /** A ticket worked by the Penang crew and brought to {@code status}. */
    static int worked(String title, String status) {
        int id = create(Zones.PENANG, title);
        if (status.equals("open")) {
            return id;
        }
        if (status.equals("cancelled")) {
            move(id, "cancelled");
            return id;
        }
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("ticket_id", id, "team_id", Zones.PENANG_CREW))
                .when().post("/api/assignments").then().statusCode(201);
        PATHS.get(status).forEach(step -> move(id, step));
        return id;
    }

    /** Makes every given ticket look 400 days old: created, changed and (when final) finished then. */
    void age(List<Integer> ids) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            try (PreparedStatement s = c.prepareStatement("UPDATE tickets SET created_at = created_at - interval '400 days', "
                    + "updated_at = updated_at - interval '400 days', finished_at = finished_at - interval '400 days' "
                    + "WHERE id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("integer", ids.toArray()));
                s.executeUpdate();
            }
            c.commit();
        }
    }

    /** Where each ticket is now: live, archive or gone (neither). */
    String where(int id) throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            try (PreparedStatement s = c.prepareStatement("SELECT (SELECT count(*) FROM tickets WHERE id = ?), "
                    + "(SELECT count(*) FROM archive.tickets WHERE id = ?), (SELECT count(*) FROM archive.ticket_status_events "
                    + "WHERE ticket_id = ?), (SELECT count(*) FROM archive.assignments WHERE ticket_id = ?), "
                    + "(SELECT count(*) FROM ticket_status_events WHERE ticket_id = ?)")) {
                for (int i = 1; i <= 5; i++) {
                    s.setInt(i, id);
                }
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    c.commit();
                    if (r.getInt(1) == 1 && r.getInt(2) == 0) {
                        return "live";
                    }
                    if (r.getInt(1) == 0 && r.getInt(2) == 1 && r.getInt(3) > 0 && r.getInt(5) == 0) {
                        return "archive";
                    }
                    return "gone";
                }
            }
        }
    }

    Retention.Run run() {
        return retention.run(nextDay()).await().indefinitely();
    }

    @Test
    void onlyTicketsFinalLongerThanTheRetentionPeriodAndNotHeldAreArchived() throws Exception {
        Map<String, Integer> old = new LinkedHashMap<>();
        for (String status : List.of("open", "assigned", "in_progress", "on_hold", "pending", "resolved", "closed", "cancelled")) {
            old.put(status, worked("Old " + status, status));
        }
        int held = worked("Old but held", "closed");
        int recent = worked("Closed yesterday", "closed");
        age(new ArrayList<>(old.values()));
        age(List.of(held));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "claim 2026-114"))
                .when().post("/api/tickets/" + held + "/hold").then().statusCode(200).body("legal_hold", equalTo(true));

        Retention.Run run = run();
        assertNotNull(run);
        assertTrue(run.counts().getOrDefault("archive:tickets", 0) >= 2, run.counts().toString());
        for (var e : old.entrySet()) {
            String expected = e.getKey().equals("closed") || e.getKey().equals("cancelled") ? "archive" : "live";
            assertEquals(expected, where(e.getValue()), e.getKey() + " ticket, 400 days old");
        }
        assertEquals("live", where(held), "on legal hold: never archived");
        assertEquals("live", where(recent), "closed within the retention period");

        // Released, it goes with the next run; the history says who held and released it.
        given().auth().oauth2(MANAGER).when().delete("/api/tickets/" + held + "/hold?reason=claim settled")
                .then().statusCode(200).body("legal_hold", equalTo(false));
        List<String> kinds = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + held + "/history")
                .then().statusCode(200).extract().jsonPath().getList("items.kind");
        assertEquals(List.of("hold", "release"), kinds.stream().filter(k -> !k.equals("status")).toList());
        run();
        assertEquals("archive", where(held));
    }

    @Test
    void anArchivedTicketIsReadByTheSameRuleReadOnlyAndListedOnlyWhenAskedFor() throws Exception {
        int id = worked("Archived Penang job", "closed");
        int ipoh = create(Zones.IPOH, "Live Ipoh job");
        age(List.of(id));
        String etag = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().statusCode(200).extract().header("ETag");
        int assignment = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id + "/assignments").then().statusCode(200)
                .extract().path("items[0].id");
        String assignmentEtag = given().auth().oauth2(ADMIN).when().get("/api/assignments/" + assignment).then().statusCode(200)
                .extract().header("ETag");
        run();

        for (String token : List.of(ADMIN, Zones.PENANG_SUPERVISOR, Zones.PENANG_TECH)) {
            given().auth().oauth2(token).when().get("/api/tickets/" + id).then().statusCode(200)
                    .body("archived", equalTo(true)).body("status", equalTo("closed")).header("ETag", equalTo(etag));
            given().auth().oauth2(token).when().get("/api/tickets/" + id + "/history").then().statusCode(200);
            given().auth().oauth2(token).when().get("/api/tickets/" + id + "/assignments").then().statusCode(200)
                    .body("items.size()", equalTo(1));
            given().auth().oauth2(token).when().get("/api/assignments/" + assignment).then().statusCode(200)
                    .body("status", equalTo("completed")).header("ETag", equalTo(assignmentEtag));
            assertFalse(SyncTest.listed(token, false).contains(id), "lists hold live tickets only");
            assertTrue(SyncTest.listed(token, true).contains(id), "archived=true lists archived tickets too");
        }
        // Out of scope: 404 and absent, as for a live ticket.
        given().auth().oauth2(Zones.IPOH_TECH).when().get("/api/tickets/" + id).then().statusCode(404);
        given().auth().oauth2(Zones.IPOH_TECH).when().get("/api/assignments/" + assignment).then().statusCode(404);
        assertFalse(SyncTest.listed(Zones.IPOH_TECH, true).contains(id));
        assertTrue(SyncTest.listed(Zones.IPOH_TECH, true).contains(ipoh));

        // Read-only: every change is a 409 naming the state.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("to", "in_progress"))
                .when().post("/api/tickets/" + id + "/transitions").then().statusCode(409).body("type", endsWith("archived"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("title", "Edited"))
                .when().patch("/api/tickets/" + id).then().statusCode(409);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("rating", 5))
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(409);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .when().post("/api/tickets/" + id + "/hold").then().statusCode(409);
        given().auth().oauth2(ADMIN).contentType("application/merge-patch+json").header("If-Match", assignmentEtag)
                .body(Map.of("notes", "after the archive")).when().patch("/api/assignments/" + assignment).then()
                .statusCode(409).body("type", endsWith("archived")).body("current", equalTo("completed"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .when().post("/api/assignments/" + assignment + "/decline").then()
                .statusCode(409).body("type", endsWith("archived"));
    }

    @Test
    void syncSendsATombstoneWithReasonArchivedAndTheExportKeepsTheTicket() throws Exception {
        int id = worked("Synced then archived", "cancelled");
        String cursor = SyncTest.drain(Zones.PENANG_TECH, null, 200).cursor();
        age(List.of(id));
        run();
        SyncTest.Synced delta = SyncTest.drain(Zones.PENANG_TECH, cursor, 200);
        Map<String, Object> item = delta.of(id);
        assertNotNull(item, "the archived ticket reaches the device");
        assertEquals("tombstone", item.get("kind"));
        assertEquals("archived", item.get("reason"));

        String analytics = TestTokens.service("analytics-service", "tickets:read", "assignments:read");
        boolean exported = false;
        String next = null;
        do {
            JsonPath page = given().auth().oauth2(analytics).queryParam("limit", 200).queryParam("cursor", next == null ? "" : next)
                    .when().get("/internal/analytics/tickets").then().statusCode(200).extract().jsonPath();
            exported |= page.getList("items.ticket_id", Integer.class).contains(id);
            next = page.getString("next_cursor");
        } while (!exported && next != null);
        assertTrue(exported, "analytics keeps two years: the export has archived tickets too");
    }

    @Test
    void holdsNeedTicketsHoldAndAreIdempotent() {
        int id = worked("Disputed repair", "closed");
        for (String token : List.of(Zones.PENANG_SUPERVISOR, Zones.PENANG_TECH, TestTokens.user(30, "viewer", "viewer"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                    .when().post("/api/tickets/" + id + "/hold").then().statusCode(403);
            given().auth().oauth2(token).when().delete("/api/tickets/" + id + "/hold").then().statusCode(403);
        }
        given().auth().oauth2(MANAGER).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .when().post("/api/tickets/" + id + "/hold").then().statusCode(400);
        String held = given().auth().oauth2(MANAGER).contentType(ContentType.JSON).body(Map.of("reason", "insurance claim"))
                .when().post("/api/tickets/" + id + "/hold").then().statusCode(200).body("legal_hold", equalTo(true))
                .extract().header("ETag");
        String again = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "insurance claim"))
                .when().post("/api/tickets/" + id + "/hold").then().statusCode(200).extract().header("ETag");
        assertEquals(held, again, "holding a held ticket changes nothing");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .when().post("/api/tickets/999999/hold").then().statusCode(404);
    }

    @Test
    void thePreviewShowsWhatTheRunWouldDoAndTheRunChecksAgain() throws Exception {
        int due = worked("Due for the archive", "closed");
        int heldLater = worked("Held after the preview", "closed");
        age(List.of(due, heldLater));
        JsonPath preview = given().auth().oauth2(PREVIEWER).when().get("/internal/retention/preview")
                .then().statusCode(200).body("service", equalTo("ticket-service")).extract().jsonPath();
        List<Map<String, Object>> archive = preview.<Map<String, Object>>getList("items").stream()
                .filter(i -> "tickets".equals(i.get("table")) && "archive".equals(i.get("action"))).toList();
        assertFalse(archive.isEmpty());
        assertTrue(archive.stream().mapToInt(i -> (Integer) i.get("rows")).sum() >= 2);
        assertTrue(archive.stream().allMatch(i -> ((String) i.get("month")).matches("\\d{4}-\\d{2}")));

        // A hold placed after the preview: the run looks again and leaves it.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "late claim"))
                .when().post("/api/tickets/" + heldLater + "/hold").then().statusCode(200);
        run();
        assertEquals("archive", where(due));
        assertEquals("live", where(heldLater));

        // Service tokens with retention:read only.
        given().auth().oauth2(ADMIN).when().get("/internal/retention/preview").then().statusCode(403);
        given().auth().oauth2(TestTokens.withPermissions(1, "admin", "admin", List.of("retention:read")))
                .when().get("/internal/retention/preview").then().statusCode(403);
        given().auth().oauth2(TestTokens.service("analytics-service", "tickets:read")).when().get("/internal/retention/preview")
                .then().statusCode(403);
        given().when().get("/internal/retention/preview").then().statusCode(401);
    }

    @Test
    void aDayIsRunOnceAcrossReplicasAndAnnounced() throws Exception {
        LocalDate day = nextDay();
        var first = retention.run(day).await().indefinitely();
        assertNotNull(first);
        assertNull(retention.run(day).await().indefinitely(), "the day's run is done: a second replica does nothing");
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE type = 'retention.completed' AND envelope -> 'data' ->> 'day' = ?")) {
            s.setString(1, day.toString());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(1, r.getInt(1), "one event per run");
            }
        }
    }

    @Test
    void aTicketAnotherTransactionHoldsIsLeftAndTheRunStillEnds() throws Exception {
        int locked = worked("Held by a long transaction", "closed");
        int free = worked("Free to go", "cancelled");
        age(List.of(locked, free));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            s.execute("SELECT id FROM tickets WHERE id = " + locked + " FOR UPDATE");
            Retention.Run run = run();
            assertNotNull(run, "the run ends although a due ticket stays locked");
            assertEquals("archive", where(free));
            c.rollback();
        }
        assertEquals("live", where(locked), "left for a later run");
        run();
        assertEquals("archive", where(locked));
    }

    @Test
    void aRunWhoseReplicaStoppedIsTakenOverAndAFreshOneIsLeftAlone() throws Exception {
        LocalDate stale = nextDay();
        LocalDate fresh = nextDay();
        int due = worked("Due when the first replica died", "closed");
        age(List.of(due));
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO retention_runs "
                + "(run_day, heartbeat_at, counts) VALUES (?, now() - interval '10 minutes', '{\"archive:tickets\": 7}'), "
                + "(?, now(), '{}')")) {
            s.setObject(1, stale);
            s.setObject(2, fresh);
            s.executeUpdate();
        }
        assertNull(retention.run(fresh).await().indefinitely(), "another replica is at it: left alone");
        Retention.Run resumed = retention.run(stale).await().indefinitely();
        assertNotNull(resumed, "no heartbeat for 10 minutes: taken over");
        assertEquals("archive", where(due));
        assertTrue(resumed.counts().get("archive:tickets") >= 8, "the dead replica's batches count too: " + resumed.counts());
    }
}
