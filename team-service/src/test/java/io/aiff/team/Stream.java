package io.aiff.team;

import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads the events stream of a test's Redis prefix, oldest first. */
final class Stream {

    private Stream() {
    }

    static List<JsonObject> events(RedisDataSource redis, RedisKeys keys) {
        List<JsonObject> events = new ArrayList<>();
        var reply = redis.execute("XRANGE", keys.key(EventStream.KEY), "-", "+");
        if (reply == null) {
            return events;
        }
        for (var entry : reply) {
            var fields = entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (EventStream.ENVELOPE_FIELD.equals(fields.get(i).toString())) {
                    events.add(new JsonObject(fields.get(i + 1).toString()));
                }
            }
        }
        return events;
    }

    /** Waits (up to 10 s) until {@code count} events match, and answers them in stream order. */
    static List<JsonObject> await(RedisDataSource redis, RedisKeys keys, Predicate<JsonObject> which, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<JsonObject> found = List.of();
        while (System.nanoTime() < deadline) {
            found = events(redis, keys).stream().filter(which).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " events, found " + found.size() + ": " + found);
    }
}
