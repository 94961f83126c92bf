package io.aiff.team;

import io.aiff.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Zones and teams made through the API, with unique names so that test classes never collide. */
final class Fixtures {

    private Fixtures() {
    }

    static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonObject point(double lat, double lon) {
        return new JsonObject().put("lat", lat).put("lon", lon);
    }

    /** An axis-aligned square zone: south-west corner, size in degrees. */
    static JsonObject square(String name, double south, double west, double size) {
        return new JsonObject().put("name", name).put("region", "Test")
                .put("coordinates", point(south + size / 2, west + size / 2))
                .put("coverage_area", new JsonArray().add(point(south, west)).add(point(south, west + size))
                        .add(point(south + size, west + size)).add(point(south + size, west)))
                .put("population", 1000).put("priority_level", 1);
    }

    static int createZone(JsonObject zone) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(zone.encode())
                .when().post("/api/zones").then().statusCode(201).extract().path("id");
    }

    static int createTeam(String name, String zone) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", name).put("zone", zone).encode())
                .when().post("/api/teams").then().statusCode(201).extract().path("id");
    }
}
