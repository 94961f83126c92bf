package io.aiff.gateway.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens the gateway has verified, so that the many requests a mobile app makes with one access token pay
 * for its signature check (RSA, JSON parsing) once. Only an exact copy of a verified token hits, never past its
 * {@code exp} and at most {@link #MAX_AGE} after it was verified (a key withdrawn from the JWKS stops being
 * honoured by then). Session revocation and permissions are not cached here: the identity augmentors run on every
 * request as before. Each gateway replica keeps its own copy; nothing depends on it for correctness.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 10_000;

    private record Verified(JsonWebToken jwt, long validUntilMillis) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;

    public VerifiedTokens(MeterRegistry registry) {
        this.hits = registry.counter("aiff_gateway_verified_tokens_total", "result", "hit");
        this.misses = registry.counter("aiff_gateway_verified_tokens_total", "result", "miss");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * As an identity provider: before the JWT validator (the default, {@code SYSTEM_FIRST + 1}), answering a remembered
     * token or nothing (null), so that the validator checks it. As an augmentor: first (the default is 0), seeing the
     * identity before permissions are added.
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Verified hit = verified.get(token);
        if (hit == null || hit.validUntilMillis() <= System.currentTimeMillis()) {
            if (hit != null) {
                verified.remove(token, hit);
            }
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        // The same identity the validator builds, bound to this request.
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(hit.jwt())
                .addCredential(request.getToken())
                .addRoles(hit.jwt().getGroups())
                .addAttribute("quarkus.user", hit.jwt());
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            identity.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return Uni.createFrom().item(identity.build());
    }

    /** Runs first among the augmentors, on the identity the validator (or this cache) produced. */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getRawToken() != null) {
            remember(jwt.getRawToken(), jwt);
        }
        return Uni.createFrom().item(identity);
    }

    private void remember(String token, JsonWebToken jwt) {
        long now = System.currentTimeMillis();
        long validUntil = Math.min(jwt.getExpirationTime() * 1000, now + MAX_AGE.toMillis());
        if (validUntil <= now || verified.containsKey(token)) {
            return;
        }
        if (verified.size() >= MAX_ENTRIES) {
            verified.values().removeIf(entry -> entry.validUntilMillis() <= now);
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(jwt, validUntil));
    }
}
