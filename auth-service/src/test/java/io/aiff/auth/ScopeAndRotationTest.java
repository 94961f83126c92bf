package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestKeys;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.aiff.auth.AuthApi.PASSWORD;
import static io.aiff.auth.AuthApi.claims;
import static io.aiff.auth.AuthApi.createUser;
import static io.aiff.auth.AuthApi.login;
import static io.aiff.auth.AuthApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * With team-service answering, tokens carry the user's teams and zones; and during a key rotation the JWKS
 * publishes the previous key beside the signing key, whose tokens auth-service still accepts.
 */
@QuarkusTest
@TestProfile(ScopeAndRotationTest.PreviousKeyPublished.class)
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
@WithTestResource(TeamServiceStub.class)
class ScopeAndRotationTest {

    /** The "other" test key plays the previous signing key. */
    public static class PreviousKeyPublished implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aiff.auth.signing-key.published",
                    "previous-key=" + TestKeys.dir().resolve("other-public.pem"));
        }
    }

    @Test
    void loginPutsTheUsersTeamsAndZonesIntoTheToken() {
        String username = unique("fieldtech");
        createUser(username, "technician");
        JsonPath answer = login(username, PASSWORD);
        assertFalse(answer.getBoolean("scope_degraded"));
        JsonObject claims = claims(answer.getString("access_token"));
        assertEquals(List.of(3, 7), claims.getJsonArray("team_ids").getList());
        assertEquals(List.of(11, 12), claims.getJsonArray("zone_ids").getList());
        assertEquals(List.of("Ipoh", "Penang"), claims.getJsonArray("zones").getList());
        given().auth().oauth2(answer.getString("access_token")).when().get("/api/auth/me").then().statusCode(200)
                .body("team_ids", equalTo(List.of(3, 7))).body("zone_ids", equalTo(List.of(11, 12)))
                .body("zones", equalTo(List.of("Ipoh", "Penang")));
    }

    @Test
    void jwksPublishesTheSigningAndThePreviousKey() {
        given().when().get("/api/auth/jwks").then().statusCode(200)
                .body("keys.kid", hasItems(TestKeys.KID, "previous-key"));
    }

    @Test
    void tokensOfThePreviousKeyStayValidUntilTheyExpire() {
        Instant now = Instant.now();
        String oldToken = Jwt.issuer("aiff-auth").audience("aiff").subject("1").upn("admin").groups(Set.of("admin"))
                .issuedAt(now).expiresAt(now.plusSeconds(300)).jws().keyId("previous-key").sign(TestKeys.otherKey());
        given().auth().oauth2(oldToken).when().get("/api/auth/me").then().statusCode(200)
                .body("username", equalTo("admin"));
    }
}
