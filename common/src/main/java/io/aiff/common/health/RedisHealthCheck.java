package io.aiff.common.health;

import io.aiff.common.security.SessionRevocation;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Reports whether Redis answers, without failing readiness: every service keeps serving without Redis, in the
 * degraded mode its issue defines, so taking pods out of rotation would only make things worse.
 */
@Readiness
@ApplicationScoped
public class RedisHealthCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final SessionRevocation revocation;

    public RedisHealthCheck(ReactiveRedisDataSource redis, SessionRevocation revocation) {
        this.redis = redis;
        this.revocation = revocation;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem().after(TIMEOUT).fail()
                .map(reply -> true)
                .onFailure().recoverWithItem(false)
                .map(reachable -> HealthCheckResponse.named("redis").up()
                        .withData("reachable", reachable)
                        .withData("mode", reachable && !revocation.degraded() ? "normal" : "degraded")
                        .withData("revocation_checks_skipped", (long) revocation.skippedTotal())
                        .build());
    }
}
