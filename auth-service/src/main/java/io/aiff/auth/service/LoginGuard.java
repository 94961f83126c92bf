package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Brute-force protection after Keycloak's detector: failures are counted per username and per client IP in Redis
 * within a sliding window, charged before the password is checked; reaching the limit locks for 1 minute,
 * doubling with each further lockout up to
 * 15 minutes. During a lockout even the right password fails. Time comes from the injected {@link Clock}.
 */
@ApplicationScoped
public class LoginGuard {

    /**
     * Charges one attempt to the username and the address before the password is even checked, and refuses when
     * either is locked. Charging first means a burst of parallel guesses cannot outrun the count: at most
     * {@code max} guesses are ever checked per window. A success then takes its charge back.
     */
    private static final String ATTEMPT = """
            local now = tonumber(ARGV[1])
            local function locked(key)
              return tonumber(redis.call('HGET', key, 'until') or '0') > now
            end
            if locked(KEYS[2]) or locked(KEYS[4]) then return 0 end
            local function charge(failures, lockout, max)
              redis.call('ZREMRANGEBYSCORE', failures, '-inf', now - tonumber(ARGV[2]))
              redis.call('ZADD', failures, now, ARGV[7])
              redis.call('PEXPIRE', failures, ARGV[2])
              if redis.call('ZCARD', failures) >= max then
                local count = tonumber(redis.call('HGET', lockout, 'count') or '0') + 1
                local ms = math.min(tonumber(ARGV[5]) * 2 ^ (count - 1), tonumber(ARGV[6]))
                redis.call('HSET', lockout, 'until', string.format('%d', now + ms), 'count', count)
                redis.call('PEXPIRE', lockout, 86400000)
                redis.call('DEL', failures)
              end
            end
            charge(KEYS[1], KEYS[2], tonumber(ARGV[3]))
            charge(KEYS[3], KEYS[4], tonumber(ARGV[4]))
            return 1
            """;

    /** One charged attempt; hand it back with {@link #succeeded} when the password was right. */
    public record Attempt(boolean allowed, String username, String ip, String id) {
    }

    public record Lockout(boolean locked, Instant until, int lockouts, long recentFailures) {
    }

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final RedisKeys keys;
    private final AuthConfig.Lockout config;
    private final Clock clock;

    public LoginGuard(ReactiveRedisDataSource redis, RedisKeys keys, AuthConfig config, Clock clock) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.keys = keys;
        this.config = config.lockout();
        this.clock = clock;
    }

    public Uni<Attempt> attempt(String username, String ip) {
        String id = UUID.randomUUID().toString();
        return redis.execute("EVAL", ATTEMPT, "4", failuresKey("user", username), lockoutKey("user", username),
                        failuresKey("ip", ip), lockoutKey("ip", ip), String.valueOf(clock.millis()),
                        String.valueOf(config.failureWindow().toMillis()), String.valueOf(config.maxFailures()),
                        String.valueOf(config.maxFailuresPerIp()), String.valueOf(config.firstLockout().toMillis()),
                        String.valueOf(config.maxLockout().toMillis()), id)
                .map(reply -> new Attempt(reply.toLong() == 1, username, ip, id));
    }

    /** The password was right: the account's failures and lockout history go, the address gets its charge back. */
    public Uni<Void> succeeded(Attempt attempt) {
        return redis.key().del(failuresKey("user", attempt.username()), lockoutKey("user", attempt.username()))
                .chain(() -> redis.sortedSet(String.class).zrem(failuresKey("ip", attempt.ip()), attempt.id()))
                .replaceWithVoid();
    }

    public Uni<Lockout> lockout(String username) {
        return hashes.hgetall(lockoutKey("user", username)).chain(lockout ->
                redis.sortedSet(String.class).zcount(failuresKey("user", username),
                                new io.quarkus.redis.datasource.sortedset.ScoreRange<>(
                                        (double) (clock.millis() - config.failureWindow().toMillis()), Double.POSITIVE_INFINITY))
                        .map(failures -> toLockout(lockout, failures)));
    }

    public Uni<Void> clear(String username) {
        return redis.key().del(failuresKey("user", username), lockoutKey("user", username)).replaceWithVoid();
    }

    private Lockout toLockout(Map<String, String> lockout, long failures) {
        long until = lockout == null || lockout.get("until") == null ? 0 : Long.parseLong(lockout.get("until"));
        int count = lockout == null || lockout.get("count") == null ? 0 : Integer.parseInt(lockout.get("count"));
        boolean locked = until > clock.millis();
        return new Lockout(locked, locked ? Instant.ofEpochMilli(until) : null, count, failures);
    }

    private String failuresKey(String kind, String subject) {
        return keys.key("login_failures:" + kind + ":" + subject.toLowerCase());
    }

    private String lockoutKey(String kind, String subject) {
        return keys.key("lockout:" + kind + ":" + subject.toLowerCase());
    }
}
