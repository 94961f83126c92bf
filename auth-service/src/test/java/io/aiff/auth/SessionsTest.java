package io.aiff.auth;

import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.aiff.auth.AuthApi.PASSWORD;
import static io.aiff.auth.AuthApi.claims;
import static io.aiff.auth.AuthApi.createUser;
import static io.aiff.auth.AuthApi.login;
import static io.aiff.auth.AuthApi.me;
import static io.aiff.auth.AuthApi.refresh;
import static io.aiff.auth.AuthApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, rotating refresh tokens, the grace window, reuse detection and logout. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class SessionsTest {

    @Inject
    TestClock clock;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Test
    void loginAnswersBothTokensAndTheAccessTokenNamesItsSession() {
        String user = unique("tech");
        createUser(user, "technician");
        JsonPath answer = login(user, PASSWORD);
        JsonObject claims = claims(answer.getString("access_token"));
        assertTrue(answer.getString("refresh_token").startsWith(claims.getString("sid") + "."));
        assertTrue(answer.getBoolean("scope_degraded"), "team-service is absent in this test");
        assertEquals(List.of(), claims.getJsonArray("team_ids").getList());
        assertEquals(List.of(), claims.getJsonArray("zones").getList());
    }

    @Test
    void tokenClaimsFollowTheRole() {
        for (String role : List.of("admin", "manager", "supervisor", "technician", "viewer")) {
            String user = unique(role);
            createUser(user, role);
            JsonObject claims = claims(login(user, PASSWORD).getString("access_token"));
            assertEquals(List.of(role), claims.getJsonArray("groups").getList(), role);
            assertEquals(TestTokens.ROLE_PERMISSIONS.get(role).stream().sorted().toList(),
                    claims.getJsonArray("permissions").getList(), role);
            assertEquals(user, claims.getString("upn"));
            assertTrue(claims.containsKey("sid") && claims.containsKey("jti") && claims.containsKey("exp"));
        }
    }

    @Test
    void refreshRotatesAndTheOldTokenStopsWorkingAfterTheGraceWindow() {
        String user = unique("rot");
        createUser(user, "viewer");
        JsonPath first = login(user, PASSWORD);
        JsonPath second = refresh(first.getString("refresh_token")).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().jsonPath();
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        assertEquals(200, me(second.getString("access_token")));

        // The new refresh token keeps working and rotates again.
        JsonPath third = refresh(second.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        assertEquals(200, me(third.getString("access_token")));
    }

    @Test
    void retryWithinTheGraceWindowGetsTheSamePair() {
        String user = unique("grace");
        createUser(user, "viewer");
        String original = login(user, PASSWORD).getString("refresh_token");
        JsonPath answer = refresh(original).then().statusCode(200).extract().jsonPath();
        clock.advance(Duration.ofSeconds(20));
        JsonPath retry = refresh(original).then().statusCode(200).extract().jsonPath();
        assertEquals(answer.getString("refresh_token"), retry.getString("refresh_token"));
        assertEquals(answer.getString("access_token"), retry.getString("access_token"));
        assertEquals(200, me(retry.getString("access_token")));
    }

    @Test
    void reuseAfterTheGraceWindowEndsTheWholeSession() {
        String user = unique("reuse");
        createUser(user, "viewer");
        String original = login(user, PASSWORD).getString("refresh_token");
        JsonPath rotated = refresh(original).then().statusCode(200).extract().jsonPath();
        clock.advance(Duration.ofSeconds(31));
        refresh(original).then().statusCode(401).contentType("application/problem+json");
        // The thief and the owner are both out: the current tokens of that session no longer work.
        refresh(rotated.getString("refresh_token")).then().statusCode(401);
        assertEquals(401, me(rotated.getString("access_token")));
        given().auth().oauth2(TestTokens.admin())
                .queryParam("action", "refresh_token_reuse")
                .when().get("/api/auth/audit")
                .then().statusCode(200).body("items.action", hasItem("refresh_token_reuse"));
    }

    @Test
    void aGuessedTokenForAKnownSessionIsRefusedWithoutEndingIt() {
        String user = unique("guess");
        createUser(user, "viewer");
        JsonPath tokens = login(user, PASSWORD);
        String sid = claims(tokens.getString("access_token")).getString("sid");
        refresh(sid + ".not-the-secret").then().statusCode(401);
        assertEquals(200, me(tokens.getString("access_token")));
        refresh(tokens.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void refreshKeepsTheUsersSessionIndexAliveAsLongAsTheSession() {
        String user = unique("index");
        int id = createUser(user, "viewer");
        String refreshToken = login(user, PASSWORD).getString("refresh_token");
        redis.key().pexpire(keys.userSessions(id), 1_000);
        refresh(refreshToken).then().statusCode(200);
        assertTrue(redis.key().pttl(keys.userSessions(id)) > Duration.ofDays(29).toMillis());
    }

    @Test
    void garbageRefreshTokenIs401() {
        refresh("not-a-token").then().statusCode(401).contentType("application/problem+json");
        refresh("00000000-0000-0000-0000-000000000000.abc").then().statusCode(401);
    }

    @Test
    void logoutEndsTheSessionForAccessAndRefreshTokens() {
        String user = unique("out");
        createUser(user, "viewer");
        JsonPath tokens = login(user, PASSWORD);
        String access = tokens.getString("access_token");
        given().auth().oauth2(access).when().post("/api/auth/logout").then().statusCode(204);
        assertEquals(401, me(access));
        refresh(tokens.getString("refresh_token")).then().statusCode(401);
    }

    @Test
    void usersListAndRevokeTheirOwnSessionsOnly() {
        String user = unique("multi");
        createUser(user, "technician");
        String phone = login(user, PASSWORD).getString("access_token");
        String web = login(user, PASSWORD).getString("access_token");
        String webSid = claims(web).getString("sid");
        given().auth().oauth2(phone).when().get("/api/auth/sessions").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items.find { it.current }.sid", equalTo(claims(phone).getString("sid")));

        String other = unique("other");
        createUser(other, "technician");
        String stranger = login(other, PASSWORD).getString("access_token");
        given().auth().oauth2(stranger).when().delete("/api/auth/sessions/" + webSid).then().statusCode(404);
        given().auth().oauth2(stranger).queryParam("user_id", claims(phone).getString("sub"))
                .when().get("/api/auth/sessions").then().statusCode(403).contentType("application/problem+json");

        given().auth().oauth2(phone).when().delete("/api/auth/sessions/" + webSid).then().statusCode(204);
        assertEquals(401, me(web));
        assertEquals(200, me(phone));
        given().auth().oauth2(phone).when().get("/api/auth/sessions").then()
                .body("items.sid", not(hasItem(webSid)));
    }

    @Test
    void adminsListAndRevokeAnyonesSessions() {
        String user = unique("watched");
        int id = createUser(user, "viewer");
        String token = login(user, PASSWORD).getString("access_token");
        String sid = claims(token).getString("sid");
        given().auth().oauth2(TestTokens.admin()).queryParam("user_id", id)
                .when().get("/api/auth/sessions").then().statusCode(200).body("items.sid", hasItem(sid));
        given().auth().oauth2(TestTokens.admin())
                .when().delete("/api/auth/sessions/" + sid).then().statusCode(204);
        assertEquals(401, me(token));
    }
}
