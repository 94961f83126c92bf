package io.aiff.team;

import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiff.team.Fixtures.point;
import static io.aiff.team.Fixtures.square;
import static io.aiff.team.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
@WithTestResource(AuthServiceStub.class)
class ZonesTest {

    private static ValidatableResponse post(JsonObject body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body.encode())
                .when().post("/api/zones").then();
    }

    private static void badRequestNaming(JsonObject body, String field) {
        post(body).statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    @Test
    void zoneIsCreatedWithItsGeometryAndRead() {
        String name = unique("Kuala Lumpur");
        var created = post(square(name, 3.0, 101.5, 0.3)).statusCode(201)
                .header("Location", notNullValue()).header("ETag", "\"1\"")
                .body("name", equalTo(name)).body("coordinates.lat", equalTo(3.15f)).body("coordinates.lon", equalTo(101.65f))
                .body("coverage_area", hasSize(4)).body("coverage_area[0].lat", equalTo(3.0f))
                .body("priority_level", equalTo(1)).extract();
        int id = created.path("id");
        given().auth().oauth2(TestTokens.user(12, "tech", "technician")).when().get("/api/zones/" + id)
                .then().statusCode(200).header("ETag", "\"1\"").body("population", equalTo(1000));
        given().auth().oauth2(TestTokens.admin()).header("If-None-Match", "\"1\"").when().get("/api/zones/" + id)
                .then().statusCode(304);
    }

    @Test
    void repeatedFirstPointClosesTheRing() {
        JsonObject zone = square(unique("Closed"), 1.0, 103.0, 0.1);
        JsonArray ring = zone.getJsonArray("coverage_area");
        ring.add(ring.getJsonObject(0));
        post(zone).statusCode(201).body("coverage_area", hasSize(4));
    }

    @Test
    void badGeometryIsA400NamingTheField() {
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("coordinates", point(91, 10)), "coordinates.lat");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("coordinates", point(10, -181)), "coordinates.lon");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("coverage_area",
                new JsonArray().add(point(1, 1)).add(point(2, 2)).add(point(1, 1))), "coverage_area");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("coverage_area",
                new JsonArray().add(point(1, 1)).add(point(2, 2))), "coverage_area");
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 1002; i++) {
            tooMany.add(point(Math.sin(i) * 10, Math.cos(i) * 10));
        }
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("coverage_area", tooMany), "coverage_area");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("coverage_area",
                new JsonArray().add(point(1, 1)).add(point(2, 2)).add(point(100, 3))), "coverage_area[2].lat");
        badRequestNaming(square("", 1, 1, 1), "name");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("population", -1), "population");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("priority_level", 11), "priority_level");
        badRequestNaming(square(unique("Z"), 1, 1, 1).put("colour", "red"), "colour");
    }

    @Test
    void duplicateNameIsA409NamingTheField() {
        String name = unique("Penang");
        post(square(name, 5.3, 100.2, 0.2)).statusCode(201);
        post(square(name, 5.3, 100.2, 0.2)).statusCode(409).body("field", equalTo("name"));
    }

    @Test
    void writingZonesNeedsZonesManage() {
        given().auth().oauth2(TestTokens.user(12, "tech", "technician")).contentType(ContentType.JSON)
                .body(square(unique("Z"), 1, 1, 1).encode()).when().post("/api/zones")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void patchNeedsIfMatchAndRenamesTheTeamsPrimaryZone() {
        String name = unique("Ipoh");
        int id = Fixtures.createZone(square(name, 4.5, 101.0, 0.2));
        int team = Fixtures.createTeam(unique("Ipoh Alpha"), name);
        String renamed = unique("Ipoh Raya");
        JsonObject patch = new JsonObject().put("name", renamed).put("population", null);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(patch.encode())
                .when().patch("/api/zones/" + id).then().statusCode(428);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"7\"").body(patch.encode())
                .when().patch("/api/zones/" + id).then().statusCode(412);
        given().auth().oauth2(TestTokens.admin()).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(patch.encode()).when().patch("/api/zones/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("name", equalTo(renamed))
                .body("population", equalTo(null)).body("region", equalTo("Test"));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + team).then().body("zone", equalTo(renamed));
        // Merge patches merge nested objects: only the latitude changes.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(new JsonObject().put("coordinates", new JsonObject().put("lat", 4.61)).encode()).when().patch("/api/zones/" + id)
                .then().statusCode(200).body("coordinates.lat", equalTo(4.61f)).body("coordinates.lon", equalTo(101.1f));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"3\"")
                .body(new JsonObject().put("coordinates", point(95, 0)).encode()).when().patch("/api/zones/" + id)
                .then().statusCode(400).body("errors.field", hasItem("coordinates.lat"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"3\"")
                .body(new JsonObject().put("id", 5).encode()).when().patch("/api/zones/" + id)
                .then().statusCode(400).body("errors.field", hasItem("id"));
    }

    @Test
    void locateFindsCoveringZonesInsideOnTheEdgeNotOutside() {
        String low = unique("Locate Low");
        String high = unique("Locate High");
        Fixtures.createZone(square(low, -40.0, -70.0, 1.0));
        Fixtures.createZone(square(high, -40.5, -70.5, 1.0).put("priority_level", 5));
        // Inside both, the higher priority first.
        List<String> both = given().auth().oauth2(TestTokens.admin()).queryParam("lat", -39.75).queryParam("lon", -69.75)
                .when().get("/api/zones/locate").then().statusCode(200).extract().path("items.name");
        assertEquals(List.of(high, low), both.stream().filter(n -> n.equals(low) || n.equals(high)).toList());
        // On the east edge of the low-priority square only (lon -69.0), and on a corner.
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", -39.2).queryParam("lon", -69.0)
                .when().get("/api/zones/locate").then().statusCode(200)
                .body("items.name", hasItem(low)).body("items.name", not(hasItem(high)));
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", -39.0).queryParam("lon", -70.0)
                .when().get("/api/zones/locate").then().body("items.name", hasItem(low));
        // Just outside.
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", -39.2).queryParam("lon", -68.99)
                .when().get("/api/zones/locate").then().statusCode(200)
                .body("items.name", not(hasItem(low))).body("items.name", not(hasItem(high)));
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", 91).queryParam("lon", 0)
                .when().get("/api/zones/locate").then().statusCode(400).body("errors.field", hasItem("lat"));
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", 1)
                .when().get("/api/zones/locate").then().statusCode(400).body("errors.field", hasItem("lon"));
    }
}
