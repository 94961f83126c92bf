package io.aiff.team.service;

import io.aiff.common.security.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code team:performance:{team_id}} in Redis: a team's performance summary for {@link #TTL}, dropped whenever the
 * team changes. A reader that loaded from the database just before a change must not put the old summary back: each
 * invalidation bumps a generation ({@code team:performance:{team_id}:gen}), and a loaded summary is stored only if
 * the generation is still the one read before loading (one script). Redis is a cache only: when it is slow or gone
 * the summary is read from the database.
 */
@ApplicationScoped
public class PerformanceCache {

    static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration GENERATION_TTL = Duration.ofHours(1);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(300);

    /** KEYS[1] summary, KEYS[2] generation; ARGV[1] generation read before loading, ARGV[2] summary, ARGV[3] TTL s. */
    private static final String STORE_IF_CURRENT = """
            if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
            end
            return 1""";
    /** KEYS[1] summary, KEYS[2] generation; ARGV[1] generation TTL s. */
    private static final String INVALIDATE = """
            redis.call('INCR', KEYS[2])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    public PerformanceCache(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public String key(int teamId) {
        return keys.key("team:performance:" + teamId);
    }

    private String generationKey(int teamId) {
        return key(teamId) + ":gen";
    }

    public Uni<JsonObject> get(int teamId, Supplier<Uni<JsonObject>> load) {
        String key = key(teamId);
        String generationKey = generationKey(teamId);
        return redis.execute("MGET", key, generationKey)
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .map(reply -> new String[] {reply.get(0) == null ? null : reply.get(0).toString(),
                        reply.get(1) == null ? "0" : reply.get(1).toString()})
                .onFailure().recoverWithItem(new String[] {null, null})
                .chain(cached -> cached[0] != null ? Uni.createFrom().item(new JsonObject(cached[0]))
                        : load.get().call(fresh -> cached[1] == null ? Uni.createFrom().voidItem()
                                : redis.execute("EVAL", STORE_IF_CURRENT, "2", key, generationKey, cached[1], fresh.encode(),
                                                String.valueOf(TTL.toSeconds()))
                                        .ifNoItem().after(REDIS_TIMEOUT).fail()
                                        .onFailure().recoverWithNull()));
    }

    /** After a change has committed. A failure is logged: the entry then expires within the TTL. */
    public Uni<Void> invalidate(int teamId) {
        return redis.execute("EVAL", INVALIDATE, "2", key(teamId), generationKey(teamId), String.valueOf(GENERATION_TTL.toSeconds()))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .replaceWithVoid()
                .onFailure().invoke(f -> Log.warnf("Could not drop cached performance of team %d: %s", teamId, f.toString()))
                .onFailure().recoverWithNull();
    }
}
