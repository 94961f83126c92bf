package io.aiff.common.testing;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints tokens the way auth-service does, and the broken ones a verifier must refuse. */
public final class TestTokens {

    public static final String ISSUER = "aiff-auth";
    public static final String AUDIENCE = "aiff";

    private TestTokens() {
    }

    /** The permissions each role has after the auth-service migrations (role_permissions). */
    public static final Map<String, List<String>> ROLE_PERMISSIONS = Map.of(
            "admin", List.of("scope:all", "tickets:read", "tickets:create", "tickets:update", "tickets:transition", "tickets:assign",
                    "tickets:close", "tickets:cancel", "tickets:rate", "tickets:read_contact", "sla:manage", "teams:read",
                    "zones:read", "teams:manage", "zones:manage", "teams:update_status", "analytics:read", "users:read",
                    "users:manage", "roles:manage", "clients:manage", "audit:read", "system:admin", "assignments:read",
                    "assignments:update", "assignments:decline", "assignments:override", "dispatch:manage", "analytics:write",
                    "tickets:hold"),
            "manager", List.of("scope:all", "tickets:read", "tickets:create", "tickets:update", "tickets:transition", "tickets:assign",
                    "tickets:close", "tickets:cancel", "tickets:rate", "tickets:read_contact", "sla:manage", "teams:read",
                    "zones:read", "teams:manage", "zones:manage", "teams:update_status", "analytics:read", "users:read",
                    "assignments:read", "assignments:update", "assignments:decline", "assignments:override", "dispatch:manage",
                    "tickets:hold"),
            "supervisor", List.of("tickets:read", "tickets:create", "tickets:update", "tickets:transition",
                    "tickets:assign", "tickets:close", "tickets:rate", "tickets:read_contact", "teams:read", "zones:read",
                    "teams:update_status", "analytics:read", "assignments:read", "assignments:update", "assignments:decline"),
            "technician", List.of("tickets:read", "tickets:create", "tickets:update", "tickets:transition",
                    "tickets:rate", "tickets:read_contact", "teams:read", "zones:read", "teams:update_status",
                    "assignments:read", "assignments:update", "assignments:decline"),
            "viewer", List.of("scope:all", "tickets:read", "teams:read", "zones:read", "analytics:read", "assignments:read"));

    public static String user(long id, String username, String role) {
        return sign(claims(id, username, role), TestKeys.signingKey());
    }

    /** A user token with exactly these permissions (a role whose mapping was changed). */
    public static String withPermissions(long id, String username, String role, List<String> permissions) {
        return sign(claims(id, username, role).claim("permissions", permissions), TestKeys.signingKey());
    }

    /** A user token tied to a session, as auth-service issues it at login. */
    public static String withSession(long id, String username, String role, String sid) {
        return sign(claims(id, username, role).claim("sid", sid), TestKeys.signingKey());
    }

    /** An admin token that expires in a few seconds. */
    public static String expiringIn(long seconds) {
        Instant now = Instant.now();
        return sign(claims(1, "admin", "admin").expiresAt(now.plusSeconds(seconds)), TestKeys.signingKey());
    }

    /** A user token with team and zone scope: zones by id (the identity) and by name (for display). */
    public static String scoped(long id, String username, String role, List<Integer> teamIds, List<Integer> zoneIds,
                                List<String> zones) {
        return sign(claims(id, username, role).claim("team_ids", teamIds).claim("zone_ids", zoneIds).claim("zones", zones),
                TestKeys.signingKey());
    }

    /** A token as issued before zones were identified by id: zone names only. */
    public static String legacyScoped(long id, String username, String role, List<Integer> teamIds, List<String> zones) {
        return sign(claims(id, username, role).claim("team_ids", teamIds).claim("zones", zones), TestKeys.signingKey());
    }

    /** A scoped user token with exactly these permissions. */
    public static String scopedWith(long id, String username, String role, List<Integer> teamIds, List<Integer> zoneIds,
                                    List<String> permissions) {
        return sign(claims(id, username, role).claim("team_ids", teamIds).claim("zone_ids", zoneIds)
                .claim("permissions", permissions), TestKeys.signingKey());
    }

    /** A token with any claims added or replaced (headers and times stay valid). */
    public static String with(long id, String username, String role, Map<String, Object> claims) {
        JwtClaimsBuilder builder = claims(id, username, role);
        claims.forEach(builder::claim);
        return sign(builder, TestKeys.signingKey());
    }

    /** A client-credentials token of another service: groups = service, no session. */
    public static String service(String clientId, String... permissions) {
        Instant now = Instant.now();
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject(clientId).upn(clientId)
                .groups(Set.of("service")).claim("permissions", List.of(permissions))
                .claim("jti", UUID.randomUUID().toString()).issuedAt(now).expiresAt(now.plusSeconds(300)),
                TestKeys.signingKey());
    }

    /** An admin token whose header carries one more parameter (e.g. {@code crit}). */
    public static String withHeader(String name, Object value) {
        return claims(1, "admin", "admin").jws().keyId(TestKeys.KID).header(name, value)
                .algorithm(SignatureAlgorithm.RS256).sign(TestKeys.signingKey());
    }

    /** An admin token whose {@code iat} lies this far in the future (and exp 15 minutes after it). */
    public static String issuedIn(long seconds) {
        Instant iat = Instant.now().plusSeconds(seconds);
        return sign(claims(1, "admin", "admin").issuedAt(iat).expiresAt(iat.plusSeconds(900)), TestKeys.signingKey());
    }

    /** An admin token that expired this many seconds ago. */
    public static String expiredSecondsAgo(long seconds) {
        Instant exp = Instant.now().minusSeconds(seconds);
        return sign(claims(1, "admin", "admin").issuedAt(exp.minusSeconds(600)).expiresAt(exp), TestKeys.signingKey());
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

    /** Signed by the trusted key, but with RS512: only RS256 is accepted. */
    public static String rs512() {
        return claims(1, "admin", "admin").jws().keyId(TestKeys.KID)
                .algorithm(SignatureAlgorithm.RS512).sign(TestKeys.signingKey());
    }

    /** The classic confusion attack: HS256 with the public key's PEM text as the HMAC secret. */
    public static String hs256WithPublicKeyAsSecret() {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + TestKeys.KID + "\"}";
        String signingInput = b64(header) + "." + b64(payload(now, now + 600));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    Files.readAllBytes(TestKeys.publicKeyFile()), "HmacSHA256"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 with the trusted key, but no "exp": a token must expire. */
    public static String withoutExpiry() {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + TestKeys.KID + "\"}";
        String payload = payload(now, -1);
        String signingInput = b64(header) + "." + b64(payload);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(TestKeys.signingKey());
            rsa.update(signingInput.getBytes(StandardCharsets.UTF_8));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String payload(long iat, long exp) {
        return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"1\",\"upn\":\"admin\","
                + "\"groups\":[\"admin\"],\"iat\":" + iat + (exp > 0 ? ",\"exp\":" + exp : "") + "}";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
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
                .claim("permissions", ROLE_PERMISSIONS.getOrDefault(role, List.of()))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(900));
    }

    private static String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().keyId(TestKeys.KID).algorithm(SignatureAlgorithm.RS256).sign(key);
    }
}
