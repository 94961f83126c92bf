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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic dispatch (ticket-service README, "Dispatch"): the best team by the policy, every decision stored and
 * replayable, no candidate explained, one ticket dispatched once however many dispatchers race, and the visibility
 * rule on decisions. The teams of Kuala Lumpur are written into ticket-service's directory directly.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class DispatchTest {

    static final String ADMIN = TestTokens.admin();
    static final String MANAGER = TestTokens.user(5, "manager", "manager");
    static final String VIEWER = TestTokens.user(30, "viewer", "viewer");
    static final String KL_SUPERVISOR = TestTokens.scoped(25, "sup.kl", "supervisor", List.of(), List.of(Zones.KUALA_LUMPUR),
            List.of("Kuala Lumpur"));
    /** Kuala Lumpur's own team (near). */
    static final int KL_CREW = 31;
    /** Based in Ipoh, also serving Kuala Lumpur (far). */
    static final int IPOH_BASED = 32;
    /** Serves Kuala Lumpur, busy. */
    static final int KL_BUSY = 33;
    /** Serves Kuala Lumpur, one place, taken. */
    static final int KL_FULL = 34;

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void directory() throws Exception {
        Zones.awaitDirectory(db);
        team(KL_CREW, true, "available", 100, List.of(Zones.KUALA_LUMPUR));
        team(IPOH_BASED, true, "available", 100, List.of(Zones.IPOH, Zones.KUALA_LUMPUR));
        team(KL_BUSY, true, "busy", 100, List.of(Zones.KUALA_LUMPUR));
        team(KL_FULL, true, "available", 1, List.of(Zones.KUALA_LUMPUR));
        // The full team is full: it holds one open assignment.
        if (openAssignments(KL_FULL) == 0) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("ticket_id", klTicket("low"), "team_id", KL_FULL))
                    .when().post("/api/assignments").then().statusCode(201);
        }
    }

    int openAssignments(int teamId) throws Exception {
        try (Connection c = db.getConnection(); ResultSet rows = c.createStatement().executeQuery(
                "SELECT open_assignments FROM teams WHERE id = " + teamId)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** A team in the directory as team-service's events would leave it. */
    void team(int id, boolean active, String status, int capacity, List<Integer> zones) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            Sql.system(c, false);
            s.execute("INSERT INTO teams (id, name, is_active, status, version, capacity) VALUES (" + id + ", 'Team " + id + "', "
                    + active + ", '" + status + "', 1, " + capacity + ") ON CONFLICT (id) DO UPDATE SET is_active = excluded.is_active, "
                    + "status = excluded.status, capacity = excluded.capacity");
            s.execute("DELETE FROM team_zones WHERE team_id = " + id);
            for (int i = 0; i < zones.size(); i++) {
                s.execute("INSERT INTO team_zones (team_id, zone_id, is_primary) VALUES (" + id + ", " + zones.get(i) + ", " + (i == 0) + ")");
            }
            Sql.reset(c);
        }
    }

    static int klTicket(String priority) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", "Street light out", "zone_id", Zones.KUALA_LUMPUR, "priority", priority,
                        "coordinates", Map.of("lat", 3.15, "lon", 101.70)))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse auto(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/assignments/auto").then();
    }

    static Map<String, Object> candidate(ValidatableResponse decision, int teamId) {
        List<Map<String, Object>> candidates = decision.extract().path("evaluation.candidates");
        return candidates.stream().filter(c -> Integer.valueOf(teamId).equals(c.get("team_id"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static String failedRule(Map<String, Object> candidate) {
        return ((List<Map<String, Object>>) candidate.get("rules")).stream().filter(r -> !Boolean.TRUE.equals(r.get("pass")))
                .map(r -> (String) r.get("reason")).findFirst().orElse(null);
    }

    @Test
    void theBestTeamIsAssignedAndTheDecisionExplainsEveryCandidateAndReplaysExactly() {
        int id = klTicket("high");
        var result = auto(KL_SUPERVISOR, Map.of("ticket_ids", List.of(id))).statusCode(200)
                .body("results[0].status", equalTo("assigned")).body("results[0].team_id", equalTo(KL_CREW));
        int assignment = result.extract().path("results[0].assignment_id");
        Number decisionId = result.extract().path("results[0].decision_id");
        given().auth().oauth2(ADMIN).when().get("/api/assignments/" + assignment).then().statusCode(200)
                .body("assignment_type", equalTo("auto")).body("decision_id", equalTo(decisionId.intValue()))
                .body("decision", equalTo("/api/dispatch/decisions/" + decisionId)).body("assignment_criteria.rank", equalTo(1));
        var decision = given().auth().oauth2(VIEWER).when().get("/api/dispatch/decisions/" + decisionId).then().statusCode(200)
                .body("ticket_id", equalTo(id)).body("chosen_team_id", equalTo(KL_CREW)).body("assignment_id", equalTo(assignment))
                .body("policy_id", equalTo(1)).body("policy_hash", notNullValue())
                .body("inputs.ticket.point_from", equalTo("ticket")).body("evaluation.outcome", equalTo("chosen"));
        assertEquals(1, candidate(decision, KL_CREW).get("rank"));
        assertEquals(2, candidate(decision, IPOH_BASED).get("rank"), "the far one comes second");
        assertEquals("status_busy", failedRule(candidate(decision, KL_BUSY)));
        assertEquals("at_capacity", failedRule(candidate(decision, KL_FULL)));
        List<Map<String, Object>> inputs = decision.extract().path("inputs.teams");
        assertTrue(inputs.stream().allMatch(t -> t.get("team_version") != null && t.get("open_assignments") != null));
        given().auth().oauth2(VIEWER).when().post("/api/dispatch/decisions/" + decisionId + "/replay").then().statusCode(200)
                .body("matches", equalTo(true)).body("policy_hash_matches", equalTo(true)).body("chosen_team_id", equalTo(KL_CREW));
        // Out of its zone, a supervisor reads no decision; a decision is read as its assignment is.
        given().auth().oauth2(Zones.PENANG_SUPERVISOR).when().get("/api/dispatch/decisions/" + decisionId).then().statusCode(404);
        given().auth().oauth2(KL_SUPERVISOR).when().get("/api/dispatch/decisions/" + decisionId).then().statusCode(200);
        given().auth().oauth2(TestTokens.withPermissions(41, "auditor", "viewer", List.of("scope:all", "tickets:read")))
                .when().get("/api/dispatch/decisions/" + decisionId).then().statusCode(403);
    }

    @Test
    void anotherPolicyVersionAnswersWhatItWouldHaveChosenAndChangesNothing() {
        Map<String, Object> body = new HashMap<>(policy("prefer near", "0"));
        int policy = given().auth().oauth2(MANAGER).contentType(ContentType.JSON).body(body).when().post("/api/dispatch/policies")
                .then().statusCode(201).header("ETag", "\"1\"").body("version", equalTo(1)).extract().path("id");
        int id = klTicket("medium");
        Number decisionId = auto(ADMIN, Map.of("ticket_ids", List.of(id), "policy_id", policy)).statusCode(200)
                .body("results[0].team_id", equalTo(KL_CREW)).extract().path("results[0].decision_id");
        // Writing policies needs dispatch:manage and the current version; versions are never changed.
        given().auth().oauth2(KL_SUPERVISOR).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(policy("far", "500"))
                .when().put("/api/dispatch/policies/" + policy).then().statusCode(403);
        given().auth().oauth2(MANAGER).contentType(ContentType.JSON).body(policy("far", "500"))
                .when().put("/api/dispatch/policies/" + policy).then().statusCode(428);
        given().auth().oauth2(MANAGER).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(policy("far", "500"))
                .when().put("/api/dispatch/policies/" + policy).then().statusCode(200).body("version", equalTo(2));
        given().auth().oauth2(MANAGER).contentType(ContentType.JSON).header("If-Match", "\"1\"").body(policy("again", "500"))
                .when().put("/api/dispatch/policies/" + policy).then().statusCode(412);
        given().auth().oauth2(VIEWER).when().post("/api/dispatch/decisions/" + decisionId + "/replay?policy_version=2").then()
                .statusCode(200).body("policy_version", equalTo(2)).body("chosen_team_id", equalTo(IPOH_BASED))
                .body("stored_chosen_team_id", equalTo(KL_CREW)).body("matches", nullValue());
        given().auth().oauth2(VIEWER).when().post("/api/dispatch/decisions/" + decisionId + "/replay").then()
                .body("matches", equalTo(true)).body("policy_version", equalTo(1));
        given().auth().oauth2(VIEWER).when().post("/api/dispatch/decisions/" + decisionId + "/replay?policy_version=9").then().statusCode(400);
        given().auth().oauth2(VIEWER).when().post("/api/dispatch/decisions/" + decisionId + "/replay?policy_version=abc").then().statusCode(400);
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().body("assigned_team", equalTo(KL_CREW));
        given().auth().oauth2(VIEWER).when().get("/api/dispatch/policies/" + policy + "/versions/1").then().statusCode(200)
                .body("name", equalTo("prefer near"));
        given().auth().oauth2(MANAGER).contentType(ContentType.JSON).body(Map.of("name", "bad", "rules", List.of("team_active"),
                "objectives", List.of(Map.of("name", "load", "weight", 2, "best", 0, "worst", 1))))
                .when().post("/api/dispatch/policies").then().statusCode(400).body("errors[0].field", equalTo("objectives[0].weight"));
    }

    /** Distance graded from 0 km (best) to {@code worst}: worst 0 and best 500 prefers the far team. */
    static Map<String, Object> policy(String name, String best) {
        return Map.of("name", name, "rules", List.of("team_active", "team_available", "serves_zone", "below_capacity"),
                "objectives", List.of(Map.of("name", "distance_km", "weight", 1, "best", Integer.parseInt(best),
                        "worst", best.equals("0") ? 50 : 0)));
    }

    @Test
    void withNoTeamQualifyingTheTicketStaysOpenAndTheDecisionSaysWhyOfEachTeam() throws Exception {
        team(KL_CREW, true, "on_break", 100, List.of(Zones.KUALA_LUMPUR));
        team(IPOH_BASED, false, "available", 100, List.of(Zones.IPOH, Zones.KUALA_LUMPUR));
        try {
            int id = klTicket("critical");
            Number decisionId = auto(ADMIN, Map.of("ticket_ids", List.of(id))).statusCode(200)
                    .body("results[0].status", equalTo("no_candidate")).body("results[0].assignment_id", nullValue())
                    .extract().path("results[0].decision_id");
            var decision = given().auth().oauth2(ADMIN).when().get("/api/dispatch/decisions/" + decisionId).then()
                    .body("chosen_team_id", nullValue()).body("evaluation.outcome", equalTo("no_candidate"));
            assertEquals("status_on_break", failedRule(candidate(decision, KL_CREW)));
            assertEquals("inactive", failedRule(candidate(decision, IPOH_BASED)));
            given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().body("status", equalTo("open"));
        } finally {
            team(KL_CREW, true, "available", 100, List.of(Zones.KUALA_LUMPUR));
            team(IPOH_BASED, true, "available", 100, List.of(Zones.IPOH, Zones.KUALA_LUMPUR));
        }
    }

    @Test
    void twoDispatchersAtOnceAssignATicketOnceAndADryRunChangesNothing() throws Exception {
        int id = klTicket("high");
        List<CompletableFuture<String>> racers = List.of(
                CompletableFuture.supplyAsync(() -> auto(ADMIN, Map.of("ticket_ids", List.of(id))).extract().path("results[0].status")),
                CompletableFuture.supplyAsync(() -> auto(MANAGER, Map.of("ticket_ids", List.of(id))).extract().path("results[0].status")));
        assertEquals(List.of("assigned", "failed"), racers.stream().map(CompletableFuture::join).sorted().toList());
        List<Object> assignments = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id + "/assignments").then()
                .extract().path("items");
        assertEquals(1, assignments.size());

        int dry = klTicket("low");
        auto(ADMIN, Map.of("ticket_ids", List.of(dry), "dry_run", true)).statusCode(200).body("dry_run", equalTo(true))
                .body("results[0].status", equalTo("assigned")).body("results[0].team_id", equalTo(KL_CREW))
                .body("results[0].decision_id", nullValue()).body("results[0].assignment_id", nullValue());
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + dry).then().body("status", equalTo("open"));
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM dispatch_decisions WHERE ticket_id = ?")) {
            Sql.system(c, false);
            q.setInt(1, dry);
            ResultSet rows = q.executeQuery();
            rows.next();
            assertEquals(0, rows.getInt(1), "a dry run stores no decision");
            Sql.reset(c);
        }
    }

    @Test
    void aFilterDispatchesTheMostUrgentFirstEvenWhileTeamServiceIsDown() {
        int low = klTicket("low");
        int critical = klTicket("critical");
        TeamServiceStub.down(true);
        try {
            List<Integer> order = auto(ADMIN, Map.of("filter", Map.of("zone_id", List.of(Zones.KUALA_LUMPUR)))).statusCode(200)
                    .extract().path("results.ticket_id");
            assertTrue(order.indexOf(critical) >= 0 && order.indexOf(critical) < order.indexOf(low), order.toString());
            given().auth().oauth2(ADMIN).when().get("/api/tickets/" + critical).then().body("status", equalTo("assigned"));
        } finally {
            TeamServiceStub.down(false);
        }
        auto(ADMIN, Map.of("ticket_ids", List.of(low), "filter", Map.of())).statusCode(400);
        auto(ADMIN, Map.of()).statusCode(400);
        auto(ADMIN, Map.of("ticket_ids", List.of(low), "policy_id", 999)).statusCode(400).body("errors[0].field", equalTo("policy_id"));
    }

    @Test
    void autoAssignOnCreateAndWhoMayDispatch() {
        int id = given().auth().oauth2(KL_SUPERVISOR).contentType(ContentType.JSON)
                .body(Map.of("title", "Flooded cabinet", "zone_id", Zones.KUALA_LUMPUR, "auto_assign", true))
                .when().post("/api/tickets").then().statusCode(201).body("status", equalTo("assigned"))
                .body("assigned_team", equalTo(KL_CREW)).extract().path("id");
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id + "/assignments").then().body("items[0].assignment_type", equalTo("auto"));
        String klTech = TestTokens.scoped(26, "tech.kl", "technician", List.of(KL_CREW), List.of(Zones.KUALA_LUMPUR), List.of("Kuala Lumpur"));
        given().auth().oauth2(klTech).contentType(ContentType.JSON)
                .body(Map.of("title", "Flooded cabinet", "zone_id", Zones.KUALA_LUMPUR, "auto_assign", true))
                .when().post("/api/tickets").then().statusCode(403).body("field", equalTo("auto_assign"));
        auto(klTech, Map.of("ticket_ids", List.of(klTicket("low")))).statusCode(403);
        // Reading follows the assignment: the technician of the zone reads the decision and the policies, writes none.
        Number decisionId = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id + "/assignments").then()
                .extract().path("items[0].decision_id");
        given().auth().oauth2(klTech).when().get("/api/dispatch/decisions/" + decisionId).then().statusCode(200);
        given().auth().oauth2(Zones.IPOH_TECH).when().get("/api/dispatch/decisions/" + decisionId).then().statusCode(404);
        given().auth().oauth2(klTech).when().get("/api/dispatch/policies").then().statusCode(200).body("items[0].id", equalTo(1));
        given().auth().oauth2(klTech).contentType(ContentType.JSON).body(policy("mine", "0")).when().post("/api/dispatch/policies")
                .then().statusCode(403);
        given().auth().oauth2(KL_SUPERVISOR).contentType(ContentType.JSON).body(policy("mine", "0")).when().post("/api/dispatch/policies")
                .then().statusCode(403);
        auto(VIEWER, Map.of("ticket_ids", List.of(klTicket("low")))).statusCode(403);
        // Out of a supervisor's zones: that ticket is out of reach, said so for that ticket alone.
        auto(Zones.PENANG_SUPERVISOR, Map.of("ticket_ids", List.of(klTicket("low")))).statusCode(200)
                .body("results[0].status", equalTo("failed")).body("results[0].problem.status", equalTo(404));
    }
}
