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
import java.util.Map;

import static io.aiff.team.Fixtures.square;
import static io.aiff.team.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "teams"))
@WithTestResource(AuthServiceStub.class)
class MembersAndScopeTest {

    private static JsonObject members(Object... idAndRole) {
        JsonArray list = new JsonArray();
        for (int i = 0; i < idAndRole.length; i += 2) {
            list.add(new JsonObject().put("user_id", idAndRole[i]).put("role_in_team", idAndRole[i + 1]));
        }
        return new JsonObject().put("members", list);
    }

    private static ValidatableResponse putMembers(int team, JsonObject body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body.encode())
                .when().put("/api/teams/" + team + "/members").then();
    }

    @Test
    void membersAreCheckedWithAuthServiceAndReplaced() {
        String zone = unique("Melaka");
        Fixtures.createZone(square(zone, 2.1, 102.2, 0.2));
        int team = Fixtures.createTeam(unique("Melaka Crew"), zone);
        putMembers(team, members(11, "lead", 12, "member")).statusCode(200)
                .body("items.user_id", equalTo(List.of(11, 12))).body("items.role_in_team", equalTo(List.of("lead", "member")));
        putMembers(team, members(12, "lead", 404, "member", 405, "member")).statusCode(400)
                .body("errors[0].field", equalTo("members")).body("errors[0].message", containsString("[404, 405]"));
        putMembers(team, members(12, "boss")).statusCode(400).body("errors.field", hasItem("members[0].role_in_team"));
        putMembers(team, members(12, "lead", 12, "member")).statusCode(400).body("errors.field", hasItem("members"));
        putMembers(team, members(12, "lead")).statusCode(200);
        given().auth().oauth2(TestTokens.user(13, "tech", "technician")).when().get("/api/teams/" + team + "/members")
                .then().statusCode(200).body("items.user_id", equalTo(List.of(12))).body("items[0].role_in_team", equalTo("lead"));
    }

    @Test
    void everyTeamsMembersAreListedForServiceTokensOnly() {
        String zone = unique("Kluang");
        Fixtures.createZone(square(zone, 2.0, 103.3, 0.1));
        int team = Fixtures.createTeam(unique("Kluang Crew"), zone);
        putMembers(team, members(11, "lead", 12, "member")).statusCode(200);
        String ticketService = TestTokens.service("ticket-service", "teams:read");
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var page = given().auth().oauth2(ticketService).when()
                    .get("/internal/teams/members?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200).extract();
            all.addAll(page.path("items"));
            cursor = page.path("next_cursor");
        } while (cursor != null);
        Map<String, Object> ours = all.stream().filter(m -> Integer.valueOf(team).equals(m.get("team_id"))).findFirst().orElseThrow();
        assertEquals(List.of(11, 12), ours.get("user_ids"));
        given().auth().oauth2(TestTokens.admin()).when().get("/internal/teams/members").then().statusCode(403);
        given().auth().oauth2(TestTokens.service("crm", "zones:read")).when().get("/internal/teams/members").then().statusCode(403);
    }

    @Test
    void scopeListsTheUsersTeamsAndTheirZonesForServiceTokensOnly() {
        String first = unique("Seremban");
        String second = unique("Nilai");
        int firstId = Fixtures.createZone(square(first, 2.7, 101.9, 0.1));
        int secondId = Fixtures.createZone(square(second, 2.8, 101.8, 0.1));
        int a = Fixtures.createTeam(unique("Seremban A"), first);
        int b = Fixtures.createTeam(unique("Seremban B"), first);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("zones", new JsonArray().add(new JsonObject().put("zone_id", secondId).put("is_primary", true))).encode())
                .when().put("/api/teams/" + b + "/zones").then().statusCode(200);
        putMembers(a, members(14, "member")).statusCode(200);
        putMembers(b, members(14, "lead")).statusCode(200);
        String auth = TestTokens.service("auth-service", "users:read");
        given().auth().oauth2(auth).when().get("/internal/teams/scope/14").then().statusCode(200)
                .body("team_ids", containsInAnyOrder(a, b)).body("zone_ids", containsInAnyOrder(firstId, secondId))
                .body("zones", containsInAnyOrder(first, second));
        given().auth().oauth2(auth).when().get("/internal/teams/scope/999").then().statusCode(200)
                .body("team_ids", equalTo(List.of())).body("zones", equalTo(List.of()));
        given().auth().oauth2(TestTokens.admin()).when().get("/internal/teams/scope/14").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.service("ticket-service", "teams:read")).when().get("/internal/teams/scope/14")
                .then().statusCode(403);
        // The previous release's path answers the same for one release (auth-service replicas of that release).
        given().auth().oauth2(auth).when().get("/api/teams/scope/14").then().statusCode(200)
                .body("team_ids", containsInAnyOrder(a, b));
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/scope/14").then().statusCode(403);
    }
}
