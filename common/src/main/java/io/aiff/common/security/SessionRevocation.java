package io.aiff.common.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Is the session behind a user token still alive? A session is revoked by deleting its Redis key (logout,
 * deactivation, refresh-token reuse); every gateway and service replica notices within {@link #ALIVE_FOR} plus one
 * Redis round trip, because answers are cached only that long. Without Redis the check is skipped — the token's
 * signature and expiry still hold, so the exposure is bounded by the access-token lifetime — and that is logged,
 * counted ({@code aiff_revocation_checks_skipped_total}) and shown in readiness.
 */
@ApplicationScoped
public class SessionRevocation {

    static final Duration ALIVE_FOR = Duration.ofSeconds(2);
    private static final Duration REVOKED_FOR = Duration.ofMinutes(1);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_ENTRIES = 100_000;
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;
    private final Counter skipped;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong lastLoggedNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile long lastSkippedNanos;

    private record Entry(boolean revoked, long expiresNanos) {
    }

    public SessionRevocation(ReactiveRedisDataSource redis, RedisKeys keys, MeterRegistry metrics) {
        this.redis = redis;
        this.keys = keys;
        this.skipped = Counter.builder("aiff.revocation.checks.skipped")
                .description("Token checks that could not ask Redis whether the session was revoked")
                .register(metrics);
    }

    public Uni<Boolean> isRevoked(String sid) {
        long now = System.nanoTime();
        Entry cached = cache.get(sid);
        if (cached != null && cached.expiresNanos - now > 0) {
            return Uni.createFrom().item(cached.revoked);
        }
        return redis.key().exists(keys.session(sid))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .map(exists -> remember(sid, !exists))
                .onFailure().recoverWithItem(this::skip);
    }

    /** Forgets what is cached for a session, so a revocation by this instance is seen by it at once. */
    public void forget(String sid) {
        cache.remove(sid);
    }

    /** True when a check had to be skipped in the last minute. */
    public boolean degraded() {
        return lastSkippedNanos != 0 && System.nanoTime() - lastSkippedNanos < Duration.ofMinutes(1).toNanos();
    }

    public double skippedTotal() {
        return skipped.count();
    }

    private boolean remember(String sid, boolean revoked) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        long ttl = (revoked ? REVOKED_FOR : ALIVE_FOR).toNanos();
        cache.put(sid, new Entry(revoked, System.nanoTime() + ttl));
        return revoked;
    }

    private boolean skip(Throwable failure) {
        skipped.increment();
        long now = System.nanoTime();
        lastSkippedNanos = now;
        long last = lastLoggedNanos.get();
        if (now - last >= LOG_EVERY_NANOS && lastLoggedNanos.compareAndSet(last, now)) {
            Log.warnf("Redis unreachable (%s): session revocation is not checked; tokens stay valid until they expire",
                    failure.toString());
        }
        return false;
    }
}
