package io.aiff.team.events;

import io.aiff.common.events.EventStream;
import io.aiff.common.events.OutboxRelay;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Runs team-service's outbox relay (one active across replicas) from start to shutdown. */
@ApplicationScoped
public class Relay {

    private final OutboxRelay relay;

    public Relay(Vertx vertx, Pool pool, ReactiveRedisDataSource redis, RedisKeys keys,
                 @ConfigProperty(name = "aiff.outbox.poll", defaultValue = "1S") Duration poll,
                 @ConfigProperty(name = "aiff.events.retention", defaultValue = "25H") Duration retention) {
        this.relay = new OutboxRelay(vertx, pool, redis, keys.key(EventStream.KEY), poll, retention);
    }

    void start(@Observes StartupEvent event) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent event) {
        relay.stop().await().atMost(Duration.ofSeconds(5));
    }

    public OutboxRelay relay() {
        return relay;
    }
}
