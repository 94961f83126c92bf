package io.aiff.auth.service;

import io.aiff.auth.config.AuthConfig;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Brute-force protection after Keycloak's detector, without locking a whole office out. Failures are counted in
 * Redis within a sliding window per account, per client address and per device token, charged before the password
 * is checked; reaching a budget locks that subject for 1 minute, doubling with each further lockout up to 15.
 * <ul>
 *   <li>An address over its budget (a mobile carrier's NAT or an office is one address) refuses only attempts
 *       without a valid device token, with 429 and Retry-After, before any hashing.</li>
 *   <li>A locked account refuses attempts without a device token, even with the right password (the same answer as
 *       a wrong one).</li>
 *   <li>A valid device token exempts its holder from both, and is charged on its own small budget instead: someone
 *       guessing one person's password from elsewhere cannot lock that person out of their phone.</li>
 * </ul>
 * Each subject's keys share one Redis hash slot ({@code {user:alice}}), so every script touches one slot. Time
 * comes from the injected {@link Clock}.
 */
@ApplicationScoped
public class LoginGuard {

    /**
     * KEYS[1] failures (sorted set), KEYS[2] lockout (hash). ARGV: now, window, budget, first lockout, longest lockout,
     * attempt id. Answers {1, 0} when charged, {0, ms left} when the subject is locked (then nothing is charged).
     * Charging first means a burst of parallel guesses cannot outrun the count: at most the budget is ever checked.
     */
    private static final String CHARGE = """
            local now = tonumber(ARGV[1])
            local locked_until = tonumber(redis.call('HGET', KEYS[2], 'until') or '0')
            if locked_until > now then return {0, locked_until - now} end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            redis.call('ZADD', KEYS[1], now, ARGV[6])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              local count = tonumber(redis.call('HGET', KEYS[2], 'count') or '0') + 1
              local ms = math.min(tonumber(ARGV[4]) * 2 ^ (count - 1), tonumber(ARGV[5]))
              redis.call('HSET', KEYS[2], 'until', string.format('%d', now + ms), 'count', count)
              redis.call('PEXPIRE', KEYS[2], 86400000)
              redis.call('DEL', KEYS[1])
            end
            return {1, 0}
            """;

    /** Whose budget an attempt spends. */
    enum Subject { USER, IP, DEVICE }

    /** The outcome of charging an attempt. */
    public enum Verdict {
        /** Charged; check the password. */
        CHECK,
        /** The account (or the device token) is locked: refused like a wrong password. */
        LOCKED,
        /** The address is over its budget and the attempt has no device token: 429. */
        ADDRESS_LOCKED
    }

    /** One charged attempt; hand it back with {@link #succeeded} when the password was right. */
    public record Attempt(Verdict verdict, String username, String ip, String deviceId, String id, long retryAfterSeconds) {
        public boolean allowed() {
            return verdict == Verdict.CHECK;
        }
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

    /**
     * Charges an attempt. With a device token (already verified to belong to this account) only the device's budget;
     * without one, the address first (locked: {@link Verdict#ADDRESS_LOCKED}, nothing else charged) and then the
     * account.
     */
    public Uni<Attempt> attempt(String username, String ip, String deviceId) {
        String id = UUID.randomUUID().toString();
        if (deviceId != null) {
            return charge(Subject.DEVICE, deviceId, config.maxFailuresPerDevice(), id)
                    .map(left -> new Attempt(left == 0 ? Verdict.CHECK : Verdict.LOCKED, username, ip, deviceId, id, 0));
        }
        return charge(Subject.IP, ip, config.maxFailuresPerIp(), id).chain(addressLeft -> addressLeft > 0
                ? Uni.createFrom().item(new Attempt(Verdict.ADDRESS_LOCKED, username, ip, null, id, seconds(addressLeft)))
                : charge(Subject.USER, username, config.maxFailures(), id).map(userLeft ->
                        new Attempt(userLeft == 0 ? Verdict.CHECK : Verdict.LOCKED, username, ip, null, id, 0)));
    }

    /** 0 when charged, else the milliseconds the subject stays locked. */
    private Uni<Long> charge(Subject subject, String name, int budget, String attemptId) {
        return redis.execute("EVAL", CHARGE, "2", failuresKey(subject, name), lockoutKey(subject, name),
                        String.valueOf(clock.millis()), String.valueOf(config.failureWindow().toMillis()), String.valueOf(budget),
                        String.valueOf(config.firstLockout().toMillis()), String.valueOf(config.maxLockout().toMillis()), attemptId)
                .map(reply -> reply.get(0).toLong() == 1 ? 0L : Math.max(1L, reply.get(1).toLong()));
    }

    /**
     * The password was right: the account's (or device's) failures and lockout history go, and the address gets
     * its charge back.
     */
    public Uni<Void> succeeded(Attempt attempt) {
        if (attempt.deviceId() != null) {
            return clear(Subject.DEVICE, attempt.deviceId());
        }
        return clear(Subject.USER, attempt.username())
                .chain(() -> redis.sortedSet(String.class).zrem(failuresKey(Subject.IP, attempt.ip()), attempt.id()))
                .replaceWithVoid();
    }

    public Uni<Lockout> lockout(String username) {
        return hashes.hgetall(lockoutKey(Subject.USER, username)).chain(lockout ->
                redis.sortedSet(String.class).zcount(failuresKey(Subject.USER, username),
                                new ScoreRange<>((double) (clock.millis() - config.failureWindow().toMillis()), Double.POSITIVE_INFINITY))
                        .map(failures -> toLockout(lockout, failures)));
    }

    public Uni<Void> clear(String username) {
        return clear(Subject.USER, username);
    }

    private Uni<Void> clear(Subject subject, String name) {
        return redis.key().del(failuresKey(subject, name), lockoutKey(subject, name)).replaceWithVoid();
    }

    private Lockout toLockout(Map<String, String> lockout, long failures) {
        long until = lockout == null || lockout.get("until") == null ? 0 : Long.parseLong(lockout.get("until"));
        int count = lockout == null || lockout.get("count") == null ? 0 : Integer.parseInt(lockout.get("count"));
        boolean locked = until > clock.millis();
        return new Lockout(locked, locked ? Instant.ofEpochMilli(until) : null, count, failures);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    /** {@code login_failures:{user:alice}}: the braces keep a subject's two keys in one Redis Cluster hash slot. */
    private String failuresKey(Subject subject, String name) {
        return keys.key("login_failures:" + slot(subject, name));
    }

    private String lockoutKey(Subject subject, String name) {
        return keys.key("lockout:" + slot(subject, name));
    }

    private static String slot(Subject subject, String name) {
        return "{" + subject.name().toLowerCase(Locale.ROOT) + ":" + name.toLowerCase(Locale.ROOT) + "}";
    }
}
