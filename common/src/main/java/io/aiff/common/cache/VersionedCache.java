package io.aiff.common.cache;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * A read-through cache in Redis that never answers what a committed change made old. An entry is a Redis hash (one
 * key, so one hash slot) holding variants of one object's value (for example per caller's reach and period) and the
 * field {@code _gen}. A change, once committed, calls {@link #invalidate}: the hash is emptied and {@code _gen}
 * incremented. A reader that missed reads {@code _gen} with the variant, loads from the database, and stores only
 * if {@code _gen} is still the one it read (one script): a load that began before the change cannot put the old
 * value back. Each value carries the time it was stored and is used for the TTL only (Redis 7.0 expires keys, not
 * hash fields). Redis is a cache only: when it is slow or gone, every read loads.
 */
public class VersionedCache {

    private static final String GENERATION = "_gen";
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(300);

    /** KEYS[1] the hash; ARGV[1] generation read before loading, ARGV[2] field, ARGV[3] value, ARGV[4] key TTL s. */
    private static final String STORE_IF_CURRENT = """
            if (redis.call('HGET', KEYS[1], '_gen') or '0') == ARGV[1] then
              redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
              redis.call('EXPIRE', KEYS[1], ARGV[4])
            end
            return 1""";
    /** Each KEY a hash; ARGV[1] key TTL s (the generation outlives any load in flight). */
    private static final String INVALIDATE = """
            for _, key in ipairs(KEYS) do
              local gen = redis.call('HINCRBY', key, '_gen', 1)
              redis.call('DEL', key)
              redis.call('HSET', key, '_gen', gen)
              redis.call('EXPIRE', key, ARGV[1])
            end
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final Duration ttl;
    private final Clock clock;

    public VersionedCache(ReactiveRedisDataSource redis, Duration ttl, Clock clock) {
        this.redis = redis;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The variant {@code field} of {@code key}, loaded (and stored) when missing or older than the TTL. */
    public Uni<String> get(String key, String field, Supplier<Uni<String>> load) {
        return redis.execute("HMGET", key, field, GENERATION)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .map(reply -> new String[] {fresh(reply.get(0) == null ? null : reply.get(0).toString()),
                        reply.get(1) == null ? "0" : reply.get(1).toString()})
                .onFailure().recoverWithItem(new String[] {null, null})
                .chain(cached -> cached[0] != null ? Uni.createFrom().item(cached[0])
                        : load.get().call(value -> cached[1] == null ? Uni.createFrom().voidItem()
                                : redis.execute("EVAL", STORE_IF_CURRENT, "1", key, cached[1], field,
                                                clock.millis() + "|" + value, String.valueOf(keyTtl()))
                                        .ifNoItem().after(REDIS_TIMEOUT).fail()
                                        .onFailure().recoverWithNull()));
    }

    /**
     * After a change has committed. A failure is logged and passed on: the caller decides whether to retry (a stream
     * consumer then leaves its batch unacknowledged, so that the redelivery drops the entries again) or to let the
     * entries age out within the TTL.
     */
    public Uni<Void> invalidate(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(List.of(INVALIDATE, String.valueOf(keys.size())));
        args.addAll(keys);
        args.add(String.valueOf(keyTtl()));
        return redis.execute("EVAL", args.toArray(String[]::new))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf("Could not drop %d cached entries: %s", keys.size(), f.toString()));
    }

    /** The value of a stored "millis|value" while younger than the TTL, null otherwise. */
    private String fresh(String stored) {
        if (stored == null) {
            return null;
        }
        int bar = stored.indexOf('|');
        long at = Long.parseLong(stored.substring(0, bar));
        return clock.millis() - at < ttl.toMillis() ? stored.substring(bar + 1) : null;
    }

    /** The hash lives a while past its newest value: long enough that a generation outlives any load. */
    private long keyTtl() {
        return Math.max(ttl.toSeconds() * 2, 60);
    }
}
