package io.aiff.auth.client;

import io.aiff.auth.service.TokenIssuer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.util.List;

/**
 * Asks team-service which teams and zones a user has, with auth-service's own service token. When team-service is
 * slow, down or does not know the endpoint, the answer is an empty, degraded scope: scoped roles then see nothing
 * (fail closed) until their next refresh.
 */
@ApplicationScoped
public class TeamScopes {

    public record Scope(List<Integer> teamIds, List<String> zones, boolean degraded) {
        static final Scope DEGRADED = new Scope(List.of(), List.of(), true);
    }

    private static final String CLIENT_ID = "auth-service";

    private final TeamScopeClient client;
    private final TokenIssuer tokens;
    private volatile String serviceToken;
    private volatile long serviceTokenExpires;

    public TeamScopes(@RestClient TeamScopeClient client, TokenIssuer tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000)
    @Fallback(fallbackMethod = "degraded")
    public Uni<Scope> of(int userId) {
        return client.scope(userId, "Bearer " + serviceToken())
                .map(s -> new Scope(s.teamIds() == null ? List.of() : s.teamIds(),
                        s.zones() == null ? List.of() : s.zones(), false));
    }

    Uni<Scope> degraded(int userId, Throwable failure) {
        Log.debugf("Scope of user %d unavailable from team-service: %s", userId, failure.toString());
        return Uni.createFrom().item(Scope.DEGRADED);
    }

    /** auth-service is the issuer, so it signs its own service token instead of asking itself for one. */
    private String serviceToken() {
        long now = Instant.now().getEpochSecond();
        if (serviceToken == null || now > serviceTokenExpires - 60) {
            serviceToken = tokens.forClient(CLIENT_ID, List.of("users:read"), now);
            serviceTokenExpires = now + tokens.serviceLifetimeSeconds();
        }
        return serviceToken;
    }
}
