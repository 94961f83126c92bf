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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Assignments (ticket-service README, "Assignments"): each row of the table of how the assignment follows the ticket,
 * the team rules and their override, declining, bulk, and the visibility rule on every assignment path.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class AssignmentsTest {

    static final String ADMIN = TestTokens.admin();
    static final String MANAGER = TestTokens.user(5, "manager", "manager");
    static final String VIEWER = TestTokens.user(30, "viewer", "viewer");
    static final String TECH = Zones.PENANG_TECH;
    static final String SUPERVISOR = Zones.PENANG_SUPERVISOR;
    static final String IPOH_SUPERVISOR = TestTokens.scoped(24, "sup.ipoh", "supervisor", List.of(), List.of(Zones.IPOH), List.of("Ipoh"));
    /** A second team of Penang (the Penang technician is not in it). */
    static final int NIGHT_CREW = 11;
    /** A Penang team that takes one ticket at a time. */
    static final int SMALL_CREW = 12;
    /** A Penang team that is not active. */
    static final int RETIRED_CREW = 13;
    /** A Penang team that is offline. */
    static final int OFFLINE_CREW = 14;

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void directory() throws Exception {
        TeamServiceStub.team(NIGHT_CREW, "Night Crew", 1, List.of(Zones.PENANG));
        TeamServiceStub.team(SMALL_CREW, "Small Crew", 1, List.of(Zones.PENANG)).put("capacity", 1);
        TeamServiceStub.team(RETIRED_CREW, "Retired Crew", 1, List.of(Zones.PENANG)).put("is_active", false);
        TeamServiceStub.team(OFFLINE_CREW, "Offline Crew", 1, List.of(Zones.PENANG)).put("status", "offline");
        Zones.awaitDirectory(db);
    }

    static int ticket(String zone) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", "Cabinet door forced", "zone_id", zone.equals("Penang") ? Zones.PENANG : Zones.IPOH))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse assign(String token, int ticketId, int teamId, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>(Map.of("ticket_id", ticketId, "team_id", teamId));
        body.putAll(more);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/assignments").then();
    }

    static ValidatableResponse move(String token, int id, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/tickets/" + id + "/transitions").then();
    }

    static ValidatableResponse get(String token, int assignmentId) {
        return given().auth().oauth2(token).when().get("/api/assignments/" + assignmentId).then();
    }

    static List<Map<String, Object>> ofTicket(int ticketId) {
        return given().auth().oauth2(ADMIN).when().get("/api/tickets/" + ticketId + "/assignments").then().statusCode(200)
                .extract().path("items");
    }

    /** Moves the last status change of the ticket (and, when given, the assignment's start) back in time. */
    void backdate(int ticketId, Integer assignmentId, int minutesAgo) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            Sql.system(c, false);
            // Status events are never updated (no policy allows it): the system scope writes the last one again, moved back.
            s.execute("WITH old AS (DELETE FROM ticket_status_events WHERE id = (SELECT max(id) FROM ticket_status_events "
                    + "WHERE ticket_id = " + ticketId + ") RETURNING *) INSERT INTO ticket_status_events (ticket_id, from_status, "
                    + "to_status, priority, reason, changed_by, changed_at, received_at) SELECT ticket_id, from_status, to_status, "
                    + "priority, reason, changed_by, now() - interval '" + minutesAgo + " minutes', received_at FROM old");
            if (assignmentId != null) {
                s.execute("UPDATE assignments SET assigned_at = now() - interval '" + minutesAgo + " minutes' WHERE id = " + assignmentId);
            }
            Sql.reset(c);
        }
    }

    List<String> eventTypes(int assignmentId) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            ResultSet rows = s.executeQuery("SELECT type FROM outbox WHERE type LIKE 'assignment.%' "
                    + "AND envelope->>'aggregate_id' = '" + assignmentId + "' ORDER BY id");
            while (rows.next()) {
                types.add(rows.getString(1));
            }
        }
        return types;
    }

    @Test
    void theAssignmentFollowsTheTicketThroughItsLifeAndCountsTimeInProgressWithoutPauses() throws Exception {
        int id = ticket("Penang");
        int a = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of("assigned_to", 21, "notes", "bring the ladder"))
                .statusCode(201).header("Location", notNullValue()).header("ETag", "\"1\"")
                .body("status", equalTo("assigned")).body("assignment_type", equalTo("manual")).body("assigned_to", equalTo(21))
                .body("zone_id", equalTo(Zones.PENANG)).body("assigned_by", equalTo("user:22")).extract().path("id");
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().body("status", equalTo("assigned"))
                .body("assigned_team", equalTo(Zones.PENANG_CREW)).body("assigned_to", equalTo(21));
        backdate(id, a, 600);
        move(TECH, id, Map.of("to", "in_progress")).statusCode(200);
        get(ADMIN, a).body("status", equalTo("in_progress"));
        backdate(id, null, 540);
        move(TECH, id, Map.of("to", "on_hold", "reason", "waiting for a part")).statusCode(200);
        get(ADMIN, a).body("status", equalTo("in_progress")); // pauses live in the ticket's history
        backdate(id, null, 480);
        move(TECH, id, Map.of("to", "in_progress")).statusCode(200);
        backdate(id, null, 360);
        move(TECH, id, Map.of("to", "pending", "reason", "customer away")).statusCode(200);
        backdate(id, null, 300);
        move(TECH, id, Map.of("to", "in_progress")).statusCode(200);
        backdate(id, null, 60);
        move(TECH, id, Map.of("to", "resolved")).statusCode(200);
        // In progress from 540 to 480 minutes ago, 360 to 300 and 60 to now: the hold and the wait are not counted.
        get(ADMIN, a).body("status", equalTo("completed")).body("actual_completion", notNullValue())
                .body("time_spent", equalTo(180)).body("time_spent_reported", equalTo(false));
        move(TECH, id, Map.of("to", "in_progress", "reason", "fault came back")).statusCode(200);
        get(ADMIN, a).body("status", equalTo("in_progress")).body("actual_completion", nullValue()).body("reopen_count", equalTo(1));
        move(TECH, id, Map.of("to", "resolved")).statusCode(200);
        move(SUPERVISOR, id, Map.of("to", "closed")).statusCode(200);
        get(ADMIN, a).body("status", equalTo("completed"));
        assertEquals(1, ofTicket(id).size(), "one assignment, reopened and completed again");
        assertEquals(List.of("assignment.created", "assignment.updated", "assignment.completed", "assignment.updated",
                "assignment.completed"), eventTypes(a));
    }

    @Test
    void aReportedTimeSpentIsKeptAndCancellingEndsTheAssignment() {
        int id = ticket("Penang");
        int a = assign(ADMIN, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        move(TECH, id, Map.of("to", "in_progress")).statusCode(200);
        String etag = get(TECH, a).extract().header("ETag");
        given().auth().oauth2(TECH).contentType("application/merge-patch+json").header("If-Match", etag)
                .body(Map.of("time_spent", 45, "quality_score", 4.5, "feedback", Map.of("parts", List.of("fuse"))))
                .when().patch("/api/assignments/" + a).then().statusCode(200)
                .body("time_spent", equalTo(45)).body("time_spent_reported", equalTo(true)).body("feedback.parts", hasItem("fuse"));
        move(TECH, id, Map.of("to", "resolved")).statusCode(200);
        get(ADMIN, a).body("time_spent", equalTo(45));

        int other = ticket("Penang");
        int b = assign(ADMIN, other, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        move(ADMIN, other, Map.of("to", "cancelled", "reason", "duplicate")).statusCode(200);
        get(ADMIN, b).body("status", equalTo("cancelled")).body("ended_by", equalTo("user:1")).body("end_reason", equalTo("duplicate"));
    }

    @Test
    void reassignmentEndsTheCurrentAssignmentAndStartsANewOne() throws Exception {
        int id = ticket("Penang");
        int first = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        move(TECH, id, Map.of("to", "in_progress")).statusCode(200);
        int second = assign(SUPERVISOR, id, NIGHT_CREW, Map.of("reason", "night work")).statusCode(201).body("status", equalTo("assigned"))
                .extract().path("id");
        get(ADMIN, first).body("status", equalTo("reassigned")).body("ended_at", notNullValue()).body("end_reason", equalTo("night work"));
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + id).then().body("status", equalTo("assigned"))
                .body("assigned_team", equalTo(NIGHT_CREW));
        assertEquals(List.of(first, second), ofTicket(id).stream().map(m -> m.get("id")).toList());
        assertEquals(List.of("assignment.created", "assignment.updated", "assignment.reassigned"), eventTypes(first));
        // Reassigning needs tickets:assign: a technician cannot take the ticket over.
        move(TECH, id, Map.of("to", "assigned", "assigned_team", Zones.PENANG_CREW)).statusCode(403);
    }

    @Test
    void aTeamThatDeclinesHandsTheTicketBackAndASupervisorReleasesIt() throws Exception {
        int id = ticket("Penang");
        int a = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        // A technician's move back to open is a decline: never without a reason.
        move(TECH, id, Map.of("to", "open")).statusCode(400).body("errors[0].field", equalTo("reason"));
        move(TECH, id, Map.of("to", "open", "reason", "no ladder long enough")).statusCode(200)
                .body("status", equalTo("open")).body("assigned_team", nullValue());
        get(ADMIN, a).body("status", equalTo("declined")).body("end_reason", equalTo("no ladder long enough"))
                .body("ended_by", equalTo("user:21"));

        int b = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        given().auth().oauth2(TECH).contentType(ContentType.JSON).body(Map.of("reason", "  "))
                .when().post("/api/assignments/" + b + "/decline").then().statusCode(400);
        given().auth().oauth2(TECH).contentType(ContentType.JSON).body(Map.of("reason", "out of our depth"))
                .when().post("/api/assignments/" + b + "/decline").then().statusCode(200).body("status", equalTo("declined"));

        int c = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        move(SUPERVISOR, id, Map.of("to", "open", "reason", "re-planning")).statusCode(200);
        get(ADMIN, c).body("status", equalTo("released"));
        assertEquals(List.of("assignment.created", "assignment.declined"), eventTypes(a));
        assertEquals(List.of("assignment.created", "assignment.released"), eventTypes(c));

        // A supervisor declines for the team within its zones; declining needs assignments:decline, nothing else.
        int s = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        String declineOnly = TestTokens.scopedWith(28, "decliner", "technician", List.of(Zones.PENANG_CREW), List.of(Zones.PENANG),
                List.of("tickets:read", "assignments:read", "assignments:decline"));
        given().auth().oauth2(declineOnly).contentType(ContentType.JSON).body(Map.of("reason", "crew sick"))
                .when().post("/api/assignments/" + s + "/decline").then().statusCode(200).body("status", equalTo("declined"));

        int d = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        move(TECH, id, Map.of("to", "in_progress")).statusCode(200);
        given().auth().oauth2(TECH).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .when().post("/api/assignments/" + d + "/decline").then().statusCode(409).body("current", equalTo("in_progress"));
        // Someone else's team: the Ipoh technician does not reach it at all.
        given().auth().oauth2(Zones.IPOH_TECH).contentType(ContentType.JSON).body(Map.of("reason", "not ours"))
                .when().post("/api/assignments/" + d + "/decline").then().statusCode(404);
    }

    @Test
    void theTeamRulesHoldUnlessOverriddenWithAReasonAndTheLifecycleAlways() throws Exception {
        int id = ticket("Penang");
        assign(ADMIN, id, 999, Map.of()).statusCode(400).body("errors[0].field", equalTo("team_id"));
        assign(ADMIN, id, Zones.IPOH_CREW, Map.of()).statusCode(409).body("zone_id", equalTo(Zones.PENANG));
        assign(ADMIN, id, RETIRED_CREW, Map.of()).statusCode(409).body("type", equalTo("https://aiff.io/problems/team-unavailable"));
        assign(ADMIN, id, OFFLINE_CREW, Map.of()).statusCode(409).body("detail", org.hamcrest.Matchers.containsString("offline"));
        assign(ADMIN, id, Zones.PENANG_CREW, Map.of("assigned_to", 23)).statusCode(400).body("errors[0].field", equalTo("assigned_to"));
        // Capacity: the small crew takes one ticket at a time (the assignments it already has count).
        int other = ticket("Penang");
        assign(ADMIN, other, SMALL_CREW, Map.of()).statusCode(201);
        assign(ADMIN, id, SMALL_CREW, Map.of()).statusCode(409).body("type", equalTo("https://aiff.io/problems/team-at-capacity"));
        // An override needs its permission and a reason, and lifts the team rules.
        assign(SUPERVISOR, id, Zones.IPOH_CREW, Map.of("override_reason", "Ipoh crew is on site")).statusCode(403);
        assign(MANAGER, id, Zones.IPOH_CREW, Map.of("override_reason", " ")).statusCode(400);
        int a = assign(MANAGER, id, Zones.IPOH_CREW, Map.of("override_reason", "Ipoh crew is on site")).statusCode(201)
                .body("override_reason", equalTo("Ipoh crew is on site")).extract().path("id");
        assign(MANAGER, ticket("Penang"), SMALL_CREW, Map.of("override_reason", "they can take a second job")).statusCode(201);
        assign(MANAGER, ticket("Penang"), RETIRED_CREW, Map.of("override_reason", "called back for this one")).statusCode(201);
        // Never the lifecycle: a closed or cancelled ticket is not assigned, override or not.
        move(ADMIN, id, Map.of("to", "cancelled", "reason", "gone")).statusCode(200);
        assign(MANAGER, id, Zones.PENANG_CREW, Map.of("override_reason", "try anyway")).statusCode(409)
                .body("current", equalTo("cancelled")).body("allowed", equalTo(List.of()));
        get(ADMIN, a).body("status", equalTo("cancelled"));
        // The ticket must be as the caller saw it.
        int third = ticket("Penang");
        assign(ADMIN, third, Zones.PENANG_CREW, Map.of("expected_version", 7)).statusCode(412);
    }

    @Test
    void everyRoleSeesAndChangesAssignmentsByTheVisibilityRule() {
        int penang = ticket("Penang");
        int a = assign(ADMIN, penang, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        int night = ticket("Penang");
        int n = assign(ADMIN, night, NIGHT_CREW, Map.of()).statusCode(201).extract().path("id");
        int ipoh = ticket("Ipoh");
        int i = assign(ADMIN, ipoh, Zones.IPOH_CREW, Map.of()).statusCode(201).extract().path("id");
        for (String reader : List.of(ADMIN, MANAGER, VIEWER)) {
            for (int any : List.of(a, n, i)) {
                get(reader, any).statusCode(200);
            }
        }
        // Supervisors and technicians read their zones' assignments; other zones' do not exist for them.
        for (String zoned : List.of(SUPERVISOR, TECH)) {
            get(zoned, a).statusCode(200);
            get(zoned, n).statusCode(200);
            get(zoned, i).statusCode(404);
            given().auth().oauth2(zoned).when().get("/api/tickets/" + ipoh + "/assignments").then().statusCode(404);
            assertEquals(List.of(n), listed(zoned, "ticket_id=" + night));
            assertEquals(List.of(), listed(zoned, "ticket_id=" + ipoh));
        }
        assertEquals(List.of(i), listed(VIEWER, "ticket_id=" + ipoh));
        assertEquals(List.of(i), listed(VIEWER, "ticket_id=" + ipoh + "&status=active"), "active: assigned or in progress");
        assertEquals(List.of(), listed(VIEWER, "ticket_id=" + ipoh + "&status=completed,declined"));
        get(IPOH_SUPERVISOR, i).statusCode(200);
        get(IPOH_SUPERVISOR, a).statusCode(404);
        // Changes: a technician its teams' assignments only, a supervisor its zones'.
        patchNotes(TECH, a).statusCode(200);
        patchNotes(TECH, n).statusCode(404);
        patchNotes(SUPERVISOR, n).statusCode(200);
        patchNotes(IPOH_SUPERVISOR, n).statusCode(404);
        patchNotes(VIEWER, a).statusCode(403);
        // Without assignments:read nothing of it is there to read; without tickets:assign nothing is assigned.
        String noAssignmentsRead = TestTokens.withPermissions(41, "auditor", "viewer", List.of("scope:all", "tickets:read"));
        get(noAssignmentsRead, a).statusCode(403);
        given().auth().oauth2(noAssignmentsRead).when().get("/api/tickets/" + penang + "/assignments").then().statusCode(403);
        assign(VIEWER, ticket("Penang"), Zones.PENANG_CREW, Map.of()).statusCode(403);
        assign(TECH, ticket("Penang"), Zones.PENANG_CREW, Map.of()).statusCode(403);
        // Filters and paging.
        List<Integer> byTicket = given().auth().oauth2(ADMIN).when().get("/api/assignments?ticket_id=" + night)
                .then().statusCode(200).extract().path("items.id");
        assertEquals(List.of(n), byTicket);
        List<Integer> byTeam = given().auth().oauth2(ADMIN).when().get("/api/assignments?limit=200&team_id=" + Zones.IPOH_CREW)
                .then().statusCode(200).extract().path("items.team_id");
        assertTrue(!byTeam.isEmpty() && byTeam.stream().allMatch(t -> t == Zones.IPOH_CREW));
        given().auth().oauth2(ADMIN).when().get("/api/assignments?status=lost").then().statusCode(400);
        given().auth().oauth2(ADMIN).when().get("/api/assignments?assigned_after=yesterday").then().statusCode(400);
        String next = given().auth().oauth2(ADMIN).when().get("/api/assignments?limit=1").then().statusCode(200)
                .extract().path("next_cursor");
        given().auth().oauth2(ADMIN).when().get("/api/assignments?limit=1&cursor=" + next).then().statusCode(200);
    }

    private static List<Integer> listed(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/assignments?" + query).then().statusCode(200).extract().path("items.id");
    }

    private static ValidatableResponse patchNotes(String token, int assignmentId) {
        String etag = get(ADMIN, assignmentId).extract().header("ETag");
        return given().auth().oauth2(token).contentType("application/merge-patch+json").header("If-Match", etag)
                .body(Map.of("notes", "gate code 4711")).when().patch("/api/assignments/" + assignmentId).then();
    }

    @Test
    void anAssignmentIsReadWithItsETagAndChangedOnlyAgainstIt() {
        int id = ticket("Penang");
        int a = assign(ADMIN, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        String etag = get(ADMIN, a).statusCode(200).extract().header("ETag");
        given().auth().oauth2(ADMIN).header("If-None-Match", etag).when().get("/api/assignments/" + a).then().statusCode(304);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("notes", "x"))
                .when().patch("/api/assignments/" + a).then().statusCode(428);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("notes", "first"))
                .when().patch("/api/assignments/" + a).then().statusCode(200);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("notes", "stale"))
                .when().patch("/api/assignments/" + a).then().statusCode(412).body("current.notes", equalTo("first"))
                .body("etag", equalTo("\"2\""));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(Map.of("quality_score", 6))
                .when().patch("/api/assignments/" + a).then().statusCode(400).body("errors[0].field", equalTo("quality_score"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", "\"2\"").body(Map.of("status", "completed"))
                .when().patch("/api/assignments/" + a).then().statusCode(400);
    }

    @Test
    void aRetriedAssignmentIsAnsweredOnceAndTwoAtOnceAssignTheTicketOnce() {
        int id = ticket("Penang");
        String key = UUID.randomUUID().toString();
        int first = given().auth().oauth2(ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("ticket_id", id, "team_id", Zones.PENANG_CREW)).when().post("/api/assignments")
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(ADMIN).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("ticket_id", id, "team_id", Zones.PENANG_CREW)).when().post("/api/assignments")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        assertEquals(1, ofTicket(id).size());

        int contested = ticket("Penang");
        List<CompletableFuture<Integer>> racers = List.of(
                CompletableFuture.supplyAsync(() -> assign(ADMIN, contested, Zones.PENANG_CREW, Map.of("expected_version", 1))
                        .extract().statusCode()),
                CompletableFuture.supplyAsync(() -> assign(ADMIN, contested, NIGHT_CREW, Map.of("expected_version", 1))
                        .extract().statusCode()));
        List<Integer> statuses = racers.stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(201, 412), statuses, "one wins, the other finds the ticket moved on");
        assertEquals(1, ofTicket(contested).size());
    }

    @Test
    void bulkAssignsEachItemOnItsOwnOrAllOrNothingAndADryRunChangesNothing() throws Exception {
        int t1 = ticket("Penang");
        int t2 = ticket("Penang");
        int t3 = ticket("Penang");
        int closed = ticket("Penang");
        move(ADMIN, closed, Map.of("to", "cancelled", "reason", "x")).statusCode(200);
        List<Map<String, Object>> items = List.of(
                Map.of("ticket_id", t3, "team_id", Zones.PENANG_CREW),
                Map.of("ticket_id", closed, "team_id", Zones.PENANG_CREW),
                Map.of("ticket_id", t1, "team_id", 999),
                Map.of("ticket_id", t2, "team_id", Zones.IPOH_CREW),
                Map.of("ticket_id", t1, "team_id", NIGHT_CREW, "assigned_to", 21));
        // Dry run: the same answer, nothing changed.
        var dry = bulk(Map.of("items", items, "dry_run", true)).statusCode(200).body("applied", equalTo(false));
        dry.body("results.status", equalTo(List.of("assigned", "failed", "failed", "failed", "failed")))
                .body("results.ticket_id", equalTo(List.of(t3, closed, t1, t2, t1)))
                .body("results[0].assignment_id", nullValue())
                .body("results[1].problem.current", equalTo("cancelled"))
                .body("results[2].problem.errors[0].field", equalTo("team_id"))
                .body("results[3].problem.zone_id", equalTo(Zones.PENANG))
                .body("results[4].problem.errors[0].field", equalTo("assigned_to"));
        assertTrue(ofTicket(t3).isEmpty(), "a dry run assigns nothing");
        // Atomic with a bad item: nothing at all.
        bulk(Map.of("items", items, "atomic", true)).statusCode(200).body("applied", equalTo(false))
                .body("results[0].status", equalTo("failed")).body("results[0].problem.type", equalTo("https://aiff.io/problems/bulk-not-applied"));
        assertTrue(ofTicket(t3).isEmpty(), "atomic: all or nothing");
        // Not atomic: the good ones are assigned whatever the others did.
        var done = bulk(Map.of("items", items)).statusCode(200).body("applied", equalTo(true))
                .body("results.status", equalTo(List.of("assigned", "failed", "failed", "failed", "failed")));
        int made = done.extract().path("results[0].assignment_id");
        get(ADMIN, made).body("assignment_type", equalTo("bulk")).body("ticket_id", equalTo(t3));
        // Atomic and all good: all of them.
        var good = bulk(Map.of("atomic", true, "items", List.of(Map.of("ticket_id", t1, "team_id", Zones.PENANG_CREW),
                Map.of("ticket_id", t2, "team_id", NIGHT_CREW, "expected_version", 1)))).statusCode(200).body("applied", equalTo(true));
        good.body("results.status", equalTo(List.of("assigned", "assigned")));
        // Malformed is refused up front; more than 500 items is 413 naming the limit.
        bulk(Map.of("items", List.of(Map.of("ticket_id", "x", "team_id", 1)))).statusCode(400);
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(Map.of("ticket_id", t1, "team_id", Zones.PENANG_CREW));
        }
        bulk(Map.of("items", many)).statusCode(413).body("limit", equalTo(500));
        bulk(Map.of("items", List.of(Map.of("ticket_id", t1, "team_id", Zones.PENANG_CREW))), SUPERVISOR).statusCode(200);
        bulk(Map.of("items", List.of(Map.of("ticket_id", t1, "team_id", Zones.PENANG_CREW))), TECH).statusCode(403);
    }

    private static ValidatableResponse bulk(Map<String, Object> body) {
        return bulk(body, ADMIN);
    }

    private static ValidatableResponse bulk(Map<String, Object> body, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/api/assignments/bulk").then();
    }

    @Test
    void assignmentsJoinTheSyncFeedOfWhoeverMayReadThem() {
        String tech = drained(TECH, null).cursor();
        String ipoh = drained(Zones.IPOH_TECH, null).cursor();
        int id = ticket("Penang");
        int a = assign(SUPERVISOR, id, Zones.PENANG_CREW, Map.of()).statusCode(201).extract().path("id");
        List<Map<String, Object>> items = drained(TECH, tech).items();
        assertTrue(items.stream().anyMatch(i -> "assignment".equals(i.get("type")) && Integer.valueOf(a).equals(i.get("id"))
                && "upsert".equals(i.get("kind")) && "assigned".equals(((Map<?, ?>) i.get("assignment")).get("status"))), items.toString());
        assertTrue(items.stream().anyMatch(i -> "ticket".equals(i.get("type")) && Integer.valueOf(id).equals(i.get("id"))));
        assertTrue(drained(Zones.IPOH_TECH, ipoh).items().stream().noneMatch(i -> Integer.valueOf(id).equals(i.get("id"))
                || "assignment".equals(i.get("type")) && Integer.valueOf(a).equals(i.get("id"))), "not the Ipoh technician's");
        // A full sync gives each ticket with its assignments.
        List<Map<String, Object>> full = drained(TECH, null).items();
        int at = -1;
        for (int i = 0; i < full.size(); i++) {
            if ("ticket".equals(full.get(i).get("type")) && Integer.valueOf(id).equals(full.get(i).get("id"))) {
                at = i;
            }
        }
        assertTrue(at >= 0 && "assignment".equals(full.get(at + 1).get("type")) && Integer.valueOf(a).equals(full.get(at + 1).get("id")));
    }

    record Drained(List<Map<String, Object>> items, String cursor) {
    }

    /** Every page from the cursor (null: a full sync) until has_more is false. */
    static Drained drained(String token, String cursor) {
        List<Map<String, Object>> items = new ArrayList<>();
        boolean more = true;
        while (more) {
            var page = given().auth().oauth2(token).when().get("/api/sync?limit=500" + (cursor == null ? "" : "&cursor=" + cursor))
                    .then().statusCode(200).extract();
            items.addAll(page.path("items"));
            cursor = page.path("next_cursor");
            more = page.path("has_more");
        }
        return new Drained(items, cursor);
    }
}
