package io.aiff.auth;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.aiff.auth.AuthApi.PASSWORD;
import static io.aiff.auth.AuthApi.createUser;
import static io.aiff.auth.AuthApi.loginResponse;
import static io.aiff.auth.AuthApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Brute-force protection: lockout after 5 failures, doubling, unlock by time (moved clock) and by an admin. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "auth"))
class LockoutTest {

    @Inject
    TestClock clock;

    private static void fail(String username, int times) {
        for (int i = 0; i < times; i++) {
            loginResponse(username, "wrong-password-" + i).then().statusCode(401);
        }
    }

    @Test
    void fiveFailuresLockTheAccountEvenForTheRightPasswordUntilTheMinuteIsOver() {
        String user = unique("brute");
        createUser(user, "viewer");
        fail(user, 4);
        loginResponse(user, PASSWORD).then().statusCode(200); // four failures do not lock
        fail(user, 5);
        loginResponse(user, PASSWORD).then().statusCode(401);
        clock.advance(Duration.ofSeconds(50));
        loginResponse(user, PASSWORD).then().statusCode(401);
        clock.advance(Duration.ofSeconds(11));
        loginResponse(user, PASSWORD).then().statusCode(200);
    }

    @Test
    void eachFurtherLockoutLastsTwiceAsLong() {
        String user = unique("again");
        createUser(user, "viewer");
        fail(user, 5);
        clock.advance(Duration.ofSeconds(61));
        fail(user, 5); // second lockout: 2 minutes
        clock.advance(Duration.ofSeconds(90));
        loginResponse(user, PASSWORD).then().statusCode(401);
        clock.advance(Duration.ofSeconds(31));
        loginResponse(user, PASSWORD).then().statusCode(200);
    }

