package io.aiff.auth;

import io.aiff.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Small helpers the auth-service tests share: real users, real logins, decoded tokens. */
final class AuthApi {

    static final String ADMIN_PASSWORD = "test-admin-password";
    static final String PASSWORD = "correct-horse-battery-9";

    private AuthApi() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user through the API (as the admin) and answers its id. */
    static int createUser(String username, String role) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("username", username).put("email", username + "@example.com")
                        .put("password", PASSWORD).put("role", role).encode())
                .when().post("/api/users")
                .then().statusCode(201).extract().path("id");
    }

    /** Each call comes from its own client address (via the trusted local proxy), so per-IP counts stay apart. */
    static Response loginResponse(String username, String password) {
        return loginResponseFrom(randomAddress(), username, password);
    }

    static Response loginResponseFrom(String address, String username, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(new JsonObject().put("username", username).put("password", password).encode())
                .when().post("/api/auth/login");
    }

    static Response loginResponseFrom(String address, String username, String password, String deviceToken) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address).header("Device-Token", deviceToken)
                .body(new JsonObject().put("username", username).put("password", password).encode())
                .when().post("/api/auth/login");
    }

    static JsonPath login(String username, String password) {
        return loginResponse(username, password).then().statusCode(200).extract().jsonPath();
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body(new JsonObject().put("refresh_token", refreshToken).encode())
                .when().post("/api/auth/refresh");
    }

    static String randomAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    static JsonObject claims(String token) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    static int me(String token) {
        return given().auth().oauth2(token).when().get("/api/auth/me").then().extract().statusCode();
    }
}
