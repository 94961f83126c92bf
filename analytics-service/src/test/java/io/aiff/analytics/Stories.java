package io.aiff.analytics;

import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One day of work on November 2nd, 2026 (UTC), published to the event stream the way ticket-service would:
 * <ul>
 * <li>ticket 1, zone 3 Klang: created 09:00, assigned to team 7 at 09:10 (answered in time), in progress 09:30, on
 * hold 10:00–11:00, resolved 12:00 in time (90 min spent, quality 4.5), closed 12:30, rated 5;</li>
 * <li>ticket 2, zone 3: created 09:00, assigned to team 7 at 09:40 (answered late), in progress 10:00, resolved 11:00,
 * reopened 11:30, resolved again 13:00 late (150 min spent), rated 3;</li>
 * <li>ticket 3, zone 3: created 10:00, assigned to team 9 at 10:05 (in time), still assigned;</li>
 * <li>ticket 4, zone 4 Ipoh: created 08:00, assigned to team 11 at 08:30 (in time), in progress 08:40, resolved 09:00
 * in time (20 min spent).</li>
 * </ul>
 * Published once per application, shuffled, with some events delivered twice.
 */
@ApplicationScoped
public class Stories {

    private final RedisDataSource redis;
    private final RedisKeys keys;
    private final Pool db;
    private boolean published;

    public Stories(RedisDataSource redis, RedisKeys keys, Pool db) {
        this.redis = redis;
        this.keys = keys;
        this.db = db;
    }

    public static List<JsonObject> day() {
        List<JsonObject> events = new ArrayList<>();
        events.addAll(new Story(1, 3, "Klang", "09:00").assign("09:10", 7, 101, false)
                .move("09:30", "assigned", "in_progress", false).move("10:00", "in_progress", "on_hold", false)
                .move("11:00", "on_hold", "in_progress", false).resolve("12:00", false, 90, 4.5)
                .move("12:30", "resolved", "closed", false).rate("12:40", 5).events);
        events.addAll(new Story(2, 3, "Klang", "09:00").assign("09:40", 7, 102, true)
                .move("10:00", "assigned", "in_progress", false).resolve("11:00", false, 60, null)
                .reopen("11:30").resolve("13:00", true, 150, null).rate("13:10", 3).events);
        events.addAll(new Story(3, 3, "Klang", "10:00").assign("10:05", 9, 103, false).events);
        events.addAll(new Story(4, 4, "Ipoh", "08:00").assign("08:30", 11, 104, false)
                .move("08:40", "assigned", "in_progress", false).resolve("09:00", false, 20, null).events);
        return events;
    }

    /** Publishes the day (once per application) and waits until every event of it was applied. */
    public synchronized void publishDayOnce() throws InterruptedException {
        if (published) {
            return;
        }
        awaitGroup();
        List<JsonObject> events = new ArrayList<>(day());
        Random random = new Random(7);
        Collections.shuffle(events, random);
        List<JsonObject> delivered = new ArrayList<>(events);
        for (int i = 0; i < 5; i++) {
            delivered.add(random.nextInt(delivered.size()), events.get(random.nextInt(events.size())));
        }
        delivered.forEach(this::publish);
        Set<String> ids = new HashSet<>(events.stream().map(e -> e.getString("id")).toList());
        awaitConsumed(ids);
        published = true;
    }

    /** The group is created at the stream's end when the service starts: what is published before is not its. */
    public void awaitGroup() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (redis.execute("XINFO", "GROUPS", keys.key(EventStream.KEY)).toString().contains("analytics")) {
                    return;
                }
            } catch (RuntimeException noStreamYet) {
                // created with the group
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the consumer group analytics was not created");
    }

    public void publish(JsonObject envelope) {
        redis.execute("XADD", keys.key(EventStream.KEY), "*", EventStream.ENVELOPE_FIELD, envelope.encode());
    }

    /** Waits (up to 30 s) until the consumer group applied every one of these events. */
    public void awaitConsumed(Set<String> ids) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumed(ids) < ids.size()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("only " + consumed(ids) + " of " + ids.size() + " events applied");
            }
            Thread.sleep(100);
        }
    }

    private long consumed(Set<String> ids) {
        return db.preparedQuery("SELECT count(*) FROM consumed_events WHERE group_name = 'analytics' AND event_id::text = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new))).await().indefinitely()
                .iterator().next().getLong(0);
    }
}
