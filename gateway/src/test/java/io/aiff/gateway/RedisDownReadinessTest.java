package io.aiff.gateway;

import io.aiff.common.testing.LocalServersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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

    @Test
    void readinessStaysUpAndReportsRedisUnreachable() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'redis' }.data.reachable", equalTo(false))
                .body("checks.name", hasItem("redis"));
    }
}
