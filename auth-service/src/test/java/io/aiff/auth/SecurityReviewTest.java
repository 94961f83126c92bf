package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.aiff.auth.AuthApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The findings of the security review that concern auth-service (issue 11), one regression test each. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class SecurityReviewTest {

    private static ValidatableResponse token(String form) {
        return given().contentType(ContentType.URLENC.withCharset("UTF-8")).body(form)
                .when().post("/api/auth/token").then();
    }

    /** Finding 2: an undecodable form body hung for 120 s. */
    @Test
    void undecodableFormBodyIsA400AtOnce() {
        token("a=%zz").statusCode(400).contentType("application/problem+json").time(lessThan(5000L));
        token("a=%zz&grant_type=client_credentials&client_id=%zz&client_secret=x").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("client_id")).time(lessThan(5000L));
    }

    /** Finding 10: a 100,000-character client_id was a 500 with eight stack traces. */
    @Test
    void overlongFormFieldIsA413() {
        token("grant_type=client_credentials&client_secret=x&client_id=" + "a".repeat(100_000)).statusCode(413)
                .contentType("application/problem+json").body("field", equalTo("client_id"));
    }

    /** Finding 8, in form bodies, query parameters and audit filters: NUL is a 400 naming the field, never a 500. */
    @Test
    void nulBytesAre400NamingTheField() {
        token("grant_type=client_credentials&client_secret=x&client_id=ab%00cd").statusCode(400)
                .body("errors.field", hasItem("client_id"));
        for (Map.Entry<String, String> query : Map.of("/api/users", "q", "/api/users?x=1", "role",
                "/api/auth/audit", "action", "/api/auth/audit?y=1", "target").entrySet()) {
            given().auth().oauth2(TestTokens.admin()).urlEncodingEnabled(false)
                    .when().get(query.getKey() + (query.getKey().contains("?") ? "&" : "?") + query.getValue() + "=%00")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(query.getValue()));
        }
        given().contentType(ContentType.JSON).body("{\"grant_type\":\"client_credentials\",\"client_id\":\"a\\u0000b\",\"client_secret\":\"x\"}")
                .when().post("/api/auth/token").then().statusCode(400).body("errors.field", hasItem("client_id"));
    }

    /** Finding 9: a key given twice was a 500 with an empty body (login, refresh). */
    @Test
    void duplicateKeysAre400Problems() {
        given().contentType(ContentType.JSON).body("{\"refresh_token\":\"x\",\"refresh_token\":\"y\"}")
                .when().post("/api/auth/refresh").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("refresh_token"));
    }

    /** Finding 12: "username": 123 created the user "123". */
    @Test
    void wrongJsonTypesAreRefusedNotCoerced() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"username\": 123, \"email\": \"n@example.com\", \"password\": \"" + AuthApi.PASSWORD + "\"}")
                .when().post("/api/users").then().statusCode(400).body("errors.field", hasItem("username"));
    }

    /** Finding 14: the 201 body had null timestamps; it equals a following GET. */
    @Test
    void createdUserAnswersWhatAGetAnswers() {
        String username = unique("fresh");
        JsonObject body = new JsonObject().put("username", username).put("email", username + "@example.com")
                .put("password", AuthApi.PASSWORD).put("role", "technician");
        Map<String, Object> created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body.encode())
                .when().post("/api/users").then().statusCode(201).extract().jsonPath().getMap("$");
        Map<String, Object> read = given().auth().oauth2(TestTokens.admin()).when().get("/api/users/" + created.get("id"))
                .then().statusCode(200).extract().jsonPath().getMap("$");
        assertEquals(read, created);
        Assertions.assertNotNull(created.get("created_at"));
        Assertions.assertNotNull(created.get("updated_at"));
    }

    /** Finding 16: "ADMIN" was accepted as admin; enum values are exactly lower case. */
    @Test
    void rolesAreExactlyLowerCase() {
        String username = unique("upper");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(new JsonObject().put("username", username).put("email", username + "@example.com")
                        .put("password", AuthApi.PASSWORD).put("role", "ADMIN").encode())
                .when().post("/api/users").then().statusCode(400).body("errors.field", hasItem("role"));
        given().auth().oauth2(TestTokens.admin()).queryParam("role", "Viewer").when().get("/api/users")
                .then().statusCode(400).body("errors.field", hasItem("role"));
    }
}
