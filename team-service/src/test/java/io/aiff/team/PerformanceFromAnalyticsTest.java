package io.aiff.team;

import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.team.events.PerformanceConsumer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.aiff.team.Fixtures.square;
import static io.aiff.team.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A team's performance columns are analytics-service's numbers: team-service stores what
 * {@code analytics.team_performance_updated} says (group {@code team-performance}), the newest computation winning,
 * and its version (the ETag) moves with them.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
@WithTestResource(AuthServiceStub.class)
class PerformanceFromAnalyticsTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void theColumnsShowWhatAnalyticsPublished() throws InterruptedException {
        String zone = unique("Kuantan");
        Fixtures.createZone(square(zone, 3.7, 103.2, 0.2));
        int team = Fixtures.createTeam(unique("Kuantan Crew"), zone);
        JsonPath before = performance(team);
        assertEquals(0, before.getInt("tickets_completed"));
        int version = given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + team).then().statusCode(200)
                .extract().jsonPath().getInt("version");
        awaitGroup();

        publish(team, "2026-12-01T10:00:00Z", 12, "4.50", 35, "91.67", "80.00");
        JsonPath now = awaitPerformance(team, 12);
        assertEquals(4.5f, now.getFloat("customer_rating"));
        assertEquals(35, now.getInt("response_time"));
        assertEquals(91.67f, now.getFloat("completion_rate"));
        assertEquals(80.0f, now.getFloat("efficiency"));
        assertEquals("available", now.getString("status"), "the team's own status beside analytics' numbers");
        JsonPath view = given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + team).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(12, view.getInt("tickets_completed"));
        assertEquals(version + 1, view.getInt("version"), "the body changed: so does the ETag");

        // Numbers computed earlier, arriving late, change nothing; newer ones do; the same ones again keep the version.
        publish(team, "2026-12-01T09:59:59Z", 3, "1.00", 5, "10.00", "10.00");
        publish(team, "2026-12-01T10:00:01Z", 13, "4.50", 35, "91.67", "80.00");
        awaitPerformance(team, 13);
        publish(team, "2026-12-01T10:00:02Z", 13, "4.50", 35, "91.67", "80.00");
        publish(team, "2026-12-01T10:00:03Z", 14, "4.50", 35, "91.67", "1234.50");
        JsonPath last = awaitPerformance(team, 14);
        assertEquals(999.99f, last.getFloat("efficiency"), "beyond the column: its largest value");
        assertEquals(version + 3, given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + team).then()
                .extract().jsonPath().getInt("version"), "12, 13 and 14 moved it; 13 told again did not");

        // Nothing to count in the period (no response, no rating, no rates): stored as zeros.
        publish(team, "2026-12-01T10:00:04Z", 0, null, null, null, null);
        JsonPath none = awaitPerformance(team, 0);
        assertEquals(0, none.getInt("response_time"));
        assertEquals(0.0f, none.getFloat("customer_rating"));
        assertEquals(0.0f, none.getFloat("efficiency"));
    }

    private void publish(int team, String computedAt, int completed, String rating, Integer response, String completion,
                         String efficiency) {
        JsonObject data = new JsonObject().put("team_id", team).put("from", "2026-11-02").put("to", "2026-12-01")
                .put("tickets_completed", completed).put("customer_rating", rating).put("response_time", response)
                .put("completion_rate", completion).put("efficiency", efficiency).put("computed_at", computedAt);
        JsonObject envelope = new JsonObject().put("id", UUID.randomUUID().toString())
                .put("type", "analytics.team_performance_updated").put("source", "analytics-service")
                .put("aggregate_id", String.valueOf(team)).put("occurred_at", computedAt).put("team_id", team)
                .put("actor", "system").put("data", data).put("version", 1);
        redis.execute("XADD", keys.key(EventStream.KEY), "*", EventStream.ENVELOPE_FIELD, envelope.encode());
    }

    private static JsonPath performance(int team) {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + team + "/performance").then()
                .statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitPerformance(int team, int completed) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            JsonPath p = performance(team);
            if (p.getInt("tickets_completed") == completed) {
                return p;
            }
            assertTrue(System.currentTimeMillis() < deadline, "tickets_completed " + completed + " stored; still "
                    + p.getInt("tickets_completed"));
            Thread.sleep(50);
        }
    }

    private void awaitGroup() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!groups().contains(PerformanceConsumer.GROUP)) {
            assertTrue(System.currentTimeMillis() < deadline, "the consumer group was created");
            Thread.sleep(100);
        }
    }

    private String groups() {
        try {
            return redis.execute("XINFO", "GROUPS", keys.key(EventStream.KEY)).toString();
        } catch (RuntimeException noStreamYet) {
            return "";
        }
    }
}
