package io.aiff.analytics.rest;

import io.aiff.analytics.Stories;
import io.aiff.analytics.Story;
import io.aiff.analytics.TicketServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event lost on the way (ticket 4's resolution): the reconcile reports the difference with ticket-service's
 * counts, and a rebuild from ticket-service's export — with an event arriving while it runs — repairs it.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
@WithTestResource(TicketServiceStub.class)
class RebuildTest {

    private static final String PERIOD = "?from=2026-11-02&to=2026-11-02";
    private static final String ADMIN = TestTokens.admin();

    @Inject
    Stories stories;

    @Inject
    Pool db;

    private static JsonObject counts(int zone, int created, int resolved, int closed) {
        return new JsonObject().put("zone_id", zone).put("day", Story.DAY).put("created", created).put("resolved", resolved)
                .put("closed", closed);
    }

    private long rows(String sql) {
        return db.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aLostEventIsReportedByTheReconcileAndRepairedByARebuild() throws Exception {
        synchronized (TicketServiceStub.COUNTS) {
            TicketServiceStub.COUNTS.clear();
            TicketServiceStub.COUNTS.addAll(List.of(counts(3, 3, 2, 1), counts(4, 1, 1, 0)));
        }
        stories.awaitGroup();
        List<JsonObject> delivered = Stories.day().stream().filter(e -> !(e.getString("aggregate_id").equals("4")
                && e.getString("type").equals("ticket.status_changed") && "resolved".equals(e.getJsonObject("data").getString("to")))).toList();
        delivered.forEach(stories::publish);
        Set<String> ids = new HashSet<>(delivered.stream().map(e -> e.getString("id")).toList());
        stories.awaitConsumed(ids);

        given().auth().oauth2(ADMIN).when().get("/api/analytics/reconcile" + PERIOD).then().statusCode(200)
                .body("compared", equalTo(2)).body("differences.size()", equalTo(1))
                .body("differences[0].zone_id", equalTo(4)).body("differences[0].day", equalTo(Story.DAY))
                .body("differences[0].measure", equalTo("resolved"))
                .body("differences[0].analytics", equalTo(0)).body("differences[0].source", equalTo(1));
        given().auth().oauth2(ADMIN).when().get("/api/analytics/teams/11/performance" + PERIOD).then()
                .body("performance.tickets_completed", equalTo(0));

        // The rebuild reads the export slowly, after ticket-service first answered 503 twice (it was starting); meanwhile
        // a new ticket arrives on the stream.
        TicketServiceStub.delayMillis = 400;
        TicketServiceStub.UNAVAILABLE.set(2);
        var started = given().auth().oauth2(ADMIN).when().post("/api/analytics/rebuild").then().statusCode(202)
                .header("Location", startsWith("http")).body("status", equalTo("building")).extract();
        int rebuild = started.path("id");
        given().auth().oauth2(ADMIN).when().post("/api/analytics/rebuild").then().statusCode(409).body("current", equalTo("building"));
        List<JsonObject> late = new Story(5, 4, "Ipoh", "15:00").events;
        late.forEach(stories::publish);
        synchronized (TicketServiceStub.COUNTS) {
            TicketServiceStub.COUNTS.set(1, counts(4, 2, 1, 0));
        }
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Object> progress;
        do {
            Thread.sleep(200);
            progress = given().auth().oauth2(ADMIN).when().get("/api/analytics/rebuild/" + rebuild).then().statusCode(200)
                    .extract().path("");
        } while (!List.of("completed", "failed").contains(progress.get("status")) && System.currentTimeMillis() < deadline);
        assertEquals("completed", progress.get("status"), String.valueOf(progress));
        assertEquals(4, progress.get("tickets_done"));
        assertEquals(0, TicketServiceStub.UNAVAILABLE.get(), "the two 503s were waited out");
        assertTrue((Integer) progress.get("events_replayed") >= 1, "the new ticket's event, published after it started");

        given().auth().oauth2(ADMIN).when().get("/api/analytics/reconcile" + PERIOD).then().statusCode(200)
                .body("differences.size()", equalTo(0));
        given().auth().oauth2(ADMIN).when().get("/api/analytics/teams/11/performance" + PERIOD).then()
                .body("performance.tickets_completed", equalTo(1));
        given().auth().oauth2(ADMIN).when().get("/api/analytics/zones/4" + PERIOD).then().body("performance.total_tickets", equalTo(2));
        // The numbers that were right stay right.
        given().auth().oauth2(ADMIN).when().get("/api/analytics/teams/7/performance" + PERIOD).then()
                .body("performance.tickets_completed", equalTo(2)).body("performance.efficiency", equalTo(0.6667f))
                .body("performance.reopen_rate", equalTo(0.5f));
        // The replaced generation is deleted after the swap.
        long gone = System.currentTimeMillis() + 10_000;
        while (rows("SELECT count(*) FROM ticket_history WHERE generation <> (SELECT current FROM facts_generation)") > 0
                && System.currentTimeMillis() < gone) {
            Thread.sleep(100);
        }
        assertEquals(0, rows("SELECT count(*) FROM ticket_history WHERE generation <> (SELECT current FROM facts_generation)"));
        assertEquals(0, rows("SELECT count(*) FROM ticket_facts WHERE generation <> (SELECT current FROM facts_generation)"));
        // Events after the swap go to the new generation only.
        List<JsonObject> after = new Story(6, 4, "Ipoh", "16:00").events;
        after.forEach(stories::publish);
        stories.awaitConsumed(Set.of(after.get(0).getString("id")));
        given().auth().oauth2(ADMIN).when().get("/api/analytics/zones/4" + PERIOD).then().body("performance.total_tickets", equalTo(3));
    }

    /** Rebuild: administrators (system:admin); reconcile: analytics:read, within the caller's zones. */
    @Test
    void eachRoleGetsWhatTheRuleGivesIt() {
        String supervisor = TestTokens.scoped(40, "sam", "supervisor", List.of(11), List.of(4), List.of("Ipoh"));
        String technician = TestTokens.scoped(41, "tia", "technician", List.of(11), List.of(4), List.of("Ipoh"));
        for (String token : List.of(supervisor, technician, TestTokens.user(30, "vera", "viewer"), TestTokens.user(31, "mona", "manager"))) {
            given().auth().oauth2(token).when().post("/api/analytics/rebuild").then().statusCode(403);
            given().auth().oauth2(token).when().get("/api/analytics/rebuild/1").then().statusCode(403);
        }
        given().auth().oauth2(technician).when().get("/api/analytics/reconcile").then().statusCode(403);
        given().when().post("/api/analytics/rebuild").then().statusCode(401);
        given().auth().oauth2(ADMIN).when().get("/api/analytics/rebuild/999999").then().statusCode(404);
        synchronized (TicketServiceStub.COUNTS) {
            TicketServiceStub.COUNTS.clear();
            TicketServiceStub.COUNTS.addAll(List.of(counts(3, 99, 99, 99), counts(4, 99, 1, 0)));
        }
        // A supervisor of zone 4 compares zone 4 only: zone 3's (wrong) source counts are not its to see.
        List<Integer> zones = given().auth().oauth2(supervisor).when().get("/api/analytics/reconcile" + PERIOD)
                .then().statusCode(200).extract().path("differences.zone_id");
        assertTrue(zones.contains(4) && zones.stream().allMatch(z -> z == 4),
                "zone 4's created differs (99 at the source); zone 3 is not compared: " + zones);
        List<Integer> all = given().auth().oauth2(ADMIN).when().get("/api/analytics/reconcile" + PERIOD)
                .then().statusCode(200).extract().path("differences.zone_id");
        assertTrue(all.contains(3) && all.contains(4), String.valueOf(all));
    }
}
