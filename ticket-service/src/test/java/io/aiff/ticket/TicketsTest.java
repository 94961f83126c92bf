package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class TicketsTest {

    static final String PENANG_TECH = Zones.PENANG_TECH;
    static final String PENANG_SUPERVISOR = Zones.PENANG_SUPERVISOR;
    static final String IPOH_TECH = Zones.IPOH_TECH;

    @Inject
    AgroalDataSource db;

    static int create(String token, String zone, String priority) {
        Map<String, Object> body = new HashMap<>(Map.of("title", "Fibre cut on Jalan " + zone, "zone", zone,
                "category", "network", "tags", List.of("Fibre", "urgent", "fibre")));
        if (priority != null) {
            body.put("priority", priority);
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse move(String token, int id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/tickets/" + id + "/transitions").then();
    }

    @Test
    void createdTicketIsOpenNumberedAndHasItsSlaDeadline() {
        var created = given().auth().oauth2(PENANG_TECH).contentType(ContentType.JSON)
                .body(Map.of("title", "No power at the substation", "zone", "Penang", "priority", "critical",
                        "category", "power", "tags", List.of("Power", "SUBSTATION"),
                        "coordinates", Map.of("lat", 5.41, "lon", 100.33),
                        "attachments", List.of(Map.of("name", "photo.jpg", "content_type", "image/jpeg", "size", 1234,
                                "sha256", "a".repeat(64), "url", "https://files.example.com/photo.jpg")),
                        "custom_fields", Map.of("meter", "M-77")))
                .when().post("/api/tickets").then().statusCode(201)
                .header("Location", notNullValue()).header("ETag", "\"1\"")
                .body("status", equalTo("open")).body("ticket_number", matchesPattern("TKT-\\d{4}-\\d{6}"))
                .body("tags", equalTo(List.of("power", "substation"))).body("coordinates.lat", equalTo(5.41f))
                .extract();
        int id = created.path("id");
        String createdAt = created.path("created_at");
        String deadline = created.path("sla_deadline");
        assertEquals(Instant.parse(createdAt).plusSeconds(240 * 60).getEpochSecond(),
                Instant.parse(deadline).getEpochSecond(), 1, "critical: 240 minutes");
        given().auth().oauth2(PENANG_TECH).header("If-None-Match", "\"1\"").when().get("/api/tickets/" + id).then().statusCode(304);
        given().auth().oauth2(PENANG_TECH).when().get("/api/tickets/" + id + "/sla").then().statusCode(200)
                .body("target_minutes", equalTo(240)).body("response_target_minutes", equalTo(60))
                .body("running", equalTo(true)).body("resolution_breached", equalTo(false));
    }

    @Test
    void badInputIsA400NamingTheField() {
        Map<String, Object> good = Map.of("title", "T", "zone", "Penang");
        record Case(String field, Object value) {
        }
        for (Case c : List.of(new Case("title", ""), new Case("title", "x".repeat(201)), new Case("priority", "urgent"),
                new Case("category", "plumbing"), new Case("tags", Collections.nCopies(21, "t")),
                new Case("coordinates", Map.of("lat", 91, "lon", 0)), new Case("colour", "red"),
                new Case("custom_fields", Map.of("big", "x".repeat(17_000))),
                new Case("attachments", List.of(Map.of("name", "a", "content_type", "b", "size", 1, "sha256", "zz", "url", "https://x"))))) {
            Map<String, Object> body = new HashMap<>(good);
            body.put(c.field(), c.value());
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body).when().post("/api/tickets")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(Matchers.startsWith(c.field())));
        }
        given().auth().oauth2(PENANG_TECH).contentType(ContentType.JSON).body(Map.of("title", "T", "zone", "Ipoh"))
                .when().post("/api/tickets").then().statusCode(403);
    }

    @Test
    void outOfScopeTicketsAre404OnEveryPath() {
        int penang = create(PENANG_TECH, "Penang", null);
        given().auth().oauth2(IPOH_TECH).when().get("/api/tickets/" + penang).then().statusCode(404);
        given().auth().oauth2(IPOH_TECH).when().get("/api/tickets/" + penang + "/history").then().statusCode(404);
        given().auth().oauth2(IPOH_TECH).when().get("/api/tickets/" + penang + "/sla").then().statusCode(404);
        move(IPOH_TECH, penang, Map.of("to", "in_progress")).statusCode(404);
        List<Integer> ipohSees = given().auth().oauth2(IPOH_TECH).queryParam("limit", 200).when().get("/api/tickets")
                .then().statusCode(200).extract().path("items.id");
        assertFalse(ipohSees.contains(penang));
        given().auth().oauth2(TestTokens.user(30, "viewer", "viewer")).when().get("/api/tickets/" + penang).then().statusCode(200);
        given().auth().oauth2(TestTokens.service("analytics-service", "tickets:read")).when().get("/api/tickets/" + penang)
                .then().statusCode(200);
    }

    @Test
    void lifecycleIsEnforcedWithPermissionsAndRecorded() {
        int id = create(PENANG_TECH, "Penang", "high");
        // A technician cannot assign, and cannot move what is not its team's yet.
        move(PENANG_TECH, id, Map.of("to", "assigned", "assigned_team", 7)).statusCode(403);
        move(PENANG_TECH, id, Map.of("to", "resolved")).statusCode(404);
        // An illegal move names where the ticket is and where it may go.
        move(PENANG_SUPERVISOR, id, Map.of("to", "resolved")).statusCode(409)
                .body("current", equalTo("open")).body("allowed", equalTo(List.of("assigned", "cancelled")));
        move(PENANG_SUPERVISOR, id, Map.of("to", "assigned")).statusCode(400).body("errors.field", hasItem("assigned_team"));
        move(PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", 7, "reason", "nearest crew")).statusCode(200)
                .body("status", equalTo("assigned")).body("assigned_team", equalTo(7)).header("ETag", "\"2\"");
        // Now it is the technician's team's ticket.
        move(PENANG_TECH, id, Map.of("to", "in_progress")).statusCode(200);
        move(PENANG_TECH, id, Map.of("to", "on_hold", "reason", "waiting for parts")).statusCode(200);
        move(PENANG_TECH, id, Map.of("to", "in_progress")).statusCode(200);
        move(PENANG_TECH, id, Map.of("to", "resolved")).statusCode(200).body("completed_at", notNullValue());
        move(PENANG_TECH, id, Map.of("to", "closed")).statusCode(403);
        move(PENANG_SUPERVISOR, id, Map.of("to", "in_progress", "reason", "not fixed")).statusCode(200)
                .body("completed_at", nullValue());
        move(TestTokens.user(30, "viewer", "viewer"), id, Map.of("to", "resolved")).statusCode(403);
        move(PENANG_SUPERVISOR, id, Map.of("to", "paused")).statusCode(400).body("errors.field", hasItem("to"));

        given().auth().oauth2(PENANG_TECH).when().get("/api/tickets/" + id + "/history").then().statusCode(200)
                .body("items.to", equalTo(List.of("open", "assigned", "in_progress", "on_hold", "in_progress", "resolved", "in_progress")))
                .body("items[1].reason", equalTo("nearest crew")).body("items[1].changed_by", equalTo("user:22"))
                .body("items[3].reason", equalTo("waiting for parts"));
        given().auth().oauth2(PENANG_TECH).when().get("/api/tickets/" + id + "/sla").then().statusCode(200)
                .body("target_minutes", equalTo(1440)).body("responded_at", notNullValue()).body("running", equalTo(true));
    }

    @Test
    void withoutScopeSettingsSqlSeesNoTicket() throws Exception {
        create(PENANG_TECH, "Penang", null);
        try (Connection c = db.getConnection()) {
            Sql.reset(c);
            try (ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM tickets")) {
                rows.next();
                assertEquals(0, rows.getInt(1), "fail closed");
            }
            assertEquals(0, c.createStatement().executeUpdate("UPDATE tickets SET title = 'x'"));
            c.createStatement().execute("SELECT set_config('aiff.reads', 'zones', false), set_config('aiff.zone_ids', '{"
                    + Zones.IPOH + "}', false)");
            assertEquals(0, count(c, "SELECT count(*) FROM tickets WHERE zone = 'Penang'"), "another zone's tickets are invisible");
            c.createStatement().execute("SELECT set_config('aiff.zone_ids', '{" + Zones.PENANG + "}', false)");
            assertTrue(count(c, "SELECT count(*) FROM tickets WHERE zone = 'Penang'") > 0, "its own zone's are not");
            // A replica of the previous release sets role and zone names: the same rule holds for one release.
            Sql.reset(c);
            c.createStatement().execute("SELECT set_config('aiff.role', 'technician', false), set_config('aiff.zones', '[\"Ipoh\"]', false)");
            assertEquals(0, count(c, "SELECT count(*) FROM tickets WHERE zone = 'Penang'"), "legacy settings: invisible");
            Sql.reset(c);
        }
    }

    private static int count(Connection c, String sql) throws Exception {
        try (ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void customerContactIsEncryptedMaskedAndFoundThroughTheBlindIndex() throws Exception {
        int id = given().auth().oauth2(PENANG_SUPERVISOR).contentType(ContentType.JSON)
                .body(Map.of("title", "Meter broken", "zone", "Penang", "customer_name", "Aminah",
                        "customer_contact", "+60 12-345 6789"))
                .when().post("/api/tickets").then().statusCode(201)
                .body("customer_contact", equalTo("•".repeat(8) + "6789")).extract().path("id");
        try (Connection c = db.getConnection()) {
            Sql.system(c, false);
            try (ResultSet rows = c.createStatement().executeQuery(
                    "SELECT customer_contact, customer_contact_index FROM tickets WHERE id = " + id)) {
                rows.next();
                String raw = new String(rows.getBytes(1), StandardCharsets.ISO_8859_1);
                assertFalse(raw.contains("6789") || raw.contains("345"), "no plaintext in the column");
                assertFalse(rows.getString(2).contains("6789"));
            }
            Sql.reset(c);
        }
        given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id).then()
                .body("customer_contact", equalTo("+60 12-345 6789"));
        given().auth().oauth2(TestTokens.user(30, "viewer", "viewer")).when().get("/api/tickets/" + id).then()
                .body("customer_contact", equalTo("•".repeat(8) + "6789"));
        List<Integer> found = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("customer_contact", "+60123456789")
                .when().get("/api/tickets").then().statusCode(200).extract().path("items.id");
        assertEquals(List.of(id), found);
        given().auth().oauth2(PENANG_SUPERVISOR).queryParam("customer_contact", "+60 99")
                .when().get("/api/tickets").then().statusCode(400).body("errors.field", hasItem("customer_contact"));
    }

    @Test
    void everyChangeWritesItsEventWithoutCustomerData() throws Exception {
        int id = create(PENANG_SUPERVISOR, "Penang", null);
        move(PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", 7)).statusCode(200);
        try (Connection c = db.getConnection();
             var query = c.prepareStatement("SELECT type, envelope::text FROM outbox WHERE envelope->>'aggregate_id' = ? ORDER BY id")) {
            query.setString(1, String.valueOf(id));
            List<String> types = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                    assertFalse(rows.getString(2).contains("customer"), rows.getString(2));
                }
            }
            assertEquals(List.of("ticket.created", "ticket.status_changed", "ticket.assigned"), types);
        }
    }
}
