package io.aiff.gateway;

import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway checks a token's signature once; expiry and session revocation still count on every request. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false")})
@WithTestResource(UpstreamStubResource.class)
class VerifiedTokensTest {

    @Inject
    MeterRegistry registry;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    private double hits() {
        return registry.counter("aiff_gateway_verified_tokens_total", "result", "hit").count();
    }

    private double misses() {
        return registry.counter("aiff_gateway_verified_tokens_total", "result", "miss").count();
    }

    private static int status(String token) {
        return given().auth().oauth2(token).when().get("/api/tickets").then().extract().statusCode();
    }

    @Test
    void repeatedTokenIsVerifiedOnce() {
        String token = TestTokens.user(41, "tech41", "technician");
        double before = hits();
        assertEquals(200, status(token));
        assertEquals(200, status(token));
        assertEquals(200, status(token));
        assertEquals(before + 2, hits());
    }

    @Test
    void tamperedCopyOfAVerifiedTokenIsRefused() {
        String token = TestTokens.user(42, "tech42", "technician");
        assertEquals(200, status(token));
        String[] parts = token.split("\\.");
        String other = TestTokens.user(1, "admin", "admin").split("\\.")[1];
        assertEquals(401, status(parts[0] + "." + other + "." + parts[2]));
    }

    @Test
    void cachedTokenStopsAtItsExpiry() throws InterruptedException {
        String token = TestTokens.expiringIn(3); // exp is in whole seconds: valid for 2 to 3 s from here
        assertEquals(200, status(token));
        double hits = hits();
        assertEquals(200, status(token));
        assertEquals(hits + 1, hits());
        Thread.sleep(3_100);
        double misses = misses();
        status(token); // the validator decides again (with its clock skew), not the cache
        assertEquals(misses + 1, misses());
        assertEquals(hits + 1, hits());
    }

    @Test
    void cachedTokenOfARevokedSessionIsRefused() throws InterruptedException {
        String sid = UUID.randomUUID().toString();
        redis.hash(String.class).hset(keys.session(sid), Map.of("user_id", "43"));
        String token = TestTokens.withSession(43, "tech43", "technician", sid);
        assertEquals(200, status(token));
        assertEquals(200, status(token));
        redis.key().del(keys.session(sid));
        long revokedAt = System.nanoTime();
        while (status(token) != 401) {
            assertTrue(System.nanoTime() - revokedAt < 5_000_000_000L, "still accepted 5 s after revocation");
            Thread.sleep(100);
        }
    }
}
