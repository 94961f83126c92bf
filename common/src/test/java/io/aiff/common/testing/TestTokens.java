package io.aiff.common.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/** Mints tokens the way auth-service does, and the broken ones a verifier must refuse. */
public final class TestTokens {

    public static final String ISSUER = "aiff-auth";
    public static final String AUDIENCE = "aiff";

    private TestTokens() {
    }

    public static String user(long id, String username, String role) {
        return sign(claims(id, username, role), TestKeys.signingKey());
    }

    public static String admin() {
        return user(1, "admin", "admin");
    }

    public static String expired() {
        Instant past = Instant.now().minusSeconds(7200);
        return sign(claims(1, "admin", "admin").issuedAt(past).expiresAt(past.plusSeconds(600)), TestKeys.signingKey());
    }

    public static String wrongIssuer() {
        return sign(claims(1, "admin", "admin").issuer("someone-else"), TestKeys.signingKey());
    }

    public static String wrongAudience() {
        return sign(claims(1, "admin", "admin").audience("other-system"), TestKeys.signingKey());
    }

    public static String signedByUntrustedKey() {
        return sign(claims(1, "admin", "admin"), TestKeys.otherKey());
    }

    /** A token that claims "alg": "none" and carries no signature. */
    public static String unsigned() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"1\","
                + "\"upn\":\"admin\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static JwtClaimsBuilder claims(long id, String username, String role) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(String.valueOf(id))
                .upn(username)
                .groups(Set.of(role))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(900));
    }

    private static String sign(JwtClaimsBuilder claims, java.security.PrivateKey key) {
        return claims.jws().keyId(TestKeys.KID).algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }
}
