package io.aiff.auth.service;

import io.aiff.auth.User;
import io.aiff.auth.config.AuthConfig;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Signs RS256 access tokens with the claims of shared/API.md. */
@ApplicationScoped
public class TokenIssuer {

    private final SigningKeys keys;
    private final AuthConfig.Token config;

    public TokenIssuer(SigningKeys keys, AuthConfig config) {
        this.keys = keys;
        this.config = config.token();
    }

    public IssuedToken issue(User user) {
        Instant now = Instant.now();
        long lifetime = config.accessLifetime().toSeconds();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(String.valueOf(user.id))
                .upn(user.username)
                .groups(Set.of(user.role))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plusSeconds(lifetime))
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(keys.kid())
                .sign(keys.privateKey());
        return new IssuedToken(token, lifetime);
    }

    public record IssuedToken(String accessToken, long expiresIn) {
    }
}
