package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aiff.auth.AuthApi.PASSWORD;
import static io.aiff.auth.AuthApi.claims;
import static io.aiff.auth.AuthApi.createUser;
import static io.aiff.auth.AuthApi.login;
import static io.aiff.auth.AuthApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class RolesAndClientsTest {

    @Test
    void rolesAndPermissionsAreListed() {
        given().auth().oauth2(TestTokens.user(5, "v", "viewer")).when().get("/api/roles").then().statusCode(200)
                .body("items.role", equalTo(List.of("admin", "manager", "supervisor", "technician", "viewer")))
                .body("items.find { it.role == 'viewer' }.permissions", equalTo(List.of("analytics:read", "assignments:read",
                        "scope:all", "teams:read", "tickets:read", "zones:read")));
        given().auth().oauth2(TestTokens.user(5, "v", "viewer")).when().get("/api/permissions").then().statusCode(200)
                .body("items.name", hasItems("tickets:read_contact", "system:admin"));
    }

    @Test
    void changedRolePermissionsReachTokensIssuedAfterwards() {
        String username = unique("sla");
        createUser(username, "supervisor");
        List<String> granted = new ArrayList<>(TestTokens.ROLE_PERMISSIONS.get("supervisor"));
        granted.add("sla:manage");
        try {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(new JsonObject().put("permissions", granted).encode())
                    .when().put("/api/roles/supervisor/permissions").then().statusCode(200)
                    .body("permissions", hasItem("sla:manage"));
            assertEquals(true, claims(login(username, PASSWORD).getString("access_token"))
                    .getJsonArray("permissions").contains("sla:manage"));
        } finally {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(new JsonObject().put("permissions", TestTokens.ROLE_PERMISSIONS.get("supervisor")).encode())
                    .when().put("/api/roles/supervisor/permissions").then().statusCode(200);
        }
        assertFalse(claims(login(username, PASSWORD).getString("access_token"))
                .getJsonArray("permissions").contains("sla:manage"));
    }

    @Test
    void aRoleWithoutScopeAllSeesOnlyItsZones() {
        // Seeing everything is a permission of the role (docs/api.md "Who sees what"): taken away, the role's next
        // tokens are zone-scoped like any other.
        String username = unique("viewer");
        createUser(username, "viewer");
        List<String> zoned = TestTokens.ROLE_PERMISSIONS.get("viewer").stream().filter(p -> !p.equals("scope:all")).toList();
        try {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(new JsonObject().put("permissions", zoned).encode())
                    .when().put("/api/roles/viewer/permissions").then().statusCode(200)
                    .body("permissions", not(hasItem("scope:all")));
            JsonObject claims = claims(login(username, PASSWORD).getString("access_token"));
            assertFalse(claims.getJsonArray("permissions").contains("scope:all"));
            assertEquals(List.of(), claims.getJsonArray("zone_ids").getList(), "a viewer in no team is in no zone");
        } finally {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(new JsonObject().put("permissions", TestTokens.ROLE_PERMISSIONS.get("viewer")).encode())
                    .when().put("/api/roles/viewer/permissions").then().statusCode(200);
        }
        assertEquals(true, claims(login(username, PASSWORD).getString("access_token"))
                .getJsonArray("permissions").contains("scope:all"));
    }

    @Test
    void roleChangesAreGuarded() {
        given().auth().oauth2(TestTokens.user(7, "m", "manager")).contentType(ContentType.JSON)
                .body("{\"permissions\":[\"tickets:read\"]}")
                .when().put("/api/roles/viewer/permissions").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"permissions\":[\"tickets:read\",\"tickets:fly\"]}")
                .when().put("/api/roles/viewer/permissions").then().statusCode(400)
                .body("errors[0].field", equalTo("permissions"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"permissions\":[\"tickets:read\"]}")
                .when().put("/api/roles/admin/permissions").then().statusCode(409);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"permissions\":[]}")
                .when().put("/api/roles/owner/permissions").then().statusCode(404);
    }

    @Test
    void clientCredentialsGiveAServiceTokenWithTheClientsPermissionsOnly() {
        String clientId = unique("reporting");
        String secret = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("client_id", clientId).put("description", "nightly reports")
                        .put("permissions", List.of("tickets:read", "analytics:read")).encode())
                .when().post("/api/auth/clients")
                .then().statusCode(201).header("Cache-Control", "no-store")
                .body("client_secret", notNullValue()).extract().path("client_secret");
        given().auth().oauth2(TestTokens.admin()).when().get("/api/auth/clients").then().statusCode(200)
                .body("items.client_id", hasItem(clientId))
                .body("items[0]", not(hasKey("client_secret")));

        String form = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .when().post("/api/auth/token")
                .then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("$", not(hasKey("refresh_token")))
                .extract().path("access_token");
        JsonObject claims = claims(form);
        assertEquals(List.of("service"), claims.getJsonArray("groups").getList());
        assertEquals(List.of("analytics:read", "tickets:read"), claims.getJsonArray("permissions").getList());
        assertEquals(clientId, claims.getString("sub"));
        assertFalse(claims.containsKey("sid"));

        given().contentType(ContentType.JSON)
                .body(new JsonObject().put("grant_type", "client_credentials").put("client_id", clientId)
                        .put("client_secret", secret).encode())
                .when().post("/api/auth/token").then().statusCode(200);
        // A service token opens what its permissions allow and nothing else.
        given().auth().oauth2(form).when().get("/api/users").then().statusCode(403);
    }

    @Test
    void badClientCredentialsAllLookTheSame() {
        String wrong = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "team-service").formParam("client_secret", "not-the-secret")
                .when().post("/api/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                .extract().path("detail");
        String unknown = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "no-such-client").formParam("client_secret", "whatever")
                .when().post("/api/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"))
                .extract().path("detail");
        assertEquals(wrong, unknown);
        given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .when().post("/api/auth/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void configuredServiceClientIsCreatedAtStart() {
        String token = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", "team-service").formParam("client_secret", "test-team-service-secret")
                .when().post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        assertEquals(List.of("users:read"), claims(token).getJsonArray("permissions").getList());
        given().auth().oauth2(token).when().get("/api/users").then().statusCode(200);
    }

    @Test
    void clientsAreManagedByAdminsOnly() {
        given().auth().oauth2(TestTokens.user(7, "m", "manager")).when().get("/api/auth/clients")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void auditRecordsLoginsAndIsForAuditorsOnly() {
        String username = unique("audited");
        int id = createUser(username, "viewer");
        login(username, PASSWORD);
        AuthApi.loginResponse(username, "wrong-password-here").then().statusCode(401);
        given().auth().oauth2(TestTokens.admin()).queryParam("target", "user:" + id).when().get("/api/auth/audit")
                .then().statusCode(200)
                .body("items.action", hasItems("user_created", "login"))
                .body("items[0].ip", notNullValue());
        given().auth().oauth2(TestTokens.admin()).queryParam("target", "username:" + username)
                .queryParam("action", "login_failed").when().get("/api/auth/audit")
                .then().statusCode(200).body("items.outcome", hasItem("failure"));
        given().auth().oauth2(TestTokens.admin()).queryParam("since", "yesterday").when().get("/api/auth/audit")
                .then().statusCode(400).body("errors[0].field", equalTo("since"));
        given().auth().oauth2(TestTokens.user(7, "m", "manager")).when().get("/api/auth/audit")
                .then().statusCode(403);
    }
}
