package io.aiff.team;

import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.team.service.Geo;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.aiff.team.Fixtures.square;
import static io.aiff.team.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
@WithTestResource(AuthServiceStub.class)
class TeamsTest {

    @Inject
    Pool db;

    private static JsonObject zones(Object... idAndPrimary) {
        JsonArray links = new JsonArray();
        for (int i = 0; i < idAndPrimary.length; i += 2) {
            links.add(new JsonObject().put("zone_id", idAndPrimary[i]).put("is_primary", idAndPrimary[i + 1]));
        }
        return new JsonObject().put("zones", links);
    }

    private static ValidatableResponse putZones(int team, JsonObject body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body.encode())
                .when().put("/api/teams/" + team + "/zones").then();
    }

    private static ValidatableResponse status(String token, int team, String status) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("status", status))
                .when().post("/api/teams/" + team + "/status").then();
    }

    @Test
    void teamIsCreatedInAnExistingZoneWhichBecomesItsPrimary() {
        String zone = unique("Johor Bahru");
        int zoneId = Fixtures.createZone(square(zone, 1.4, 103.6, 0.2));
        String name = unique("JB Fibre Crew");
        var created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "zone", zone, "description", "Fibre repairs"))
                .when().post("/api/teams").then().statusCode(201).header("ETag", "\"1\"")
                .body("zone", equalTo(zone)).body("status", equalTo("available")).body("is_active", equalTo(true))
                .body("tickets_completed", equalTo(0)).extract();
        int id = created.path("id");
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + id + "/zones").then()
                .body("items[0].zone_id", equalTo(zoneId)).body("items[0].is_primary", equalTo(true));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "X", "zone", unique("Nowhere")))
                .when().post("/api/teams").then().statusCode(400).body("errors.field", hasItem("zone"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "X", "zone", zone, "tickets_completed", 99))
                .when().post("/api/teams").then().statusCode(400).body("errors.field", hasItem("tickets_completed"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "X", "zone", zone, "status", "asleep"))
                .when().post("/api/teams").then().statusCode(400).body("errors.field", hasItem("status"));
        given().auth().oauth2(TestTokens.user(12, "tech", "technician")).contentType(ContentType.JSON).body(Map.of("name", "X", "zone", zone))
                .when().post("/api/teams").then().statusCode(403);
        // A retried create (same Idempotency-Key and body) answers the first team again instead of a second one.
        String key = "team-" + UUID.randomUUID();
        Map<String, Object> retried = Map.of("name", unique("JB Retry Crew"), "zone", zone);
        int first = given().auth().oauth2(TestTokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(retried).when().post("/api/teams").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(retried).when().post("/api/teams").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
    }

    @Test
    void capacityAndCategoriesAreSetOnCreateAndByPatchAndTravelInTeamEvents() {
        String zone = unique("Batu Pahat");
        Fixtures.createZone(square(zone, 1.85, 102.9, 0.1));
        int id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", unique("BP Crew"), "zone", zone, "capacity", 4, "categories", List.of("water", "power", "water")))
                .when().post("/api/teams").then().statusCode(201).body("capacity", equalTo(4))
                .body("categories", equalTo(List.of("power", "water"))).extract().path("id");
        int plain = Fixtures.createTeam(unique("BP Plain"), zone);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + plain).then().body("capacity", equalTo(10))
                .body("categories", equalTo(List.of()));
        given().auth().oauth2(TestTokens.admin()).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Map.of("capacity", 6, "categories", List.of())).when().patch("/api/teams/" + id).then().statusCode(200)
                .body("capacity", equalTo(6)).body("categories", equalTo(List.of()));
        given().auth().oauth2(TestTokens.admin()).contentType("application/merge-patch+json").header("If-Match", "\"2\"")
                .body(Map.of("capacity", 0)).when().patch("/api/teams/" + id).then().statusCode(400).body("errors.field", hasItem("capacity"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "X", "zone", zone, "categories", List.of("gardening")))
                .when().post("/api/teams").then().statusCode(400);
        var rows = db.preparedQuery("SELECT (envelope->'data')::text FROM outbox WHERE type = 'team.updated' "
                + "AND envelope->>'aggregate_id' = $1 ORDER BY id DESC LIMIT 1").execute(Tuple.of(String.valueOf(id))).await().indefinitely();
        assertEquals(1, rows.size());
        JsonObject data = new JsonObject(rows.iterator().next().getString(0));
        assertEquals(6, data.getInteger("capacity"));
        assertEquals(List.of(), data.getJsonArray("categories").getList());
    }

    @Test
    void listFiltersByZoneStatusActiveAndText() {
        String zone = unique("Kuching");
        Fixtures.createZone(square(zone, 1.5, 110.3, 0.2));
        int pipes = Fixtures.createTeam("Kuching Pipeline Response", zone);
        int cables = Fixtures.createTeam("Kuching Cable Crew", zone);
        status(TestTokens.admin(), cables, "busy").statusCode(200);
        given().auth().oauth2(TestTokens.admin()).queryParam("zone", zone).when().get("/api/teams").then()
                .statusCode(200).body("items.id", equalTo(List.of(pipes, cables)));
        given().auth().oauth2(TestTokens.admin()).queryParam("zone", zone).queryParam("status", "busy,offline")
                .when().get("/api/teams").then().body("items.id", equalTo(List.of(cables)));
        given().auth().oauth2(TestTokens.admin()).queryParam("zone", zone).queryParam("q", "pipelines")
                .when().get("/api/teams").then().body("items.id", equalTo(List.of(pipes)));
        given().auth().oauth2(TestTokens.admin()).queryParam("status", "sleeping").when().get("/api/teams")
                .then().statusCode(400).body("errors.field", hasItem("status"));
        given().auth().oauth2(TestTokens.admin()).queryParam("active", "maybe").when().get("/api/teams")
                .then().statusCode(400).body("errors.field", hasItem("active"));
    }

    @Test
    void patchIsVersionedAndDeactivationReplacesDeletion() {
        String zone = unique("Ipoh");
        Fixtures.createZone(square(zone, 4.5, 101.0, 0.2));
        int id = Fixtures.createTeam(unique("Ipoh Crew"), zone);
        given().auth().oauth2(TestTokens.admin()).header("If-None-Match", "\"1\"").when().get("/api/teams/" + id).then().statusCode(304);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("description", "Night shift"))
                .when().patch("/api/teams/" + id).then().statusCode(428);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("description", "Night shift")).when().patch("/api/teams/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("description", equalTo("Night shift"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("description", "Day shift")).when().patch("/api/teams/" + id).then().statusCode(412);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("efficiency", 99)).when().patch("/api/teams/" + id)
                .then().statusCode(400).body("errors.field", hasItem("efficiency"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"4294967298\"")
                .body(Map.of("description", "Wrapped")).when().patch("/api/teams/" + id).then().statusCode(412);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("name", "Nul\u0000Crew")).when().patch("/api/teams/" + id)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("q", "a\u0000b").when().get("/api/teams")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).when().delete("/api/teams/" + id).then().statusCode(204);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + id).then().statusCode(200).body("is_active", equalTo(false));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/999999").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void exactlyOnePrimaryZoneKeepsTheTeamsZoneInStep() {
        String first = unique("Penang");
        String second = unique("Butterworth");
        int a = Fixtures.createZone(square(first, 5.3, 100.2, 0.2));
        int b = Fixtures.createZone(square(second, 5.3, 100.4, 0.2));
        int team = Fixtures.createTeam(unique("Penang Crew"), first);
        putZones(team, zones(a, false, b, false)).statusCode(400).body("errors.field", hasItem("zones"));
        putZones(team, zones(a, true, b, true)).statusCode(400).body("errors.field", hasItem("zones"));
        putZones(team, zones(a, true, a, false)).statusCode(400).body("errors.field", hasItem("zones"));
        putZones(team, zones(a, true, 999999, false)).statusCode(400).body("errors.field", hasItem("zones[1].zone_id"));
        putZones(team, zones(a, false, b, true)).statusCode(200).body("zone", equalTo(second));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + team + "/zones").then()
                .body("items.zone_id", equalTo(List.of(b, a))).body("items.is_primary", equalTo(List.of(true, false)));
    }

    @Test
    void statusChangesByRoleAndScopeAreRecorded() {
        String zone = unique("Kota Kinabalu");
        int zoneId = Fixtures.createZone(square(zone, 5.9, 116.0, 0.2));
        int elsewhere = Fixtures.createZone(square(unique("Sandakan"), 5.8, 118.0, 0.2));
        int mine = Fixtures.createTeam(unique("KK Alpha"), zone);
        int other = Fixtures.createTeam(unique("KK Bravo"), zone);
        // The visibility rule (docs/api.md): technicians change their teams, supervisors their zones' teams, callers
        // with scope:all any team; any other team is 404.
        String technician = TestTokens.scoped(12, "tech", "technician", List.of(mine), List.of(zoneId), List.of(zone));
        status(technician, mine, "on_break").statusCode(200).body("status", equalTo("on_break"));
        status(technician, other, "busy").statusCode(404).contentType("application/problem+json");
        status(TestTokens.scoped(13, "sup", "supervisor", List.of(), List.of(elsewhere), List.of("Sandakan")), other, "busy")
                .statusCode(404);
        status(TestTokens.scoped(13, "sup", "supervisor", List.of(), List.of(zoneId), List.of(zone)), other, "on_break")
                .statusCode(200);
        // Tokens issued before zone ids name the zones only; team-service maps the names (one release).
        status(TestTokens.legacyScoped(17, "old.sup", "supervisor", List.of(), List.of(zone)), other, "available").statusCode(200);
        status(TestTokens.legacyScoped(17, "old.sup", "supervisor", List.of(), List.of("Sandakan")), other, "busy").statusCode(404);
        status(TestTokens.user(14, "boss", "manager"), other, "busy").statusCode(200);
        status(TestTokens.user(15, "view", "viewer"), mine, "busy").statusCode(403);
        status(technician, mine, "asleep").statusCode(400).body("errors.field", hasItem("status"));
        given().auth().oauth2(technician).contentType(ContentType.JSON).body("{\"status\": \"busy\", \"status\": \"offline\"}")
                .when().post("/api/teams/" + mine + "/status").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("status"));
        // A role outside the rule is limited to nothing, whatever permissions it was given.
        status(TestTokens.withPermissions(16, "disp", "dispatcher", List.of("teams:read", "teams:update_status")), other, "busy")
                .statusCode(404);
        // The change is an action: If-Match is optional, and a stale one changes nothing.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("status", "offline")).when().post("/api/teams/" + other + "/status").then().statusCode(412);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/" + other).then().body("status", equalTo("busy"));
        var changes = db.preparedQuery("SELECT from_status, to_status, changed_by FROM team_status_changes WHERE team_id = $1 ORDER BY id")
                .execute(Tuple.of(mine)).await().indefinitely();
        var row = changes.iterator().next();
        assertEquals(1, changes.size());
        assertEquals(List.of("available", "on_break", "user:12"), List.of(row.getString(0), row.getString(1), row.getString(2)));
    }

    @Test
    void nearestPutsCoveringTeamsFirstThenTheNearestByGreatCircle() {
        // Three zones far from everything else in this test database (the South Atlantic).
        String here = unique("Near Here");
        String near = unique("Near By");
        String far = unique("Far Away");
        Fixtures.createZone(square(here, -50.0, -30.0, 1.0));
        Fixtures.createZone(square(near, -50.0, -28.0, 1.0));
        Fixtures.createZone(square(far, -50.0, -20.0, 1.0));
        int inside = Fixtures.createTeam(unique("Inside"), here);
        int nearby = Fixtures.createTeam(unique("Nearby"), near);
        int away = Fixtures.createTeam(unique("Away"), far);
        int busy = Fixtures.createTeam(unique("Busy"), near);
        status(TestTokens.admin(), busy, "busy").statusCode(200);
        int inactive = Fixtures.createTeam(unique("Retired"), here);
        given().auth().oauth2(TestTokens.admin()).when().delete("/api/teams/" + inactive).then().statusCode(204);

        var answer = given().auth().oauth2(TestTokens.admin()).queryParam("lat", -49.5).queryParam("lon", -29.5)
                .queryParam("status", "available").queryParam("limit", 3)
                .when().get("/api/teams/nearest").then().statusCode(200).extract();
        List<Integer> ids = answer.path("items.id");
        assertEquals(List.of(inside, nearby, away), ids); // busy is not available, the retired team not active
        GeoPoint point = new GeoPoint(-49.5, -29.5);
        double toNear = Geo.distanceKm(point, new GeoPoint(-49.5, -27.5));
        double toFar = Geo.distanceKm(point, new GeoPoint(-49.5, -19.5));
        assertTrue(toNear > 140 && toNear < 150, "2 degrees of longitude at 49.5 S is about 144.5 km: " + toNear);
        var items = answer.jsonPath();
        assertEquals(List.of(true, false, false), items.getList("items.covers"));
        assertEquals(0.0, items.getDouble("items[0].distance_km"), 0.001);
        assertEquals(toNear, items.getDouble("items[1].distance_km"), 0.01);
        assertEquals(toFar, items.getDouble("items[2].distance_km"), 0.01);
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", -49.5).queryParam("lon", -29.5).queryParam("limit", 50)
                .when().get("/api/teams/nearest").then().statusCode(200)
                .body("items.id", hasItem(busy)).body("items.id", not(hasItem(inactive)));
        given().auth().oauth2(TestTokens.admin()).queryParam("lat", -49.5).queryParam("lon", -29.5).queryParam("limit", 51)
                .when().get("/api/teams/nearest").then().statusCode(400).body("errors.field", hasItem("limit"));
    }
}
