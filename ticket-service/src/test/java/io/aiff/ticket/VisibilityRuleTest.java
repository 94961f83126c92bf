package io.aiff.ticket;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every cell of the visibility rule (docs/api.md, "Who sees what") on every ticket path — GET, list, history, SLA,
 * changes, customer contacts, creation — and the zone and team rules of assignments (findings 3, 4 and 5 of the
 * security review).
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class VisibilityRuleTest {

    static final String CONTACT = "+60 12-555 0199";
    static final String MASK = "•".repeat(8) + "0199";
    static final String ADMIN = TestTokens.admin();
    static final String VIEWER = TestTokens.user(30, "viewer", "viewer");
    static final String SERVICE_READER = TestTokens.service("analytics-service", "tickets:read");
    static final String SERVICE_CONTACTS = TestTokens.service("crm", "tickets:read", "tickets:read_contact");
    static final String STRANGER = TestTokens.withPermissions(40, "contractor", "contractor",
            List.of("tickets:read", "tickets:update", "tickets:read_contact"));
    static final String IPOH_SUPERVISOR = TestTokens.scoped(24, "sup.ipoh", "supervisor", List.of(), List.of(Zones.IPOH), List.of("Ipoh"));
    /** Tokens issued before zone ids: zone names only (honoured for one release). */
    static final String LEGACY_PENANG_TECH = TestTokens.legacyScoped(26, "old.tech", "technician", List.of(Zones.PENANG_CREW),
            List.of("Penang"));
    static final String LEGACY_PENANG_SUPERVISOR = TestTokens.legacyScoped(27, "old.sup", "supervisor", List.of(),
            List.of("Penang"));
    /** A second team serving Penang, which the Penang technicians are not in. */
    static final int PENANG_NIGHT_CREW = 10;
    static final String ADMIN_WITHOUT_SCOPE_ALL = TestTokens.withPermissions(1, "admin", "admin",
            TestTokens.ROLE_PERMISSIONS.get("admin").stream().filter(p -> !p.equals("scope:all")).toList());

    /** A Penang ticket (with a contact), assigned to the Penang crew when {@code assigned}. */
    private static int penangTicket(boolean assigned) {
        int id = create(ADMIN, Map.of("title", "Substation alarm", "zone_id", Zones.PENANG, "customer_contact", CONTACT))
                .statusCode(201).extract().path("id");
        if (assigned) {
            move(ADMIN, id, Map.of("to", "assigned", "assigned_team", Zones.PENANG_CREW)).statusCode(200);
        }
        return id;
    }

    private static ValidatableResponse create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/tickets").then();
    }

    private static ValidatableResponse move(String token, int id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/tickets/" + id + "/transitions").then();
    }

    private static ValidatableResponse patch(String token, int id, Map<String, Object> body) {
        String etag = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().extract().header("ETag");
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("If-Match", etag).body(body)
                .when().patch("/api/tickets/" + id).then();
    }

    private static boolean reads(String token, int id) {
        int status = given().auth().oauth2(token).when().get("/api/tickets/" + id).then().extract().statusCode();
        assertTrue(status == 200 || status == 404, "GET answers " + status);
        boolean read = status == 200;
        // Every read path answers what GET answers.
        assertEquals(read ? 200 : 404, given().auth().oauth2(token).when().get("/api/tickets/" + id + "/history").statusCode());
        assertEquals(read ? 200 : 404, given().auth().oauth2(token).when().get("/api/tickets/" + id + "/sla").statusCode());
        List<Integer> listed = given().auth().oauth2(token).queryParam("zone_id", Zones.PENANG).queryParam("limit", 200)
                .when().get("/api/tickets").then().statusCode(200).extract().path("items.id");
        assertEquals(read, listed.contains(id), "the list agrees with GET");
        return read;
    }

    private static String contactSeen(String token, int id) {
        return given().auth().oauth2(token).when().get("/api/tickets/" + id).then().statusCode(200).extract().path("customer_contact");
    }

    @Test
    void readsFollowTheRule() {
        int ticket = penangTicket(true);
        assertTrue(reads(ADMIN, ticket), "scope:all");
        assertTrue(reads(VIEWER, ticket), "scope:all (viewer)");
        assertTrue(reads(Zones.PENANG_SUPERVISOR, ticket), "supervisor of the zone");
        assertTrue(reads(Zones.PENANG_TECH, ticket), "technician of the zone");
        assertTrue(reads(SERVICE_READER, ticket), "service with tickets:read");
        assertFalse(reads(Zones.IPOH_TECH, ticket), "technician of another zone");
        assertFalse(reads(IPOH_SUPERVISOR, ticket), "supervisor of another zone");
        assertFalse(reads(STRANGER, ticket), "anyone else");
        assertFalse(reads(ADMIN_WITHOUT_SCOPE_ALL, ticket), "scope:all is a permission, not a role");
        assertTrue(reads(LEGACY_PENANG_TECH, ticket), "a token with zone names only, for one release");
    }

    @Test
    void changesFollowTheRule() {
        int unassigned = penangTicket(false);
        int assigned = penangTicket(true);
        // Supervisors change their zones' tickets; technicians only their teams'.
        patch(Zones.PENANG_SUPERVISOR, unassigned, Map.of("title", "Checked by the supervisor")).statusCode(200);
        patch(Zones.PENANG_TECH, unassigned, Map.of("title", "Not the technician's")).statusCode(404);
        patch(Zones.PENANG_TECH, assigned, Map.of("title", "Its team's ticket")).statusCode(200);
        move(Zones.PENANG_TECH, assigned, Map.of("to", "in_progress")).statusCode(200);
        move(Zones.IPOH_TECH, assigned, Map.of("to", "on_hold")).statusCode(404);
        patch(VIEWER, assigned, Map.of("title", "x")).statusCode(403); // scope:all, but no tickets:update
        patch(ADMIN, assigned, Map.of("title", "The admin's")).statusCode(200);
        patch(STRANGER, assigned, Map.of("title", "x")).statusCode(404);
        patch(TestTokens.service("dispatcher", "tickets:read", "tickets:update"), assigned, Map.of("title", "A service's"))
                .statusCode(200);
        patch(IPOH_SUPERVISOR, unassigned, Map.of("title", "Another zone's")).statusCode(404);
        move(IPOH_SUPERVISOR, unassigned, Map.of("to", "cancelled")).statusCode(403); // cancelling needs tickets:cancel first
        move(IPOH_SUPERVISOR, unassigned, Map.of("to", "assigned", "assigned_team", Zones.IPOH_CREW)).statusCode(404);
        // Tokens with zone names only change what the same token with ids would.
        patch(LEGACY_PENANG_SUPERVISOR, unassigned, Map.of("title", "An old supervisor token")).statusCode(200);
        patch(LEGACY_PENANG_TECH, unassigned, Map.of("title", "Not its team's")).statusCode(404);
        patch(LEGACY_PENANG_TECH, assigned, Map.of("title", "An old technician token")).statusCode(200);
    }

    /** Rating is a change: the changes column (technicians: their teams' tickets), and tickets:rate. */
    @Test
    void ratingFollowsTheRule() {
        TeamServiceStub.team(PENANG_NIGHT_CREW, "Penang Night Crew", 1, List.of(Zones.PENANG));
        record Case(String who, String token, int team, int status) {
        }
        for (Case c : List.of(new Case("admin", ADMIN, Zones.PENANG_CREW, 200),
                new Case("supervisor of the zone", Zones.PENANG_SUPERVISOR, PENANG_NIGHT_CREW, 200),
                new Case("supervisor of another zone", IPOH_SUPERVISOR, Zones.PENANG_CREW, 404),
                new Case("technician of the team", Zones.PENANG_TECH, Zones.PENANG_CREW, 200),
                new Case("technician of the zone, another team", Zones.PENANG_TECH, PENANG_NIGHT_CREW, 404),
                new Case("technician of another zone", Zones.IPOH_TECH, Zones.PENANG_CREW, 404),
                new Case("old technician token", LEGACY_PENANG_TECH, Zones.PENANG_CREW, 200),
                new Case("viewer: no tickets:rate", VIEWER, Zones.PENANG_CREW, 403),
                new Case("service with tickets:rate", TestTokens.service("surveys", "tickets:read", "tickets:rate"), Zones.PENANG_CREW, 200),
                new Case("anyone else", STRANGER, Zones.PENANG_CREW, 403))) {
            int id = penangTicket(false);
            move(ADMIN, id, Map.of("to", "assigned", "assigned_team", c.team())).statusCode(200);
            move(ADMIN, id, Map.of("to", "in_progress")).statusCode(200);
            move(ADMIN, id, Map.of("to", "resolved")).statusCode(200);
            int status = given().auth().oauth2(c.token()).contentType(ContentType.JSON).body(Map.of("rating", 4))
                    .when().post("/api/tickets/" + id + "/rating").then().extract().statusCode();
            assertEquals(c.status(), status, c.who());
        }
    }

    /** Finding 3: a technician got the decrypted contact of zone tickets that were not its team's. */
    @Test
    void customerContactsFollowTheRule() {
        int unassigned = penangTicket(false);
        int assigned = penangTicket(true);
        assertEquals(CONTACT, contactSeen(ADMIN, unassigned), "scope:all with read_contact");
        assertEquals(MASK, contactSeen(VIEWER, unassigned), "scope:all without read_contact");
        assertEquals(CONTACT, contactSeen(Zones.PENANG_SUPERVISOR, unassigned), "supervisor: its zones'");
        assertEquals(MASK, contactSeen(Zones.PENANG_TECH, unassigned), "technician: not its team's ticket");
        assertEquals(CONTACT, contactSeen(Zones.PENANG_TECH, assigned), "technician: its team's ticket");
        assertEquals(MASK, contactSeen(SERVICE_READER, unassigned), "service without read_contact");
        assertEquals(CONTACT, contactSeen(SERVICE_CONTACTS, unassigned), "service with read_contact");
        assertEquals(CONTACT, contactSeen(LEGACY_PENANG_SUPERVISOR, unassigned), "old supervisor token: its zones'");
        assertEquals(MASK, contactSeen(LEGACY_PENANG_TECH, unassigned), "old technician token: not its team's ticket");
        assertEquals(CONTACT, contactSeen(LEGACY_PENANG_TECH, assigned), "old technician token: its team's ticket");
    }

    /** Finding 4: the customer_contact filter was an oracle for the digits a mask hides. */
    @Test
    void theContactFilterNeedsItsPermissionFindsOnlyVisibleContactsAndIsLimited() {
        int unassigned = penangTicket(false);
        int assigned = penangTicket(true);
        given().auth().oauth2(VIEWER).queryParam("customer_contact", CONTACT).when().get("/api/tickets").then()
                .statusCode(403).body("field", equalTo("customer_contact"));
        List<Integer> technicianFinds = given().auth().oauth2(Zones.PENANG_TECH).queryParam("customer_contact", CONTACT)
                .queryParam("limit", 200).when().get("/api/tickets").then().statusCode(200).extract().path("items.id");
        assertTrue(technicianFinds.contains(assigned));
        assertFalse(technicianFinds.contains(unassigned), "only among the tickets whose contact it may see");
        String guesser = TestTokens.scoped(29, "sup.guess", "supervisor", List.of(), List.of(Zones.PENANG), List.of("Penang"));
        for (int guess = 0; guess < 30; guess++) {
            given().auth().oauth2(guesser).queryParam("customer_contact", "+60125550" + (100 + guess)).when().get("/api/tickets")
                    .then().statusCode(200);
        }
        given().auth().oauth2(guesser).queryParam("customer_contact", CONTACT).when().get("/api/tickets").then()
                .statusCode(429).header("Retry-After", notNullValue()).contentType("application/problem+json");
    }

    @Test
    void creatingFollowsReading() {
        Map<String, Object> inIpoh = new HashMap<>(Map.of("title", "Pole down", "zone_id", Zones.IPOH));
        create(Zones.PENANG_TECH, inIpoh).statusCode(403).body("field", equalTo("zone_id"));
        create(Zones.IPOH_TECH, inIpoh).statusCode(201).body("zone_id", equalTo(Zones.IPOH)).body("zone", equalTo("Ipoh"));
        create(STRANGER, inIpoh).statusCode(403);
        // By name, as before zone ids.
        create(ADMIN, Map.of("title", "Pole down", "zone", "Ipoh")).statusCode(201).body("zone_id", equalTo(Zones.IPOH));
    }

    @Test
    void aZoneThatDoesNotExistIsA400AndOneTeamServiceCannotConfirmIsA503() {
        create(ADMIN, Map.of("title", "Nowhere", "zone", "Atlantis")).statusCode(400).body("errors.field", hasItem("zone"));
        create(ADMIN, Map.of("title", "Nowhere", "zone_id", 999)).statusCode(400).body("errors.field", hasItem("zone_id"));
        // A zone team-service has and the directory has not heard of yet: asked, then known.
        TeamServiceStub.zone(30, "Miri", 4.4, 114.0, 1);
        create(ADMIN, Map.of("title", "New zone", "zone_id", 30)).statusCode(201).body("zone", equalTo("Miri"));
        TeamServiceStub.zone(31, "Bintulu", 3.2, 113.0, 1);
        TeamServiceStub.down(true);
        try {
            create(ADMIN, Map.of("title", "Unconfirmed", "zone_id", 31)).statusCode(503).header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            // What the directory knows needs no team-service.
            create(ADMIN, Map.of("title", "Known", "zone_id", 30)).statusCode(201);
        } finally {
            TeamServiceStub.down(false);
        }
        // Only team-service's own "no such zone" is a 400: an answer it refuses, or a list not filtered by name, is not.
        TeamServiceStub.refusing(true);
        try {
            create(ADMIN, Map.of("title", "Unconfirmed", "zone_id", 31)).statusCode(503);
        } finally {
            TeamServiceStub.refusing(false);
        }
        TeamServiceStub.ignoringNames(true);
        try {
            create(ADMIN, Map.of("title", "Nowhere", "zone", "Atlantis")).statusCode(400).body("errors.field", hasItem("zone"));
        } finally {
            TeamServiceStub.ignoringNames(false);
        }
    }

    /** Finding 5: a ticket could be assigned to a team that does not exist, or that does not serve its zone. */
    @Test
    void assignmentsNameATeamThatExistsAndServesTheZone() {
        int id = penangTicket(false);
        move(Zones.PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", 4242)).statusCode(400)
                .body("errors.field", hasItem("assigned_team"));
        move(Zones.PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", Zones.IPOH_CREW)).statusCode(409)
                .body("field", equalTo("zone_id")).body("zone", equalTo("Penang")).body("zone_id", equalTo(Zones.PENANG));
        TeamServiceStub.down(true);
        try {
            move(Zones.PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", 4343)).statusCode(503)
                    .header("Retry-After", notNullValue());
        } finally {
            TeamServiceStub.down(false);
        }
        move(Zones.PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", Zones.PENANG_CREW)).statusCode(200);
    }
}
