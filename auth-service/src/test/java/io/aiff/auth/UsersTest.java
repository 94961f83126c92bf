package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.aiff.auth.AuthApi.PASSWORD;
import static io.aiff.auth.AuthApi.createUser;
import static io.aiff.auth.AuthApi.login;
import static io.aiff.auth.AuthApi.loginResponse;
import static io.aiff.auth.AuthApi.me;
import static io.aiff.auth.AuthApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class UsersTest {

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    private static JsonObject newUser(String username) {
        return new JsonObject().put("username", username).put("email", username + "@example.com").put("password", PASSWORD);
    }

    @Test
    void everyUsersEndpointRefusesTheWrongRoleWith403Problem() {
        int target = createUser(unique("target"), "viewer");
        for (String role : List.of("manager", "supervisor", "technician", "viewer")) {
            String token = TestTokens.user(9000, "someone-" + role, role);
            List<Function<RequestSpecification, Response>> managing = List.of(
                    r -> r.contentType(ContentType.JSON).body(newUser(unique("x")).encode()).post("/api/users"),
                    r -> r.contentType(ContentType.JSON).header("If-Match", "\"1\"").body("{\"role\":\"admin\"}")
                            .patch("/api/users/" + target),
                    r -> r.delete("/api/users/" + target),
                    r -> r.get("/api/users/" + target + "/lockout"),
                    r -> r.delete("/api/users/" + target + "/lockout"),
                    r -> r.contentType(ContentType.JSON).body("{\"new_password\":\"another-long-password-1\"}")
                            .post("/api/users/" + target + "/password"));
            for (var call : managing) {
                call.apply(given().auth().oauth2(token)).then().statusCode(403).contentType("application/problem+json");
            }
            int readStatus = role.equals("manager") ? 200 : 403;
            given().auth().oauth2(token).get("/api/users").then().statusCode(readStatus);
            given().auth().oauth2(token).get("/api/users/" + target).then().statusCode(readStatus);
        }
    }

    @Test
    void createAnswers201WithLocationEtagAndNoHash() {
        String username = unique("new");
        admin().contentType(ContentType.JSON).body(newUser(username).put("role", "technician").encode())
                .when().post("/api/users")
                .then().statusCode(201)
                .header("Location", Matchers.matchesRegex(".*/api/users/\\d+"))
                .header("ETag", notNullValue())
                .body("username", equalTo(username))
                .body("role", equalTo("technician"))
                .body("is_active", equalTo(true))
                .body("$", not(hasKey("password_hash")));
        loginResponse(username, PASSWORD).then().statusCode(200);
    }

    @Test
    void userWithoutRoleIsAViewer() {
        admin().contentType(ContentType.JSON).body(newUser(unique("plain")).encode())
                .when().post("/api/users").then().statusCode(201).body("role", equalTo("viewer"));
    }

    @Test
    void badFieldsAre400NamingTheField() {
        expectInvalid(newUser("ab"), "username");
        expectInvalid(newUser("Upper.Case"), "username");
        expectInvalid(newUser(unique("mail")).put("email", "not-an-address"), "email");
        expectInvalid(newUser(unique("role")).put("role", "owner"), "role");
        expectInvalid(newUser(unique("short")).put("password", "short-pw"), "password");
        String named = unique("named");
        expectInvalid(newUser(named).put("password", "xx" + named + "xx"), "password");
        expectInvalid(newUser(unique("common")).put("password", "Password12345"), "password");
        expectInvalid(newUser(unique("extra")).put("nickname", "bob"), "nickname");
    }

    private static void expectInvalid(JsonObject body, String field) {
        admin().contentType(ContentType.JSON).body(body.encode()).when().post("/api/users")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    @Test
    void usernameAndEmailClashesAre409NamingTheField() {
        String username = unique("twin");
        createUser(username, "viewer");
        admin().contentType(ContentType.JSON).body(newUser(username).put("email", unique("y") + "@example.com").encode())
                .when().post("/api/users").then().statusCode(409).body("field", equalTo("username"));
        admin().contentType(ContentType.JSON)
                .body(newUser(unique("other")).put("email", username.toUpperCase() + "@EXAMPLE.com").encode())
                .when().post("/api/users").then().statusCode(409).body("field", equalTo("email"));
    }

    @Test
    void readsAnswerEtagAnd304() {
        int id = createUser(unique("etag"), "viewer");
        String etag = admin().when().get("/api/users/" + id).then().statusCode(200).extract().header("ETag");
        admin().header("If-None-Match", etag).when().get("/api/users/" + id).then().statusCode(304);
    }

    @Test
    void patchNeedsIfMatchAndRefusesStaleOnes() {
        int id = createUser(unique("patch"), "viewer");
        String etag = admin().when().get("/api/users/" + id).then().extract().header("ETag");
        admin().contentType("application/merge-patch+json").body("{\"email\":\"x1@example.com\"}")
                .when().patch("/api/users/" + id).then().statusCode(428).contentType("application/problem+json");
        String newEtag = admin().contentType("application/merge-patch+json").header("If-Match", etag)
                .body("{\"email\":\"" + unique("changed") + "@example.com\"}")
                .when().patch("/api/users/" + id).then().statusCode(200).extract().header("ETag");
        admin().contentType(ContentType.JSON).header("If-Match", etag).body("{\"role\":\"manager\"}")
                .when().patch("/api/users/" + id).then().statusCode(412).contentType("application/problem+json");
        admin().when().get("/api/users/" + id).then().body("role", equalTo("viewer")).header("ETag", newEtag);
        admin().contentType(ContentType.JSON).header("If-Match", newEtag).body("{\"username\":\"renamed\"}")
                .when().patch("/api/users/" + id).then().statusCode(400).body("errors[0].field", equalTo("username"));
        admin().contentType(ContentType.JSON).header("If-Match", newEtag).body("{\"email\":null}")
                .when().patch("/api/users/" + id).then().statusCode(400).body("errors[0].field", equalTo("email"));
    }

    @Test
    void roleChangeEndsTheUsersSessions() {
        String username = unique("promoted");
        int id = createUser(username, "technician");
        String token = login(username, PASSWORD).getString("access_token");
        String etag = admin().when().get("/api/users/" + id).then().extract().header("ETag");
        admin().contentType(ContentType.JSON).header("If-Match", etag).body("{\"role\":\"supervisor\"}")
                .when().patch("/api/users/" + id).then().statusCode(200).body("role", equalTo("supervisor"));
        assertEquals(401, me(token));
        String fresh = login(username, PASSWORD).getString("access_token");
        given().auth().oauth2(fresh).when().get("/api/auth/me").then().statusCode(200).body("role", equalTo("supervisor"));
    }

    @Test
    void deactivationKillsLiveTokensAndLogins() {
        String username = unique("leaver");
        int id = createUser(username, "technician");
        String token = login(username, PASSWORD).getString("access_token");
        assertEquals(200, me(token));
        admin().when().delete("/api/users/" + id).then().statusCode(204);
        assertEquals(401, me(token));
        loginResponse(username, PASSWORD).then().statusCode(401);
        admin().when().get("/api/users/" + id).then().body("is_active", equalTo(false));
    }

    @Test
    void ownPasswordChangeKeepsThisSessionAndEndsTheOthers() {
        String username = unique("rotator");
        int id = createUser(username, "technician");
        String phone = login(username, PASSWORD).getString("access_token");
        String web = login(username, PASSWORD).getString("access_token");
        given().auth().oauth2(phone).contentType(ContentType.JSON)
                .body("{\"current_password\":\"wrong-current-pw\",\"new_password\":\"a-brand-new-passphrase\"}")
                .when().post("/api/users/" + id + "/password").then().statusCode(400)
                .body("errors[0].field", equalTo("current_password"));
        given().auth().oauth2(phone).contentType(ContentType.JSON)
                .body("{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"a-brand-new-passphrase\"}")
                .when().post("/api/users/" + id + "/password").then().statusCode(204);
        assertEquals(200, me(phone));
        assertEquals(401, me(web));
        loginResponse(username, "a-brand-new-passphrase").then().statusCode(200);
    }

    @Test
    void adminResetEndsEverySession() {
        String username = unique("reset");
        int id = createUser(username, "technician");
        String token = login(username, PASSWORD).getString("access_token");
        admin().contentType(ContentType.JSON).body("{\"new_password\":\"admin-chosen-passphrase\"}")
                .when().post("/api/users/" + id + "/password").then().statusCode(204);
        assertEquals(401, me(token));
        loginResponse(username, "admin-chosen-passphrase").then().statusCode(200);
    }

    @Test
    void listFiltersByRoleActiveAndText() {
        String marker = unique("findme");
        createUser(marker, "supervisor");
        admin().queryParam("q", marker).when().get("/api/users").then().statusCode(200)
                .body("items.username", equalTo(List.of(marker)));
        admin().queryParam("role", "supervisor").queryParam("limit", 200).when().get("/api/users").then()
                .statusCode(200).body("items.role", everyItem(equalTo("supervisor")));
        admin().queryParam("active", "maybe").when().get("/api/users").then().statusCode(400)
                .body("errors[0].field", equalTo("active"));
        admin().queryParam("q", "%").queryParam("limit", 200).when().get("/api/users").then().statusCode(200)
                .body("items", Matchers.empty());
    }

    @Test
    void nobodyHandsOutMoreThanTheyHold() {
        String manager = unique("boss");
        int managerId = createUser(manager, "manager");
        String adminName = unique("root");
        int adminId = createUser(adminName, "admin");
        // A manager granted users:manage still may not make admins, nor touch an admin's account.
        List<String> managerPlus = new ArrayList<>(TestTokens.ROLE_PERMISSIONS.get("manager"));
        managerPlus.add("users:manage");
        String token = TestTokens.withPermissions(managerId, manager, "manager", managerPlus);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(newUser(unique("wannabe")).put("role", "admin").encode())
                .when().post("/api/users").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"new_password\":\"taking-over-the-admin\"}")
                .when().post("/api/users/" + adminId + "/password").then().statusCode(403);
        given().auth().oauth2(token).when().delete("/api/users/" + adminId).then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(newUser(unique("helper")).put("role", "technician").encode())
                .when().post("/api/users").then().statusCode(201);
        // Nor does anyone change their own role.
        String etag = admin().when().get("/api/users/" + adminId).then().extract().header("ETag");
        given().auth().oauth2(TestTokens.user(adminId, adminName, "admin")).contentType(ContentType.JSON)
                .header("If-Match", etag).body("{\"role\":\"viewer\"}")
                .when().patch("/api/users/" + adminId).then().statusCode(403);
    }

    @Test
    void serviceTokensHaveNoUserBehindThem() {
        given().auth().oauth2(TestTokens.service("reporting", "users:read")).when().get("/api/auth/me")
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"client_id\":\"42\",\"permissions\":[]}")
                .when().post("/api/auth/clients").then().statusCode(400).body("errors[0].field", equalTo("client_id"));
    }

    @Test
    void meShowsPermissionsAndScope() {
        String username = unique("self");
        createUser(username, "viewer");
        given().auth().oauth2(login(username, PASSWORD).getString("access_token")).when().get("/api/auth/me")
                .then().statusCode(200)
                .body("username", equalTo(username))
                .body("permissions", hasItem("tickets:read"))
                .body("team_ids", Matchers.empty())
                .body("zones", Matchers.empty())
                .body("is_active", equalTo(true))
                .body("created_at", notNullValue());
    }
}
