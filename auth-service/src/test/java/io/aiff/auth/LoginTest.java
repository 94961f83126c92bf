package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class LoginTest {

    static final String ADMIN_PASSWORD = "test-admin-password";

    static String login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(new JsonObject().put("username", username).put("password", password).encode())
                .when().post("/api/auth/login")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    @Test
    void adminCreatedAtFirstStartCanLogIn() {
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")
                .when().post("/api/auth/login")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("access_token", notNullValue());
    }

    @Test
    void accessTokenCarriesTheAgreedClaimsAndKid() {
        String[] parts = login("admin", ADMIN_PASSWORD).split("\\.");
        JsonObject header = decode(parts[0]);
        JsonObject claims = decode(parts[1]);
        assertEquals("RS256", header.getString("alg"));
        assertEquals("test-key-1", header.getString("kid"));
        assertEquals(TestTokens.ISSUER, claims.getString("iss"));
        assertEquals(TestTokens.AUDIENCE, audience(claims));
        assertEquals("admin", claims.getString("upn"));
        assertEquals("admin", claims.getJsonArray("groups").getString(0));
        assertTrue(Integer.parseInt(claims.getString("sub")) > 0);
        assertEquals(900, claims.getLong("exp") - claims.getLong("iat"));
        assertTrue(claims.containsKey("jti"));
    }

    @Test
    void issuedTokenOpensMeWithoutTheHash() {
        given().auth().oauth2(login("admin", ADMIN_PASSWORD))
                .when().get("/api/auth/me")
                .then().statusCode(200)
                .body("username", equalTo("admin"))
                .body("role", equalTo("admin"))
                .body("is_active", equalTo(true))
                .body("created_at", notNullValue())
                .body("$", not(hasKey("password_hash")))
                .body("$", not(hasKey("passwordHash")));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        String wrong = given().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"not-the-password\"}")
                .when().post("/api/auth/login")
                .then().statusCode(401).contentType("application/problem+json")
                .extract().path("detail");
        String unknown = given().contentType(ContentType.JSON)
                .body("{\"username\": \"nobody-here\", \"password\": \"not-the-password\"}")
                .when().post("/api/auth/login")
                .then().statusCode(401).contentType("application/problem+json")
                .extract().path("detail");
        assertEquals(wrong, unknown);
    }

    @Test
    void staleTokenSentAlongDoesNotBlockLogin() {
        given().auth().oauth2(TestTokens.expired()).contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")
                .when().post("/api/auth/login")
                .then().statusCode(200);
    }

    @Test
    void jwksIsPublicAndListsTheSigningKey() {
        given().when().get("/api/auth/jwks")
                .then().statusCode(200)
                .body("keys[0].kid", equalTo("test-key-1"))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0]", not(hasKey("d")));
    }

    @Test
    void malformedJsonIsProblem400() {
        given().contentType(ContentType.JSON).body("{\"username\": ")
                .when().post("/api/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    void unknownFieldIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"x\", \"remember\": true}")
                .when().post("/api/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("remember"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("username=admin")
                .when().post("/api/auth/login")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void missingBodyIsValidationProblem() {
        given().contentType(ContentType.JSON)
                .when().post("/api/auth/login")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static JsonObject decode(String part) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }

    private static String audience(JsonObject claims) {
        Object aud = claims.getValue("aud");
        return aud instanceof String s ? s : claims.getJsonArray("aud").getString(0);
    }
}
