package io.aiff.ticket;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class SlaPoliciesTest {

    @Test
    void defaultsArePublishedCriticalFirst() {
        given().auth().oauth2(TestTokens.user(12, "tech", "technician")).when().get("/api/sla/policies").then()
                .statusCode(200)
                .body("items.priority", equalTo(List.of("critical", "high", "medium", "low")))
                .body("items.response_minutes", equalTo(List.of(60, 240, 480, 1440)))
                .body("items.resolution_minutes", equalTo(List.of(240, 1440, 2880, 7200)));
    }

    @Test
    void managersOfSlaSetTargetsWithChecks() {
        String admin = TestTokens.admin();
        String etag = given().auth().oauth2(admin).when().get("/api/sla/policies/low").then().statusCode(200)
                .extract().header("ETag");
        given().auth().oauth2(admin).header("If-None-Match", etag).when().get("/api/sla/policies/low").then().statusCode(304);
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("response_minutes", 1200, "resolution_minutes", 7000))
                .when().put("/api/sla/policies/low").then().statusCode(200)
                .body("response_minutes", equalTo(1200)).body("updated_by", equalTo("user:1"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Map.of("response_minutes", 1000, "resolution_minutes", 7000))
                .when().put("/api/sla/policies/low").then().statusCode(412);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("response_minutes", 3000, "resolution_minutes", 2000))
                .when().put("/api/sla/policies/medium").then().statusCode(400).body("errors.field", hasItem("response_minutes"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("response_minutes", 0, "resolution_minutes", 600_000))
                .when().put("/api/sla/policies/medium").then().statusCode(400)
                .body("errors.field", hasItem("response_minutes")).body("errors.field", hasItem("resolution_minutes"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("response_minutes", 10, "resolution_minutes", 20))
                .when().put("/api/sla/policies/urgent").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.user(13, "sup", "supervisor")).contentType(ContentType.JSON)
                .body(Map.of("response_minutes", 10, "resolution_minutes", 20))
                .when().put("/api/sla/policies/high").then().statusCode(403);
        given().when().get("/api/sla/policies").then().statusCode(401);
    }
}
