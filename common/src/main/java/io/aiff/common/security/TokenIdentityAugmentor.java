package io.aiff.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.HashSet;
import java.util.Set;

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

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> permissions = new HashSet<>();
        for (String permission : TokenClaims.permissions(jwt)) {
            if (permission.indexOf(':') > 0) {
                permissions.add(permission);
            }
        }
        SecurityIdentity augmented = QuarkusSecurityIdentity.builder(identity)
                .addPermissionsAsString(permissions)
                .build();
        String sid = jwt.getClaim(Claims.SID);
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
