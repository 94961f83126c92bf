package io.aiff.auth.client;

import io.aiff.auth.service.TokenIssuer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks team-service which teams and zones a user has, with auth-service's own service token. When team-service is
 * slow, down or does not know the endpoint, the answer is an empty, degraded scope: scoped roles then see nothing
 * (fail closed) until their next refresh.
 */
@ApplicationScoped
public class TeamScopes {

    public record Scope(List<Integer> teamIds, List<Integer> zoneIds, List<String> zones, boolean degraded) {
        static final Scope DEGRADED = new Scope(List.of(), List.of(), List.of(), true);
    }

    private static final String CLIENT_ID = "auth-service";
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final TeamScopeClient client;
    private final TokenIssuer tokens;
    private volatile String serviceToken;
    private volatile long serviceTokenExpires;

    private final Counter degradedCount;
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public TeamScopes(@RestClient TeamScopeClient client, TokenIssuer tokens, MeterRegistry metrics) {
        this.client = client;
        this.tokens = tokens;
        this.degradedCount = Counter.builder("aiff.scope.degraded")
                .description("Logins and refreshes whose teams and zones team-service did not answer").register(metrics);
    }

    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000)
    @Fallback(fallbackMethod = "degraded")
    public Uni<Scope> of(int userId) {
        return client.scope(userId, "Bearer " + serviceToken())
                .map(s -> new Scope(s.teamIds() == null ? List.of() : s.teamIds(),
                        s.zoneIds() == null ? List.of() : s.zoneIds(), s.zones() == null ? List.of() : s.zones(), false));
    }

    Uni<Scope> degraded(int userId, Throwable failure) {
        degradedCount.increment();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            Log.warnf("team-service did not answer the scope of user %d (%s): tokens are issued without teams and zones",
                    userId, failure.toString());
        }
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
