package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.security.Claims;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Signs RS256 access tokens with the claims of docs/api.md. RS256 signatures are deterministic, so the same claims
 * give the same token: that is what lets a retried refresh get the same answer.
 */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final AuthConfig.Token config;

    public TokenIssuer(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config.token();
    }

    public long lifetimeSeconds() {
        return config.accessLifetime().toSeconds();
    }

    /** A user's token for a session, issued at {@code iat} (epoch seconds). */
    public String forSession(Sessions.Session session, long iat, String jti) {
        return sign(base(String.valueOf(session.userId()), session.username(), session.role(), iat, jti, lifetimeSeconds())
                .claim(Claims.PERMISSIONS, sorted(session.permissions()))
                .claim(Claims.TEAM_IDS, session.teamIds().stream().sorted().toList())
                .claim(Claims.ZONE_IDS, session.zoneIds().stream().sorted().toList())
                .claim(Claims.ZONES, sorted(session.zones()))
                .claim(Claims.SID, session.sid()));
    }

    /** A client-credentials token: groups = service, the client's permissions, no session. */
    public String forClient(String clientId, List<String> permissions, long iat) {
        return sign(base(clientId, clientId, Claims.SERVICE_GROUP, iat, UUID.randomUUID().toString(),
                serviceLifetimeSeconds())
                .claim(Claims.PERMISSIONS, sorted(permissions)));
    }

    public long serviceLifetimeSeconds() {
        return config.serviceLifetime().toSeconds();
    }

    private JwtClaimsBuilder base(String subject, String upn, String group, long iat, String jti, long lifetime) {
        return Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(subject)
                .upn(upn)
                .groups(Set.of(group))
                .claim("jti", jti)
                .issuedAt(iat)
                .expiresAt(iat + lifetime);
    }

    private String sign(JwtClaimsBuilder claims) {
        return claims.jws().algorithm(SignatureAlgorithm.RS256).keyId(keys.kid()).sign(keys.privateKey());
    }

    private static List<String> sorted(List<String> values) {
        return values.stream().sorted().toList();
    }
}
