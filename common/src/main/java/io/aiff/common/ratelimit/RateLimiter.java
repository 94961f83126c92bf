package io.aiff.common.ratelimit;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GCRA (the generic cell rate algorithm, a token bucket without a refill timer) in one Redis script per request:
 * atomic, so no number of gateway replicas and connections can admit more than the limit, and it uses Redis's own
 * clock, so replicas need not agree on the time. When Redis does not answer within {@link #REDIS_TIMEOUT}, the same
 * algorithm runs in this instance's memory (each replica then admits up to the limit on its own) until Redis is back.
 */
@ApplicationScoped
public class RateLimiter {

    /** KEYS[1] the bucket; ARGV[1] emission interval (µs), ARGV[2] burst window (µs). Answers allowed, remaining, reset (µs), retry (µs). */
    static final String GCRA = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tat < now then tat = now end
            local new_tat = tat + interval
            if new_tat - now > window then
              return {0, 0, tat - now, new_tat - now - window}
            end
            redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
            return {1, math.floor((window - (new_tat - now)) / interval), new_tat - now, 0}
            """;

    /** Long enough that a busy Redis is not mistaken for a missing one (which would admit from memory). */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(30).toNanos();

    /** The outcome, enough for the RateLimit-* headers and Retry-After. */
    public record Decision(boolean allowed, int limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final ReactiveRedisDataSource redis;
    private final Map<String, Long> local = new ConcurrentHashMap<>();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile String sha;

    public RateLimiter(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<Decision> check(String key, int limit, Duration period) {
        long interval = Math.max(1, period.toNanos() / 1000 / limit);
        long window = interval * limit;
        return eval(key, interval, window)
                .map(reply -> decision(limit, reply.get(0).toLong() == 1, reply.get(1).toLong(), reply.get(2).toLong(),
                        reply.get(3).toLong()))
                .onFailure().recoverWithItem(failure -> inMemory(key, limit, interval, window, failure));
    }

    private Uni<Response> eval(String key, long interval, long window) {
        String script = sha;
        Uni<Response> call = script == null
                ? redis.execute("SCRIPT", "LOAD", GCRA).invoke(r -> sha = r.toString())
                        .chain(r -> redis.execute("EVALSHA", r.toString(), "1", key, String.valueOf(interval), String.valueOf(window)))
                : redis.execute("EVALSHA", script, "1", key, String.valueOf(interval), String.valueOf(window))
                        .onFailure(f -> String.valueOf(f.getMessage()).contains("NOSCRIPT"))
                        .recoverWithUni(() -> {
                            sha = null;
                            return eval(key, interval, window);
                        });
        return call.ifNoItem().after(REDIS_TIMEOUT).fail();
    }

    private Decision inMemory(String key, int limit, long interval, long window, Throwable failure) {
        long now = System.nanoTime() / 1000;
        long last = lastLogged.get();
        if (System.nanoTime() - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, System.nanoTime())) {
            Log.warnf("Redis unreachable (%s): rate limits are enforced per gateway instance", failure.toString());
        }
        if (local.size() > 100_000) {
            local.clear();
        }
        long[] result = new long[4];
        local.compute(key, (k, stored) -> {
            long tat = stored == null || stored < now ? now : stored;
            long newTat = tat + interval;
            if (newTat - now > window) {
                result[0] = 0;
                result[2] = tat - now;
                result[3] = newTat - now - window;
                return stored;
            }
            result[0] = 1;
            result[1] = (window - (newTat - now)) / interval;
            result[2] = newTat - now;
            return newTat;
        });
        return decision(limit, result[0] == 1, result[1], result[2], result[3]);
    }

    private static Decision decision(int limit, boolean allowed, long remaining, long resetMicros, long retryMicros) {
        return new Decision(allowed, limit, Math.max(0, remaining), ceilSeconds(resetMicros), Math.max(1, ceilSeconds(retryMicros)));
    }

    private static long ceilSeconds(long micros) {
        return Math.max(0, (micros + 999_999) / 1_000_000);
    }
}
