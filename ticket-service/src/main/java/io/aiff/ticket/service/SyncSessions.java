package io.aiff.ticket.service;

import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * When a session was last served a sync page (Redis {@code sync_served:{sid}}, kept a day longer than offline work
 * may be late). A device that synced after the moment it claims for a change was online then: the change counts
 * from when the server heard of it ({@link TicketService#transition}).
 */
@ApplicationScoped
public class SyncSessions {

    /** Offline work is accepted up to 24 hours late; the record outlives that. */
    static final Duration KEEP = Duration.ofHours(25);

    private final ReactiveRedisDataSource redis;
    private final RedisKeys keys;

    public SyncSessions(ReactiveRedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public Uni<Void> served(String sid, Instant at) {
        if (sid == null) {
            return Uni.createFrom().voidItem();
        }
        return redis.value(String.class).set(key(sid), String.valueOf(at.toEpochMilli()), new SetArgs().px(KEEP))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Null when the session never synced (or has no session: service tokens). When Redis cannot tell, {@link
     * Instant#MAX}: the session may have synced after any moment it claims, so no claim is believed (fail closed: the
     * change counts from when the server heard of it).
     */
    public Uni<Instant> lastServed(String sid) {
        if (sid == null) {
            return Uni.createFrom().nullItem();
        }
        return redis.value(String.class).get(key(sid))
                .map(value -> value == null ? null : Instant.ofEpochMilli(Long.parseLong(value)))
                .onFailure().recoverWithItem(Instant.MAX);
    }

    private String key(String sid) {
        return keys.key("sync_served:" + sid);
    }
}
