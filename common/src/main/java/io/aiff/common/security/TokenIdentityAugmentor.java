package io.aiff.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.StringPermission;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Permission;

/**
 * Turns a verified AIFF token into what the services authorise with: its {@code permissions} claim becomes
 * permissions ({@code @PermissionsAllowed("tickets:read")}), and a user token whose session was revoked is refused.
 */
@ApplicationScoped
public class TokenIdentityAugmentor implements SecurityIdentityAugmentor {

    private final SessionRevocation revocation;

    public TokenIdentityAugmentor(SessionRevocation revocation) {
        this.revocation = revocation;
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
        // Checked when an endpoint asks, not built up front: most requests check one permission or none.
        SecurityIdentity augmented = QuarkusSecurityIdentity.builder(identity)
                .addPermissionChecker(required -> Uni.createFrom().item(grants(jwt, required)))
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
}
