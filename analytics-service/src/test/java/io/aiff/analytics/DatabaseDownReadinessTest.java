package io.aiff.analytics;

import io.aiff.common.testing.LocalServersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A service whose own database does not answer is alive but not ready: it is taken out of rotation. */
@QuarkusTest
@TestProfile(DatabaseDownReadinessTest.NoDatabase.class)
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "analytics"), @ResourceArg(name = "database", value = "false")})
class DatabaseDownReadinessTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:1/nowhere",
                    "quarkus.datasource.reactive.url", "postgresql://localhost:1/nowhere",
                    "quarkus.datasource.username", "nobody",
                    "quarkus.datasource.password", "nothing");
        }
    }

    @Test
    void readinessFailsWhileLivenessHolds() {
        given().baseUri("http://localhost:" + management.getPort()).when().get("/q/health/live").then().statusCode(200);
        given().baseUri("http://localhost:" + management.getPort()).when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'redis' }.status", equalTo("UP"));
    }
}
