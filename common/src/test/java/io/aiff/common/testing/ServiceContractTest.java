package io.aiff.common.testing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every AIFF service promises (docs/api.md): health, token checks done by the
 * service itself, problem details, request ids. Each service runs it by extending this class; services with request
 * bodies of their own also implement {@link ValidationContract}.
 */
public abstract class ServiceContractTest {

    /** The management interface (a port of its own): health, metrics, OpenAPI. */
    @TestHTTPResource(value = "/", management = true)
    protected URL management;

    /** A GET endpoint of this service that needs a token and answers 200 to an admin. */
    protected abstract String protectedPath();

    protected RequestSpecification onManagement() {
        return given().baseUri("http://localhost:" + management.getPort());
    }

    @Test
    void livenessAndReadinessAreUpOnTheManagementInterface() {
        onManagement().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        onManagement().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("redis"));
    }

    @Test
    void metricsAndOpenApiAreServedOnTheManagementInterface() {
        onManagement().when().get("/q/metrics").then().statusCode(200);
        onManagement().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    /** Finding 6 of the security review: the public port served metrics, the OpenAPI document and Swagger UI. */
    @Test
    void thePublicPortServesNoManagementEndpoint() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/health/ready", "/q/dev-ui"}) {
            int status = given().when().get(path).then().extract().statusCode();
            Assertions.assertTrue(status == 404 || status == 401, path + ": " + status);
        }
    }

    /** Metrics are labelled by route template: requests to a thousand paths add no thousand series. */
    @Test
    void httpMetricsAreLabelledByRouteNotByRawPath() {
        String marker = "zz" + Long.toHexString(System.nanoTime());
        given().when().get("/api/" + marker + "/1").then().statusCode(401);
        given().when().get(protectedPath() + "/" + marker).then().statusCode(Matchers.greaterThanOrEqualTo(400));
        String metrics = onManagement().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Assertions.assertFalse(metrics.contains(marker), "a raw path became a metric label: "
                + metrics.lines().filter(l -> l.contains(marker)).toList());
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

    /** Token times may be off by at most a few seconds (smallrye's default leeway is 60 s). */
    @Test
    void tokenExpiredTenSecondsAgoIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.expiredSecondsAgo(10)));
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.issuedIn(60)));
    }

    /** RFC 7515 §4.1.11: "crit" may not be empty, and no extension is understood here. */
    @Test
    void tokenWithCriticalHeaderExtensionsIsRefused() {
        expectUnauthorized(given().auth().oauth2(TestTokens.withHeader("crit", List.of())));
        expectUnauthorized(given().auth().oauth2(TestTokens.withHeader("crit", List.of("x-aiff-unknown"))));
    }

    @Test
    void nulInAQueryParameterIsA400NamingIt() {
        given().auth().oauth2(TestTokens.admin()).urlEncodingEnabled(false).when().get(protectedPath() + "?q=%00x")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("q"));
    }

    @Test
    void overlongRequestLineIsA414Problem() {
        given().auth().oauth2(TestTokens.admin()).queryParam("q", "a".repeat(9000)).when().get(protectedPath())
                .then().statusCode(414).contentType("application/problem+json").body("status", equalTo(414));
    }

    /** Finding 11: a request without Host was a 500 on every port. */
    @Test
    void requestWithoutHostHeaderIsA400ProblemOnEveryPort() throws Exception {
        for (int port : new int[] {RestAssured.port, management.getPort()}) {
            String answer = RawHttp.exchange(port, "GET " + protectedPath() + " HTTP/1.1\r\n\r\n");
            Assertions.assertTrue(answer.startsWith("HTTP/1.1 400"), port + ": " + answer);
            Assertions.assertTrue(answer.contains("application/problem+json"), port + ": " + answer);
        }
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
        given().header("X-Request-Id", "abc-123.x_y").when().get(protectedPath()).then()
                .header("X-Request-Id", "abc-123.x_y");
        given().header("X-Request-Id", "bad id with spaces").when().get(protectedPath()).then()
                .header("X-Request-Id", notNullValue())
                .header("X-Request-Id", Matchers.not("bad id with spaces"));
    }

    @Test
    void requestIdOfUpTo128CharactersIsKept() {
        String longest = "a".repeat(128);
        given().header("X-Request-Id", longest).when().get(protectedPath()).then()
                .header("X-Request-Id", longest);
        given().header("X-Request-Id", "a".repeat(129)).when().get(protectedPath()).then()
                .header("X-Request-Id", Matchers.not("a".repeat(129)));
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
