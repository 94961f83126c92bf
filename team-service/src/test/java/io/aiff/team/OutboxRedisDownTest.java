package io.aiff.team;

import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.aiff.team.Fixtures.square;
import static io.aiff.team.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With Redis stopped, changes still succeed; their events wait in the outbox and go out, in order, when it returns. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "teams"), @ResourceArg(name = "redis", value = "own")})
@WithTestResource(AuthServiceStub.class)
class OutboxRedisDownTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    Pool pool;

    @Test
    void eventsWaitWhileRedisIsDownAndNoneIsLostOrReordered() throws InterruptedException {
        String zone = unique("Sandakan");
        Fixtures.createZone(square(zone, 5.8, 118.0, 0.2));
        int team = Fixtures.createTeam(unique("Sandakan Crew"), zone);
        Stream.await(redis, keys, e -> e.getString("aggregate_id").equals(String.valueOf(team)), 1);

        LocalServersResource.ownRedis().stop();
        List<String> statuses = List.of("busy", "on_break", "available", "offline", "busy");
        for (String status : statuses) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("status", status))
                    .when().post("/api/teams/" + team + "/status").then().statusCode(200);
        }
        Thread.sleep(1500); // several relay ticks against a missing Redis
        long pending = pool.query("SELECT count(*) FROM outbox WHERE sent_at IS NULL").execute().await().indefinitely()
                .iterator().next().getLong(0);
        assertTrue(pending >= statuses.size(), "events wait in the outbox: " + pending);

        LocalServersResource.ownRedis().start(); // an empty Redis, as after a restart without persistence
        List<JsonObject> events = Stream.await(redis, keys, e -> e.getString("type").equals("team.status_changed")
                && e.getString("aggregate_id").equals(String.valueOf(team)), statuses.size());
        List<String> seen = new ArrayList<>();
        events.forEach(e -> seen.add(e.getJsonObject("data").getString("to")));
        assertEquals(statuses, seen);
    }
}
