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
 * within a sliding window; reaching the limit locks for 1 minute, doubling with each further lockout up to
 * 15 minutes. During a lockout even the right password fails. Time comes from the injected {@link Clock}.
 */
@ApplicationScoped
public class LoginGuard {

    /** Records a failure and locks when the window holds enough of them; answers the lockout in ms (0: none). */
    private static final String RECORD_FAILURE = """
            local now = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            redis.call('ZADD', KEYS[1], now, ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              local count = tonumber(redis.call('HGET', KEYS[2], 'count') or '0') + 1
              local ms = math.min(tonumber(ARGV[4]) * 2 ^ (count - 1), tonumber(ARGV[5]))
              redis.call('HSET', KEYS[2], 'until', string.format('%d', now + ms), 'count', count)
              redis.call('PEXPIRE', KEYS[2], 86400000)
              redis.call('DEL', KEYS[1])
              return ms
            end
            return 0
            """;

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

    /** True when the username or the address is locked out now. */
    public Uni<Boolean> isLocked(String username, String ip) {
        return lockedUntil(lockoutKey("user", username))
                .chain(userUntil -> lockedUntil(lockoutKey("ip", ip))
                        .map(ipUntil -> Math.max(userUntil, ipUntil) > clock.millis()));
    }

    public Uni<Void> recordFailure(String username, String ip) {
        return record("user", username, config.maxFailures())
                .chain(() -> record("ip", ip, config.maxFailuresPerIp()))
                .replaceWithVoid();
    }

    /** A successful login forgets the account's failures and its lockout history. */
    public Uni<Void> recordSuccess(String username) {
        return redis.key().del(failuresKey("user", username), lockoutKey("user", username)).replaceWithVoid();
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

    private Uni<Long> record(String kind, String subject, int maxFailures) {
        return redis.execute("EVAL", RECORD_FAILURE, "2", failuresKey(kind, subject), lockoutKey(kind, subject),
                        String.valueOf(clock.millis()), String.valueOf(config.failureWindow().toMillis()),
                        String.valueOf(maxFailures), String.valueOf(config.firstLockout().toMillis()),
                        String.valueOf(config.maxLockout().toMillis()), UUID.randomUUID().toString())
                .map(reply -> reply.toLong());
    }

    private Uni<Long> lockedUntil(String key) {
        return hashes.hget(key, "until").map(until -> until == null ? 0L : Long.parseLong(until));
    }

    private String failuresKey(String kind, String subject) {
        return keys.key("login_failures:" + kind + ":" + subject.toLowerCase());
    }

    private String lockoutKey(String kind, String subject) {
        return keys.key("lockout:" + kind + ":" + subject.toLowerCase());
    }
}
