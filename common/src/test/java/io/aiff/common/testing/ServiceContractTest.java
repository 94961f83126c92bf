package io.aiff.common.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every AIFF service promises (the foundation issue and shared/API.md): health, token checks done by the
 * service itself, problem details, request ids. Each service runs it by extending this class; services with request
 * bodies of their own also implement {@link ValidationContract}.
 */
public abstract class ServiceContractTest {

    /** A GET endpoint of this service that needs a token and answers 200 to an admin. */
    protected abstract String protectedPath();

    @Test
    void livenessAndReadinessAreUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("redis"));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().when().get("/q/metrics").then().statusCode(200);
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    @Test
    void validTokenIsAccepted() {
        given().auth().oauth2(TestTokens.admin()).when().get(protectedPath()).then().statusCode(200);
    }

    @Test
    void missingTokenIsRefusedWithProblem() {
        expectUnauthorized(given());
    }

    @Test
    void expiredTokenIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.expired()));
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.wrongIssuer()));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.wrongAudience()));
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.signedByUntrustedKey()));
    }

    @Test
    void unsignedAlgNoneTokenIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.unsigned()));
    }

    @Test
    void otherSignatureAlgorithmsAreRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.rs512()));
        expectUnauthorized(given().auth().oauth2(TestTokens.hs256WithPublicKeyAsSecret()));
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.withoutExpiry()));
    }

    @Test
    void anonymousWrongMethodIs401NotA405() {
        given().when().delete(protectedPath()).then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void unknownApiPathWithoutTokenIs401() {
        given().when().get("/api/no-such-thing").then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void unknownPathIsProblem404() {
        given().auth().oauth2(TestTokens.admin()).when().get("/api/no-such-thing").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", notNullValue())
                .body("instance", equalTo("/api/no-such-thing"))
                .body("request_id", notNullValue());
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        given().header("X-Request-Id", "abc-123.x_y").when().get("/q/health/live").then()
                .header("X-Request-Id", "abc-123.x_y");
        given().header("X-Request-Id", "bad id with spaces").when().get("/q/health/live").then()
                .header("X-Request-Id", notNullValue())
                .header("X-Request-Id", org.hamcrest.Matchers.not("bad id with spaces"));
    }

    @Test
    void requestIdOfUpTo128CharactersIsKept() {
        String longest = "a".repeat(128);
        given().header("X-Request-Id", longest).when().get("/q/health/live").then()
                .header("X-Request-Id", longest);
        given().header("X-Request-Id", "a".repeat(129)).when().get("/q/health/live").then()
                .header("X-Request-Id", org.hamcrest.Matchers.not("a".repeat(129)));
    }

    @Test
    void problemCarriesTheRequestId() {
        given().header("X-Request-Id", "trace-42").when().get(protectedPath()).then()
                .statusCode(401)
                .body("request_id", equalTo("trace-42"));
    }

    @Test
    void jsonResponsesAreCompressed() {
        given().auth().oauth2(TestTokens.admin()).header("Accept-Encoding", "gzip")
                .when().get(protectedPath()).then()
                .statusCode(200)
                .header("Content-Encoding", "gzip");
    }

    private void expectUnauthorized(RequestSpecification request) {
        request.when().get(protectedPath()).then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", notNullValue());
    }

    static {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }
}
