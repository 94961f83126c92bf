package io.aiff.gateway;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Redis is reported, but its absence does not take the instance out of rotation. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false"),
        @ResourceArg(name = "redis", value = "down")})
@WithTestResource(UpstreamStubResource.class)
class RedisDownReadinessTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void withoutRedisTokensAreStillCheckedButRevocationIsSkippedAndReported() {
        String token = TestTokens.withSession(12, "tech", "technician", UUID.randomUUID().toString());
        given().auth().oauth2(token).when().get("/api/teams").then().statusCode(200);
        given().auth().oauth2(TestTokens.expired()).when().get("/api/teams").then().statusCode(401);
        given().baseUri("http://localhost:" + management.getPort()).when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'redis' }.data.mode", equalTo("degraded"))
                .body("checks.find { it.name == 'redis' }.data.revocation_checks_skipped", Matchers.greaterThan(0));
        given().baseUri("http://localhost:" + management.getPort()).when().get("/q/metrics").then().statusCode(200)
                .body(Matchers.containsString("aiff_revocation_checks_skipped_total"));
    }

    @Test
    void readinessStaysUpAndReportsRedisUnreachable() {
        given().baseUri("http://localhost:" + management.getPort()).when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'redis' }.data.reachable", equalTo(false))
                .body("checks.name", hasItem("redis"));
    }
}
