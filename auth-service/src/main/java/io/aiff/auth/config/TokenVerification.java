package io.aiff.auth.config;

import io.aiff.auth.service.SigningKeys;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;
import io.vertx.core.json.Json;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

/**
 * auth-service verifies tokens against the same key set it publishes (every kid in its JWKS), without fetching its
 * own JWKS over HTTP: a token signed by the previous key stays valid here too until it expires.
 */
@ApplicationScoped
public class TokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo verification(JWTAuthContextInfoProvider configured, SigningKeys keys) {
        JWTAuthContextInfo info = configured.getContextInfo();
        info.setPublicKeyContent(Json.encode(keys.jwks()));
        info.setPublicKeyLocation(null);
        return info;
    }
}
