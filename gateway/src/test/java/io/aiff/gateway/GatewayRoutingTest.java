package io.aiff.gateway;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.RawHttp;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false")})
@WithTestResource(UpstreamStubResource.class)
class GatewayRoutingTest {

    @Test
    void requestIsProxiedWithTokenAndOneRequestId() {
        Response response = given().auth().oauth2(TestTokens.admin()).header("X-Request-Id", "mobile-7")
                .when().get("/api/teams/3?x=1");
        response.then().statusCode(200)
                .body("uri", equalTo("/api/teams/3?x=1"))
                .body("authorization", startsWith("Bearer "))
                .body("request_id", equalTo("mobile-7"))
                .body("forwarded_for", notNullValue());
        assertEquals(1, response.headers().getValues("X-Request-Id").size());
        assertEquals(List.of("nosniff"), response.headers().getValues("X-Content-Type-Options"));
        assertEquals("mobile-7", response.header("X-Request-Id"));
    }

    @Test
    void generatedRequestIdReachesTheService() {
        Response response = given().auth().oauth2(TestTokens.admin()).when().get("/api/zones");
        response.then().statusCode(200);
        assertEquals(response.header("X-Request-Id"), response.jsonPath().getString("request_id"));
    }

    @Test
    void requestBodyIsStreamedToTheService() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"title\":\"Broken pipe\"}")
                .when().post("/api/tickets")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("body", equalTo("{\"title\":\"Broken pipe\"}"));
    }

    @Test
    void publicPathsPassWithoutToken() {
        given().contentType(ContentType.JSON).body("{\"username\":\"a\",\"password\":\"b\"}")
                .when().post("/api/auth/login")
                .then().statusCode(200).body("uri", equalTo("/api/auth/login"));
        given().when().get("/api/auth/jwks").then().statusCode(200);
    }

    @Test
    void routePrefixesEndAtAPathSegment() {
        given().auth().oauth2(TestTokens.admin()).when().get("/api/authx")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).when().get("/api/auth")
                .then().statusCode(200).body("uri", equalTo("/api/auth"));
    }

    @Test
    void staleTokenOnAPublicPathIsIgnoredNotRefused() {
        given().auth().oauth2(TestTokens.expired()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/auth/refresh")
                .then().statusCode(200).body("authorization", Matchers.nullValue());
    }

    @Test
    void thePublishedDocumentIsTheBuiltOneOnThePublicUrl() {
        given().when().get("/api/openapi").then().statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("servers[0].url", equalTo("https://api.example.com"))
                .body("paths", Matchers.hasKey("/api/events"))
                .body("paths", Matchers.hasKey("/api/tickets"))
                .body("paths", Matchers.not(Matchers.hasKey("/internal/teams/scope/{userId}")))
                .body("paths.'/api/tickets'.get.operationId", equalTo("listTickets"));
    }

    /** A service names its own port in Location; callers get the gateway's public base (or their trusted proxy's). */
    @Test
    void locationIsRewrittenToThePublicBase() {
        given().auth().oauth2(TestTokens.admin()).when().post("/api/zones/created").then().statusCode(201)
                .header("Location", equalTo("https://api.example.com/api/zones/17?x=1"));
        // The test client is on loopback, which the gateway trusts as a proxy in front of it.
        given().auth().oauth2(TestTokens.admin()).header("X-Forwarded-Host", "edge.example.net").header("X-Forwarded-Proto", "https")
                .when().post("/api/zones/created").then().statusCode(201)
                .header("Location", equalTo("https://edge.example.net/api/zones/17?x=1"));
        // A chain of proxies: the last value is the one the proxy next to the gateway wrote; without a protocol the
        // public URL's scheme stays.
        given().auth().oauth2(TestTokens.admin()).header("X-Forwarded-Host", "evil.example.com, edge.example.net")
                .when().post("/api/zones/created").then().statusCode(201)
                .header("Location", equalTo("https://edge.example.net/api/zones/17?x=1"));
        given().auth().oauth2(TestTokens.admin()).header("X-Forwarded-Host", "evil.example.com, edge.example.net")
                .header("X-Forwarded-Proto", "http, https")
                .when().get("/api/teams/3").then().statusCode(200)
                .body("forwarded_host", equalTo("edge.example.net")).body("forwarded_proto", equalTo("https"));
        // A link to another host is left alone.
        given().auth().oauth2(TestTokens.admin()).when().post("/api/zones/created-elsewhere").then().statusCode(201)
                .header("Location", equalTo("https://maps.example.org/tiles/7"));
    }

    /** Service-to-service paths are not routed: from outside they do not exist, whatever the token. */
    @Test
    void internalPathsAreNotRouted() {
        for (String path : List.of("/internal/teams/scope/1", "/internal/teams/members", "/internal/retention/preview",
                "/api/admin/unknown")) {
            given().auth().oauth2(TestTokens.admin()).when().get(path).then().statusCode(404)
                    .contentType("application/problem+json").body("uri", Matchers.nullValue());
        }
    }

    /**
     * The retention preview (docs/api.md "Data lifecycle"): administrators only; each service asked with the gateway's
     * own client token (never the caller's), the answers merged, a service that did not answer named.
     */
    @Test
    void theRetentionPreviewAsksEveryServiceAsTheGatewayAndNamesTheSilentOnes() {
        JsonPath merged = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/admin/retention/preview").then().statusCode(200).extract().jsonPath();
        assertEquals(3, merged.getList("services").size(), "auth, tickets and teams answer (one stub)");
        assertEquals(List.of("Bearer gateway-client-token"), merged.getList("services.authorization").stream().distinct().toList());
        assertEquals(List.of("analytics-service"), merged.getList("unavailable.service"));
        for (String role : List.of("manager", "supervisor", "technician", "viewer")) {
            given().auth().oauth2(TestTokens.user(50, role, role)).when().get("/api/admin/retention/preview").then().statusCode(403);
        }
        given().when().get("/api/admin/retention/preview").then().statusCode(401);
    }

    /** Finding 15: CORS refusals had empty bodies; an allowed origin still gets its headers and preflight. */
    @Test
    void corsRefusalsAreProblemsAndAllowedOriginsPass() {
        given().header("Origin", "https://evil.example.com").auth().oauth2(TestTokens.admin()).when().get("/api/teams/3")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "POST")
                .when().options("/api/tickets").then().statusCode(403).contentType("application/problem+json");
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization,Content-Type")
                .when().options("/api/tickets").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "https://app.example.com")
                .header("Access-Control-Allow-Headers", Matchers.containsString("Idempotency-Key"));
        given().header("Origin", "https://app.example.com").auth().oauth2(TestTokens.admin()).when().get("/api/teams/3")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "https://app.example.com")
                .header("Access-Control-Expose-Headers", Matchers.containsString("ETag"));
        // No Origin (a mobile app, a service): nothing to check.
        given().auth().oauth2(TestTokens.admin()).when().get("/api/teams/3").then().statusCode(200);
    }

    /**
     * Request smuggling attempts (Content-Length beside Transfer-Encoding, RFC 9112 §6.1) are refused by the HTTP codec
     * before any application code runs, and never reach a service. (Their 400 has no problem body: Quarkus 3.33 offers
     * no hook for Vert.x's invalid-request handler; see docs/api.md, "Errors".)
     */
    @Test
    void contentLengthWithTransferEncodingIsRefusedBeforeAnyService() throws Exception {
        String answer = RawHttp.exchange(RestAssured.port,
                "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        Assertions.assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        Assertions.assertFalse(answer.contains("\"method\""), "the upstream never saw it: " + answer);
    }

    @Test
    void nonPublicAuthPathNeedsToken() {
        given().when().get("/api/auth/me")
                .then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/users")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void serviceProblemPassesThroughUnchanged() {
        given().auth().oauth2(TestTokens.admin()).header("X-Request-Id", "val-1")
                .contentType(ContentType.JSON).body("{\"title\":\"\"}")
                .when().post("/api/tickets/invalid")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .header("X-Request-Id", "val-1")
                .body("errors[0].field", equalTo("title"));
    }

    @Test
    void pathWithDotSegmentsIsRefused() {
        given().auth().oauth2(TestTokens.admin()).urlEncodingEnabled(false)
                .when().get("/api/tickets/../teams/1")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unreachableServiceGives503ProblemPromptly() {
        long start = System.nanoTime();
        given().auth().oauth2(TestTokens.admin()).header("X-Request-Id", "down-1")
                .when().get("/api/analytics/metrics")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(503))
                .body("request_id", equalTo("down-1"));
        assertEquals(true, (System.nanoTime() - start) / 1_000_000 < 3000, "503 must come promptly");
    }

    @Test
    void silentServiceGives504WithinTheTimeout() {
        long start = System.nanoTime();
        given().auth().oauth2(TestTokens.admin())
                .when().get("/api/tickets/silent")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .time(lessThan(5000L));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(true, millis >= 900, "gave up before the 1 s timeout: " + millis);
    }
}