    @Test
    void parallelGuessesCannotOutrunTheCount() throws Exception {
        String user = unique("burst");
        createUser(user, "viewer");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                answers.add(pool.submit(() -> loginResponse(user, "parallel-guess-" + n).statusCode()));
            }
            for (var answer : answers) {
                assertEquals(401, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        // Only the attempts charged before the lock had their password checked.
        int checked = given().auth().oauth2(TestTokens.admin()).queryParam("target", "username:" + user)
                .queryParam("action", "login_failed").queryParam("limit", 200).when().get("/api/auth/audit")
                .then().statusCode(200).extract().jsonPath().getList("items").size();
        Assertions.assertTrue(checked <= 5, checked + " guesses were checked");
        loginResponse(user, PASSWORD).then().statusCode(401);
    }

    @Test
    void lockedWrongUnknownAndInactiveLookTheSame() {
        String locked = unique("locked");
        createUser(locked, "viewer");
        fail(locked, 5);
        String inactive = unique("gone");
        int inactiveId = createUser(inactive, "viewer");
        given().auth().oauth2(TestTokens.admin()).when().delete("/api/users/" + inactiveId).then().statusCode(204);
        String known = unique("known");
        createUser(known, "viewer");

        Response lockedAnswer = loginResponse(locked, PASSWORD);
        Response wrongAnswer = loginResponse(known, "not-the-password-at-all");
        Response unknownAnswer = loginResponse(unique("nobody"), PASSWORD);
        Response inactiveAnswer = loginResponse(inactive, PASSWORD);
        for (Response answer : new Response[] {lockedAnswer, wrongAnswer, unknownAnswer, inactiveAnswer}) {
            answer.then().statusCode(401).contentType("application/problem+json");
        }
        String body = comparable(lockedAnswer);
        assertEquals(body, comparable(wrongAnswer));
        assertEquals(body, comparable(unknownAnswer));
        assertEquals(body, comparable(inactiveAnswer));
    }

    /** The body without what differs per request anyway (its request id). */
    private static String comparable(Response answer) {
        return answer.jsonPath().getString("type") + "|" + answer.jsonPath().getString("title") + "|"
                + answer.jsonPath().getString("detail") + "|" + answer.jsonPath().getInt("status") + "|"
                + answer.jsonPath().getMap("$").keySet();
    }

    @Test
    void adminsSeeAndLiftALockout() {
        String user = unique("helpdesk");
        int id = createUser(user, "technician");
        fail(user, 5);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/users/" + id + "/lockout")
                .then().statusCode(200).body("locked", equalTo(true)).body("until", notNullValue())
                .body("lockouts", equalTo(1));
        given().auth().oauth2(TestTokens.user(99, "mgr", "manager")).when().delete("/api/users/" + id + "/lockout")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).when().delete("/api/users/" + id + "/lockout")
                .then().statusCode(204);
        loginResponse(user, PASSWORD).then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).when().get("/api/users/" + id + "/lockout")
                .then().statusCode(200).body("locked", equalTo(false));
    }

    /**
     * A spraying attacker behind a shared address (a carrier's NAT, an office) is stopped once the address is over its
     * budget, while the people who already signed in on their phones — the admin included — still get in.
     */
    @Test
    void pastTheAddressBudgetOnlyLoginsWithADeviceTokenAreChecked() {
        String admin = "admin";
        String deviceToken = loginResponse(admin, AuthApi.ADMIN_PASSWORD).then().statusCode(200)
                .body("device_token", notNullValue()).extract().path("device_token");
        String address = AuthApi.randomAddress();
        int refused = 0;
        for (int i = 0; i < 25; i++) {
            int status = AuthApi.loginResponseFrom(address, unique("spray"), "password-spray-" + i).statusCode();
            Assertions.assertTrue(status == 401 || status == 429, "guess " + i + ": " + status);
            refused += status == 429 ? 1 : 0;
        }
        assertEquals(5, refused, "the first 20 guesses are checked, the rest refused before hashing");
        AuthApi.loginResponseFrom(address, admin, AuthApi.ADMIN_PASSWORD, deviceToken).then().statusCode(200)
                .body("device_token", notNullValue());
        String newcomer = unique("newcomer");
        createUser(newcomer, "viewer");
        AuthApi.loginResponseFrom(address, newcomer, PASSWORD).then().statusCode(429)
                .header("Retry-After", notNullValue()).contentType("application/problem+json");
        loginResponse(newcomer, PASSWORD).then().statusCode(200); // the same account from elsewhere is fine
        clock.advance(Duration.ofSeconds(61));
        AuthApi.loginResponseFrom(address, newcomer, PASSWORD).then().statusCode(200);
    }

    @Test
    void anAccountLockedByGuessesElsewhereStillSignsInWithItsDeviceToken() {
        String user = unique("phone");
        createUser(user, "technician");
        String deviceToken = loginResponse(user, PASSWORD).then().statusCode(200).extract().path("device_token");
        fail(user, 5);
        loginResponse(user, PASSWORD).then().statusCode(401); // locked for everyone else
        AuthApi.loginResponseFrom(AuthApi.randomAddress(), user, PASSWORD, deviceToken).then().statusCode(200);
    }

    @Test
    void aDeviceTokenCountsOnlyForItsAccountAndHasItsOwnSmallBudget() {
        String owner = unique("owner");
        createUser(owner, "viewer");
        String deviceToken = loginResponse(owner, PASSWORD).then().statusCode(200).extract().path("device_token");
        String other = unique("other");
        createUser(other, "viewer");
        fail(other, 5);
        // Another account's device token does not lift this account's lockout.
        AuthApi.loginResponseFrom(AuthApi.randomAddress(), other, PASSWORD, deviceToken).then().statusCode(401);
        // A forged one neither.
        AuthApi.loginResponseFrom(AuthApi.randomAddress(), other, PASSWORD, deviceToken + "x").then().statusCode(401);
        // Five wrong passwords with the device token lock the device token (not the account).
        for (int i = 0; i < 5; i++) {
            AuthApi.loginResponseFrom(AuthApi.randomAddress(), owner, "wrong-" + i, deviceToken).then().statusCode(401);
        }
        AuthApi.loginResponseFrom(AuthApi.randomAddress(), owner, PASSWORD, deviceToken).then().statusCode(401);
        loginResponse(owner, PASSWORD).then().statusCode(200);
    }
}
