package io.aiff.common.db;

import io.aiff.common.db.maintenance.ServiceMain;
import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Runs the service's {@link OutboxRelay} from start to shutdown ({@code aiff.events.outbox-poll},
 * {@code aiff.events.retention}). A singleton without a client proxy: the relay's state is in here.
 */
@Singleton
public class Relay {

    private final OutboxRelay relay;
    private final boolean enabled;

    public Relay(Vertx vertx, Pool pool, ReactiveRedisDataSource redis, RedisKeys keys, EventsConfig config) {
        this.relay = new OutboxRelay(vertx, pool, redis, keys.key(EventStream.KEY), config.outboxPoll(), config.retention());
        this.enabled = config.outbox() && !ServiceMain.maintaining();
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            relay.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        relay.stop().await().atMost(Duration.ofSeconds(5));
    }

    public OutboxRelay relay() {
        return relay;
    }
}
