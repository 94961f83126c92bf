package io.aiff.team;

import io.aiff.common.db.Outbox;
import io.aiff.common.db.OutboxRelay;
import io.aiff.common.db.Relay;
import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.aiff.team.Fixtures.square;
import static io.aiff.team.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every change is an event on the stream, once, each aggregate's in the order of its changes — also with two relays,
 * across a failover and while another writer holds its transaction open.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
@WithTestResource(AuthServiceStub.class)
class OutboxTest {

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    @Inject
    RedisKeys keys;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Relay relay;

    @Test
    void everyChangeIsOneEventInOrderWithItsEnvelope() throws InterruptedException {
        String zone = unique("Alor Setar");
        int zoneId = Fixtures.createZone(square(zone, 6.0, 100.3, 0.2));
        int team = Fixtures.createTeam(unique("Kedah Crew"), zone);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("description", "Rice fields")).when().patch("/api/teams/" + team).then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("status", "busy"))
                .when().post("/api/teams/" + team + "/status").then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("zones", new JsonArray().add(new JsonObject().put("zone_id", zoneId).put("is_primary", true))).encode())
                .when().put("/api/teams/" + team + "/zones").then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("members", new JsonArray().add(new JsonObject().put("user_id", 11).put("role_in_team", "lead"))).encode())
                .when().put("/api/teams/" + team + "/members").then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("priority_level", 3)).when().patch("/api/zones/" + zoneId).then().statusCode(200);

        List<JsonObject> events = Stream.await(redis, keys, e -> e.getString("aggregate_id").equals(String.valueOf(
                e.getString("type").startsWith("zone.") ? zoneId : team)), 7);
        assertEquals(List.of("zone.created", "team.created", "team.updated", "team.status_changed", "team.zones_changed",
                "team.members_changed", "zone.updated"), events.stream().map(e -> e.getString("type")).toList());
        JsonObject status = events.get(3);
        assertEquals("team-service", status.getString("source"));
        assertEquals(zone, status.getString("zone"));
        assertEquals(zoneId, status.getInteger("zone_id"));
        assertEquals(team, status.getInteger("team_id"));
        // Every team event carries the team as its readers keep it: zones by id, status, version.
        assertEquals(zoneId, status.getJsonObject("data").getInteger("zone_id"));
        assertEquals(List.of(zoneId), status.getJsonObject("data").getJsonArray("zones").stream()
                .map(z -> ((JsonObject) z).getInteger("zone_id")).toList());
        JsonObject members = events.get(5).getJsonObject("data");
        assertEquals(11, members.getJsonArray("members").getJsonObject(0).getInteger("user_id"));
        assertTrue(members.getInteger("version") > status.getJsonObject("data").getInteger("version"), "members bump the version");
        // Zone events carry the zone whole: centre and coverage.
        assertEquals(zoneId, events.get(0).getInteger("zone_id"));
        assertEquals(4, events.get(0).getJsonObject("data").getJsonArray("coverage_area").size());
        assertTrue(events.get(0).getJsonObject("data").getJsonObject("coordinates").containsKey("lat"));
        assertEquals("user:1", status.getString("actor"));
        assertEquals(1, status.getInteger("version"));
        assertEquals("available", status.getJsonObject("data").getString("from"));
        assertEquals("busy", status.getJsonObject("data").getString("to"));
        assertEquals(36, status.getString("id").length());
        assertTrue(status.getString("occurred_at").endsWith("Z"));
        assertEquals(zone, events.get(0).getString("zone"));
        assertEquals(null, events.get(0).getInteger("team_id"));

        // A renamed zone renames the primary zone of its teams, and says so for each team.
        String renamed = unique("Alor Star");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("name", renamed)).when().patch("/api/zones/" + zoneId).then().statusCode(200);
        List<JsonObject> renames = Stream.await(redis, keys, e -> e.getString("type").equals("team.updated")
                && e.getString("aggregate_id").equals(String.valueOf(team)) && renamed.equals(e.getString("zone")), 1);
        assertEquals(renamed, renames.get(0).getJsonObject("data").getString("zone"));
    }

    @Test
    void twoRelaysPublishEachEventOnceAndOneTakesOver() throws Exception {
        var standby = new OutboxRelay(vertx, pool, reactiveRedis, keys.key(EventStream.KEY), Duration.ofMillis(100), Duration.ofHours(25));
        standby.start();
        try {
            String zone = unique("Kangar");
            Fixtures.createZone(square(zone, 6.4, 100.1, 0.1));
            // 20 teams created concurrently: each event exactly once, whichever relay publishes it.
            List<CompletableFuture<Integer>> creates = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> Fixtures.createTeam("Perlis " + i + " " + zone, zone)))
                    .toList();
            Set<String> ids = new HashSet<>();
            creates.forEach(c -> ids.add(String.valueOf(c.join())));
            assertTrue(relay.relay().active() ^ standby.active(), "exactly one relay holds the lock");
            Stream.await(redis, keys, e -> e.getString("type").equals("team.created") && ids.contains(e.getString("aggregate_id")), 20);
            Thread.sleep(500); // a duplicate would show up by now
            List<JsonObject> events = Stream.events(redis, keys).stream()
                    .filter(e -> e.getString("type").equals("team.created") && ids.contains(e.getString("aggregate_id"))).toList();
            assertEquals(20, events.size(), "no duplicates");
            assertEquals(ids, new HashSet<>(events.stream().map(e -> e.getString("aggregate_id")).toList()));

            // The active relay goes away (a replica stopping): the standby takes over.
            relay.relay().stop().await().indefinitely();
            int team = Fixtures.createTeam(unique("After failover"), zone);
            Stream.await(redis, keys, e -> e.getString("type").equals("team.created")
                    && e.getString("aggregate_id").equals(String.valueOf(team)), 1);
            assertTrue(standby.active());
            assertFalse(relay.relay().active());
        } finally {
            // The standby stays running as this application's relay for the test classes that follow.
        }
    }

    @Test
    void aHeldWriterDelaysOnlyItsOwnEventAndOneAggregatesEventsKeepTheirOrder() throws Exception {
        String zone = unique("Arau");
        Fixtures.createZone(square(zone, 6.5, 100.3, 0.1));
        // A transaction that wrote its event and has not committed: it takes the lower outbox id.
        String heldId = UUID.randomUUID().toString();
        CompletableFuture<Void> appended = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Void> held = pool.withTransaction(tx -> Outbox.append(tx, new JsonObject().put("id", heldId)
                                .put("type", "test.held").put("aggregate_id", "held"))
                        .invoke(() -> appended.complete(null))
                        .chain(() -> Uni.createFrom().completionStage(release)))
                .subscribeAsCompletionStage();
        appended.get(10, TimeUnit.SECONDS);
        try {
            // Other writers neither wait for it nor are held back on the stream: a team and three changes of it arrive.
            int team = Fixtures.createTeam(unique("Padang Besar"), zone);
            for (int version = 1; version <= 3; version++) {
                given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"" + version + "\"")
                        .body(Map.of("description", "change " + version)).when().patch("/api/teams/" + team).then().statusCode(200);
            }
            List<JsonObject> changes = Stream.await(redis, keys, e -> e.getString("aggregate_id").equals(String.valueOf(team))
                    && e.getString("type").startsWith("team."), 4);
            assertEquals(List.of(1, 2, 3, 4), changes.stream().map(e -> e.getJsonObject("data").getInteger("version")).toList(),
                    "one aggregate's events in the order of its changes");
            assertTrue(Stream.events(redis, keys).stream().noneMatch(e -> heldId.equals(e.getString("id"))),
                    "an uncommitted event is not published");
        } finally {
            release.complete(null);
        }
        held.get(10, TimeUnit.SECONDS);
        // Committed later with a lower id: published then, once.
        Stream.await(redis, keys, e -> heldId.equals(e.getString("id")), 1);
        Thread.sleep(300);
        assertEquals(1, Stream.events(redis, keys).stream().filter(e -> heldId.equals(e.getString("id"))).count());
    }
}
