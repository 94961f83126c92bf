package io.aiff.gateway;

import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** A peer the gateway does not trust as a proxy: its X-Forwarded-* headers count for nothing. */
@QuarkusTest
@TestProfile(UntrustedForwardingTest.NoTrustedProxy.class)
@WithTestResource(value = LocalServersResource.class, initArgs = {
        @ResourceArg(name = "service", value = "gateway"), @ResourceArg(name = "database", value = "false")})
@WithTestResource(UpstreamStubResource.class)
class UntrustedForwardingTest {

    public static class NoTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("aiff.gateway.trusted-proxies", "192.0.2.1/32"); // TEST-NET-1: not the loopback the test uses
        }
    }

    @Test
    void forwardingHeadersOfAnUntrustedPeerAreIgnored() {
        given().auth().oauth2(TestTokens.admin()).header("X-Forwarded-Host", "evil.example.com").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.9")
                .when().post("/api/zones/created").then().statusCode(201)
                .header("Location", equalTo("https://api.example.com/api/zones/17?x=1"));
        given().auth().oauth2(TestTokens.admin()).header("X-Forwarded-Host", "evil.example.com").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.9")
                .when().get("/api/teams/3").then().statusCode(200)
                .body("forwarded_host", startsWith("localhost:")).body("forwarded_proto", equalTo("http"))
                .body("forwarded_for", equalTo("127.0.0.1"));
    }
}
