package io.aiff.gateway;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** What the gateway admits: rate limits with their headers, body sizes, and security headers. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false")})
@WithTestResource(UpstreamStubResource.class)
class LimitsTest {

    @Test
    void limitedResponsesCarryTheHeadersAndTheFourthSearchIs429() {
        String token = TestTokens.user(Math.abs(UUID.randomUUID().hashCode() % 100000) + 1000, "searcher", "viewer");
        for (int i = 3; i >= 1; i--) {
            given().auth().oauth2(token).when().get("/api/tickets/search?q=pump").then().statusCode(200)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", String.valueOf(i - 1))
                    .header("RateLimit-Reset", notNullValue());
        }
        given().auth().oauth2(token).when().get("/api/tickets/search?q=pump").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .header("RateLimit-Remaining", "0")
                .body("status", equalTo(429));
        // Another caller has a budget of their own.
        given().auth().oauth2(TestTokens.user(999_999, "other", "viewer")).when().get("/api/tickets/search?q=pump")
                .then().statusCode(200);
    }

    @Test
    void loginsAreLimitedPerAccountNamedInTheBody() {
        String username = "victim-" + UUID.randomUUID();
        String body = "{\"username\":\"" + username + "\",\"password\":\"guess\"}";
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).header("X-Forwarded-For", "10.0.0." + (i + 1)).body(body)
                    .when().post("/api/auth/login").then().statusCode(200).body("body", equalTo(body));
        }
        given().contentType(ContentType.JSON).body(body).when().post("/api/auth/login").then().statusCode(429);
    }

    @Test
    void oversizedBodyIs413WithoutReachingTheService() {
        byte[] big = new byte[1024 * 1024 + 1];
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.BINARY).body(big)
                .when().post("/api/tickets").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void securityHeadersAreSet() {
        given().auth().oauth2(TestTokens.admin()).when().get("/api/no-such-thing").then()
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY");
    }
}
