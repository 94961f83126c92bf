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
 * team changes. Redis is a cache only: when it is slow or gone the summary is read from the database.
 */
@ApplicationScoped
public class PerformanceCache {

    static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(300);

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    public PerformanceCache(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public String key(int teamId) {
        return keys.key("team:performance:" + teamId);
    }

    public Uni<JsonObject> get(int teamId, Supplier<Uni<JsonObject>> load) {
        String key = key(teamId);
        return redis.value(String.class).get(key)
                .ifNoItem().after(REDIS_TIMEOUT).recoverWithItem((String) null)
                .onFailure().recoverWithItem((String) null)
                .chain(cached -> cached != null ? Uni.createFrom().item(new JsonObject(cached))
                        : load.get().call(fresh -> redis.value(String.class).setex(key, TTL.toSeconds(), fresh.encode())
                                .ifNoItem().after(REDIS_TIMEOUT).recoverWithItem((Void) null)
                                .onFailure().recoverWithNull()));
    }

    /** After a change has committed. A failure is logged: the entry then expires within the TTL. */
    public Uni<Void> invalidate(int teamId) {
        return redis.key().del(key(teamId)).replaceWithVoid()
                .ifNoItem().after(REDIS_TIMEOUT).recoverWithItem((Void) null)
                .onFailure().invoke(f -> Log.warnf("Could not drop cached performance of team %d: %s", teamId, f.toString()))
                .onFailure().recoverWithNull();
    }
}
