package io.aiff.ticket;

import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service refuses a user token whose session auth-service revoked (its Redis key gone) within 5 seconds. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class SessionRevocationTest {

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private static int status(String token) {
        return given().auth().oauth2(token).when().get("/api/tickets").then().extract().statusCode();
    }

    @Test
    void tokenOfAnUnknownSessionIsRefused() {
        String token = TestTokens.withSession(12, "tech", "technician", UUID.randomUUID().toString());
        given().auth().oauth2(token).when().get("/api/tickets").then()
                .statusCode(401).contentType("application/problem+json");
    }

    @Test
    void revokedSessionIsRefusedWithinFiveSeconds() throws InterruptedException {
        String sid = UUID.randomUUID().toString();
        redis.hash(String.class).hset(keys.session(sid), Map.of("user_id", "12"));
        String token = TestTokens.withSession(12, "tech", "technician", sid);
        assertTrue(status(token) == 200);

        redis.key().del(keys.session(sid));
        long revokedAt = System.nanoTime();
        while (status(token) != 401) {
            assertTrue(System.nanoTime() - revokedAt < 5_000_000_000L, "still accepted 5 s after revocation");
            Thread.sleep(100);
        }
    }

    @Test
    void serviceTokensHaveNoSessionToCheck() {
        given().auth().oauth2(TestTokens.service("analytics-service", "tickets:read"))
                .when().get("/api/tickets").then().statusCode(200);
        given().auth().oauth2(TestTokens.service("analytics-service", "analytics:read"))
                .when().get("/api/tickets").then().statusCode(403).contentType("application/problem+json");
    }
}
