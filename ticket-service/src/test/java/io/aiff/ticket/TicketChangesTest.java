package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.service.BreachJob;
import io.aiff.ticket.service.TicketService;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.aiff.ticket.TicketsTest.PENANG_SUPERVISOR;
import static io.aiff.ticket.TicketsTest.PENANG_TECH;
import static io.aiff.ticket.TicketsTest.create;
import static io.aiff.ticket.TicketsTest.move;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class TicketChangesTest {

    @Inject
    AgroalDataSource db;

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    TicketService tickets;

    @Inject
    BreachJob breachJob;

    private static ValidatableResponse patch(String token, int id, String ifMatch, Map<String, Object> body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().patch("/api/tickets/" + id).then();
    }

    @Test
    void patchIsVersionedAndStatusIsNotPatchable() {
        int id = create(PENANG_SUPERVISOR, "Penang", null);
        patch(PENANG_SUPERVISOR, id, null, Map.of("title", "New title")).statusCode(428);
        patch(PENANG_SUPERVISOR, id, "\"1\"", Map.of("title", "New title", "tags", List.of("A"))).statusCode(200)
                .header("ETag", "\"2\"").body("title", equalTo("New title")).body("tags", equalTo(List.of("a")))
                .body("category", equalTo("network"));
        patch(PENANG_SUPERVISOR, id, "\"1\"", Map.of("title", "Stale")).statusCode(412);
        patch(PENANG_SUPERVISOR, id, "\"2\"", Map.of("status", "resolved")).statusCode(400).body("errors.field", hasItem("status"));
        patch(PENANG_SUPERVISOR, id, "\"2\"", Map.of("zone", "Ipoh")).statusCode(400).body("errors.field", hasItem("zone"));
        patch(PENANG_SUPERVISOR, id, "\"2\"", Map.of("title", "")).statusCode(400).body("errors.field", hasItem("title"));
        patch(TicketsTest.IPOH_TECH, id, "\"2\"", Map.of("title", "Not yours")).statusCode(404);
    }

    @Test
    void twentyConcurrentPatchesWithOneIfMatchLetExactlyOneThrough() {
        int id = create(PENANG_SUPERVISOR, "Penang", null);
        List<CompletableFuture<Integer>> attempts = IntStream.range(0, 20).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                patch(PENANG_SUPERVISOR, id, "\"1\"", Map.of("description", "writer " + i)).extract().statusCode())).toList();
        List<Integer> statuses = new ArrayList<>();
        attempts.forEach(a -> statuses.add(a.join()));
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(19, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        String description = given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id).then()
                .header("ETag", "\"2\"").extract().path("description");
        assertTrue(description.startsWith("writer "), "the one successful write is there, no other");
    }

    @Test
    void priorityChangeRecomputesTheDeadlineKeepingElapsedTime() {
        int id = create(PENANG_SUPERVISOR, "Penang", "low");
        String created = given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id).then().extract().path("created_at");
        patch(PENANG_SUPERVISOR, id, "\"1\"", Map.of("priority", "critical")).statusCode(200).body("priority", equalTo("critical"));
        var sla = given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id + "/sla").then().statusCode(200)
                .body("target_minutes", equalTo(240)).extract();
        String deadline = given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id).then().extract().path("sla_deadline");
        // Nothing paused: the deadline is the creation time plus the new target.
        assertEquals(Instant.parse(created).plus(Duration.ofMinutes(240)).getEpochSecond(), Instant.parse(deadline).getEpochSecond(), 2);
        given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id + "/history").then()
                .body("items.priority", equalTo(List.of("low", "critical")));
        assertEquals(0, (int) sla.path("paused_minutes"));
    }

    @Test
    void ratingOnlyOnceResolvedAndOnce() {
        int id = create(PENANG_SUPERVISOR, "Penang", null);
        given().auth().oauth2(PENANG_SUPERVISOR).contentType(ContentType.JSON).body(Map.of("rating", 5))
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(409).body("current", equalTo("open"));
        move(PENANG_SUPERVISOR, id, Map.of("to", "assigned", "assigned_team", 7)).statusCode(200);
        move(PENANG_TECH, id, Map.of("to", "in_progress")).statusCode(200);
        move(PENANG_TECH, id, Map.of("to", "resolved")).statusCode(200);
        given().auth().oauth2(PENANG_TECH).contentType(ContentType.JSON).body(Map.of("rating", 6))
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(400).body("errors.field", hasItem("rating"));
        given().auth().oauth2(PENANG_TECH).contentType(ContentType.JSON).body(Map.of("rating", 4))
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(200).body("customer_rating", equalTo(4));
        given().auth().oauth2(PENANG_TECH).contentType(ContentType.JSON).body(Map.of("rating", 5))
                .when().post("/api/tickets/" + id + "/rating").then().statusCode(409);
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
        Map<String, Object> body = Map.of("title", "Water main burst", "zone", "Penang", "priority", "high");
        String key = "mobile-" + UUID.randomUUID();
        var first = given().auth().oauth2(PENANG_SUPERVISOR).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/api/tickets").then().statusCode(201).extract();
        var replay = given().auth().oauth2(PENANG_SUPERVISOR).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/api/tickets").then().statusCode(201)
                .header("Idempotent-Replayed", "true").header("Location", first.header("Location")).extract();
        assertEquals((int) first.path("id"), (int) replay.path("id"));
        assertEquals((String) first.path("ticket_number"), replay.path("ticket_number"));
        given().auth().oauth2(PENANG_SUPERVISOR).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("title", "Something else", "zone", "Penang")).when().post("/api/tickets").then().statusCode(422);
        // The same key from another caller is another request.
        given().auth().oauth2(TicketsTest.PENANG_TECH).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/api/tickets").then().statusCode(201).header("Idempotent-Replayed", Matchers.nullValue());
        given().auth().oauth2(PENANG_SUPERVISOR).header("Idempotency-Key", "k".repeat(256)).contentType(ContentType.JSON)
                .body(body).when().post("/api/tickets").then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        // A transition retried by a flaky client is applied once.
        int id = first.path("id");
        String moveKey = "move-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(PENANG_SUPERVISOR).header("Idempotency-Key", moveKey).contentType(ContentType.JSON)
                    .body(Map.of("to", "assigned", "assigned_team", 7)).when().post("/api/tickets/" + id + "/transitions")
                    .then().statusCode(200).body("status", equalTo("assigned"));
        }
        given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + id + "/history").then()
                .body("items.to", equalTo(List.of("open", "assigned")));
    }

    @Test
    void listFiltersCombine() {
        String zone = "Penang";
        int low = create(PENANG_SUPERVISOR, zone, "low");
        int critical = create(PENANG_SUPERVISOR, zone, "critical");
        move(PENANG_SUPERVISOR, critical, Map.of("to", "assigned", "assigned_team", 7)).statusCode(200);
        patch(PENANG_SUPERVISOR, low, "\"1\"", Map.of("tags", List.of("fibre", "night"), "category", "power")).statusCode(200);
        String since = Instant.now().minusSeconds(60).toString();
        List<Integer> ids = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("status", "assigned").queryParam("zone", zone)
                .queryParam("created_after", since).queryParam("limit", 200).when().get("/api/tickets").then().statusCode(200)
                .extract().path("items.id");
        assertTrue(ids.contains(critical) && !ids.contains(low), ids.toString());
        ids = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("assigned_team", "7").queryParam("priority", "critical")
                .queryParam("limit", 200).when().get("/api/tickets").then().extract().path("items.id");
        assertTrue(ids.contains(critical) && !ids.contains(low));
        ids = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("tags", "fibre,night").queryParam("tags_match", "all")
                .queryParam("category", "power").queryParam("updated_since", since).queryParam("limit", 200)
                .when().get("/api/tickets").then().extract().path("items.id");
        assertTrue(ids.contains(low) && !ids.contains(critical));
        ids = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("tags", "night,unrelated").queryParam("limit", 200)
                .when().get("/api/tickets").then().extract().path("items.id");
        assertTrue(ids.contains(low));
        ids = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("tags", "night,unrelated").queryParam("tags_match", "all")
                .queryParam("limit", 200).when().get("/api/tickets").then().extract().path("items.id");
        assertTrue(!ids.contains(low));
        for (String[] bad : new String[][] {{"status", "sleeping"}, {"priority", "urgent"}, {"created_after", "yesterday"},
                {"sla", "late"}, {"assigned_team", "seven"}, {"tags_match", "some"}}) {
            given().auth().oauth2(PENANG_SUPERVISOR).queryParam(bad[0], bad[1]).when().get("/api/tickets").then()
                    .statusCode(400).body("errors.field", hasItem(bad[0]));
        }
    }

    @Test
    void breachJobMarksEachOverdueTicketOnceEvenWithTwoInstances() throws Exception {
        int overdue = create(PENANG_SUPERVISOR, "Penang", null);
        int paused = create(PENANG_SUPERVISOR, "Penang", null);
        move(PENANG_SUPERVISOR, paused, Map.of("to", "assigned", "assigned_team", 7)).statusCode(200);
        move(PENANG_SUPERVISOR, paused, Map.of("to", "on_hold")).statusCode(200);
        try (Connection c = db.getConnection()) {
            Sql.system(c, false);
            c.createStatement().executeUpdate("UPDATE tickets SET sla_deadline = now() - interval '1 minute' WHERE id IN ("
                    + overdue + ", " + paused + ")");
            Sql.reset(c);
        }
        BreachJob other = new BreachJob(pool, tickets);
        given().auth().oauth2(PENANG_SUPERVISOR).queryParam("sla", "breached").queryParam("limit", 200).when().get("/api/tickets")
                .then().statusCode(200);
        var first = breachJob.runOnce().subscribeAsCompletionStage();
        var second = other.runOnce().subscribeAsCompletionStage();
        first.join();
        second.join();
        breachJob.runOnce().await().indefinitely();
        given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + overdue).then().body("sla_breach", equalTo(true));
        given().auth().oauth2(PENANG_SUPERVISOR).when().get("/api/tickets/" + paused).then().body("sla_breach", equalTo(false));
        List<Integer> breached = given().auth().oauth2(PENANG_SUPERVISOR).queryParam("sla", "breached").queryParam("limit", 200)
                .when().get("/api/tickets").then().statusCode(200).extract().path("items.id");
        assertTrue(breached.contains(overdue) && !breached.contains(paused));
        try (Connection c = db.getConnection();
             ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM outbox WHERE type = 'ticket.sla_breached' "
                     + "AND envelope->>'aggregate_id' = '" + overdue + "'")) {
            rows.next();
            assertEquals(1, rows.getInt(1), "one event, however many instances and ticks");
        }
    }
}
