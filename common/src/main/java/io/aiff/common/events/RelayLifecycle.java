package io.aiff.common.events;

import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;

/**
 * Runs a service's {@link OutboxRelay} from start to shutdown. Not a bean itself (the gateway has no database): a
 * service with an outbox declares {@code @Singleton class Relay extends RelayLifecycle} (no client proxy: the state is in here) and passes its
 * beans; the configuration is read here: {@code aiff.outbox.poll} (how often it looks besides the NOTIFY wake-up,
 * 1 s) and {@code aiff.events.retention} (how long the stream keeps events, 25 h).
 */
public abstract class RelayLifecycle {

    private final OutboxRelay relay;

    protected RelayLifecycle(Vertx vertx, Pool pool, ReactiveRedisDataSource redis, RedisKeys keys) {
        Config config = ConfigProvider.getConfig();
        this.relay = new OutboxRelay(vertx, pool, redis, keys.key(EventStream.KEY),
                config.getOptionalValue("aiff.outbox.poll", Duration.class).orElse(Duration.ofSeconds(1)),
                config.getOptionalValue("aiff.events.retention", Duration.class).orElse(Duration.ofHours(25)));
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
