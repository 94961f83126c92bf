package io.aiff.team.events;

import io.aiff.common.events.RelayLifecycle;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/** team-service's outbox relay (one active across replicas), from start to shutdown. */
@Singleton
public class Relay extends RelayLifecycle {

    public Relay(Vertx vertx, Pool pool, ReactiveRedisDataSource redis, RedisKeys keys) {
        super(vertx, pool, redis, keys);
    }
}
