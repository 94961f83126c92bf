package io.aiff.gateway.events;

import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the events stream and hands every entry to the connected clients of this gateway instance. Every replica
 * reads the stream itself (no consumer group), so every replica sees every event; reading resumes from the last
 * entry seen, so a Redis outage delays events but loses none.
 */
@ApplicationScoped
public class EventHub {

    /** One stream entry: its id (the SSE id) and its envelope. */
    public record Event(String id, JsonObject envelope, String json) {
    }

    /** A connected client. */
    public interface Listener {
        void onEvent(Event event);
    }

    private static final String BLOCK_MILLIS = "2000";
    private static final String BATCH = "500";

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final String key;
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private volatile String lastId;
    private volatile boolean running;

    public EventHub(ReactiveRedisDataSource redis, Vertx vertx, RedisKeys keys) {
        this.redis = redis;
        this.vertx = vertx;
        this.key = keys.key(EventStream.KEY);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        vertx.runOnContext(this::begin);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
    }

    public void add(Listener listener) {
        listeners.add(listener);
    }

    public void remove(Listener listener) {
        listeners.remove(listener);
    }

    /** Entries after {@code afterId}, oldest first, at most one batch. */
    public Uni<List<Event>> after(String afterId) {
        return redis.execute("XRANGE", key, "(" + afterId, "+", "COUNT", BATCH).map(EventHub::entries);
    }

    /** Starts from the newest entry: what is older is for Last-Event-ID replays. */
    private void begin() {
        if (!running) {
            return;
        }
        redis.execute("XREVRANGE", key, "+", "-", "COUNT", "1")
                .subscribe().with(reply -> {
                    List<Event> newest = entries(reply);
                    lastId = newest.isEmpty() ? "0-0" : newest.get(0).id();
                    poll();
                }, failure -> retry(this::begin, failure));
    }

    private void poll() {
        if (!running) {
            return;
        }
        redis.execute("XREAD", "COUNT", BATCH, "BLOCK", BLOCK_MILLIS, "STREAMS", key, lastId)
                .subscribe().with(reply -> {
                    if (reply != null) {
                        for (Response stream : reply) {
                            for (Event event : entries(stream.get(1))) {
                                lastId = event.id();
                                for (Listener listener : listeners) {
                                    try {
                                        listener.onEvent(event);
                                    } catch (RuntimeException e) {
                                        // One client's trouble never stops the stream for the others.
                                        Log.debugf("Dropping event %s for one client: %s", event.id(), e.toString());
                                    }
                                }
                            }
                        }
                    }
                    vertx.runOnContext(this::poll);
                }, failure -> retry(this::poll, failure));
    }

    private void retry(Runnable step, Throwable failure) {
        if (running) {
            Log.debugf("Reading the event stream failed (%s); retrying in 1 s", failure.toString());
            vertx.setTimer(1000, id -> step.run());
        }
    }

    private static List<Event> entries(Response reply) {
        List<Event> events = new ArrayList<>();
        if (reply == null) {
            return events;
        }
        for (Response entry : reply) {
            String id = entry.get(0).toString();
            Response fields = entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (EventStream.ENVELOPE_FIELD.equals(fields.get(i).toString())) {
                    String json = fields.get(i + 1).toString();
                    try {
                        events.add(new Event(id, new JsonObject(json), json));
                    } catch (RuntimeException malformed) {
                        Log.warnf("Skipping malformed event %s", id);
                    }
                }
            }
        }
        return events;
    }
}
