package io.aiff.common.security;

import io.aiff.common.config.CommonConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.Permission;
import java.time.Clock;
import java.util.Base64;

/**
 * Turns a verified AIFF token into what the services authorise with: its {@code permissions} claim becomes
 * permissions ({@code @PermissionsAllowed("tickets:read")}), the request's {@link Caller} is built once and kept on
 * the identity, and a token is refused when its session was revoked, when its header names critical extensions (RFC
 * 7515 §4.1.11: none is understood here, and an empty list is malformed) or when it was issued in the future.
 */
@ApplicationScoped
public class TokenIdentityAugmentor implements SecurityIdentityAugmentor {

    private final SessionRevocation revocation;
    private final long leewaySeconds;
    private final Clock clock;

    public TokenIdentityAugmentor(SessionRevocation revocation, CommonConfig config, Clock clock) {
        this.revocation = revocation;
        this.leewaySeconds = config.jwtLeewaySeconds();
        this.clock = clock;
    }

    /** Whether one of the token's {@code resource:action} permissions implies the required one. */
    static boolean grants(JsonWebToken jwt, Permission required) {
        for (String permission : TokenClaims.permissions(jwt)) {
            int colon = permission.indexOf(':');
            if (colon > 0 && colon < permission.length() - 1
                    && new StringPermission(permission.substring(0, colon), permission.substring(colon + 1)).implies(required)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String refused = refusal(jwt, clock.instant().getEpochSecond(), leewaySeconds);
        if (refused != null) {
            return Uni.createFrom().failure(new AuthenticationFailedException(refused));
        }
        // Checked when an endpoint asks, not built up front: most requests check one permission or none.
        SecurityIdentity augmented = QuarkusSecurityIdentity.builder(identity)
                .addPermissionChecker(required -> Uni.createFrom().item(grants(jwt, required)))
                .addAttribute(Caller.ATTRIBUTE, Caller.of(jwt))
                .build();
        String sid = TokenClaims.string(jwt, Claims.SID);
        if (sid == null) {
            return Uni.createFrom().item(augmented);
        }
        return revocation.isRevoked(sid).map(revoked -> {
            if (revoked) {
                throw new AuthenticationFailedException("The session of this token was revoked");
            }
            return augmented;
        });
    }

    /** Why a token whose signature and expiry the verifier accepted is refused all the same; null when it is not. */
    static String refusal(JsonWebToken jwt, long nowSeconds, long leewaySeconds) {
        if (jwt.getIssuedAtTime() > nowSeconds + leewaySeconds) {
            return "The token was issued in the future";
        }
        String raw = jwt.getRawToken();
        int dot = raw == null ? -1 : raw.indexOf('.');
        if (dot > 0) {
            try {
                JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(raw.substring(0, dot)),
                        StandardCharsets.UTF_8));
                if (header.containsKey("crit")) {
                    return "The token names critical header extensions";
                }
            } catch (RuntimeException malformed) {
                return "The token header is malformed";
            }
        }
        return null;
    }
}
