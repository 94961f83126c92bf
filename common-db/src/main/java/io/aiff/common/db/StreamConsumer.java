package io.aiff.common.db;

import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Processes the event stream once per deployment (each event by one replica), exactly once in effect: a Redis
 * Streams consumer group ({@code XREADGROUP}); each batch of events applied in a transaction of the service's own database that
 * also records its id (a repeated delivery finds the id and changes nothing); acknowledged only after that
 * transaction committed; entries a dead replica left pending claimed with {@code XAUTOCLAIM} after
 * {@code aiff.events.claim-idle} (30 s), looked for by {@link #check()}, which the subclass schedules every
 * {@code aiff.events.consumer-check} (10 s). An event that keeps failing is set aside after {@value #MAX_DELIVERIES}
 * deliveries, and then the read model is filled again from the source, so nothing it said is lost (a database that
 * was down for minutes fails every event that long). Consumers of replicas gone for an hour leave the group.
 *
 * <p>What the events feed can also be read whole from the source ({@link #fill}): the group is created at {@code $}
 * before the first fill, so nothing published during the fill is missed; and when the stream was trimmed past the
 * group's position (the service was down longer than the stream keeps events) the consumer fills again. Both run on
 * one replica at a time ({@link ClusterLock#READ_MODEL_FILL}); what a fill and an event both write must be ordered
 * by version in {@link #apply}, so that they commute. The service does not wait for a fill to report ready.
 *
 * <p>Tables (each service's own migration): {@code stream_consumers(group_name PRIMARY KEY, filled_at)} and
 * {@code consumed_events(group_name, event_id, consumed_at, PRIMARY KEY (group_name, event_id))}.
 * Not a bean: a service subclasses it as a {@code @Singleton}; {@link Consumers} starts and stops every such bean
 * with the service, and a started consumer runs {@link #check()} every {@code aiff.events.consumer-check} and
 * {@link #prune} every {@code aiff.events.prune-every} (from 5 minutes after start). Needs Redis 7.0 or later ({@code XAUTOCLAIM}, and
 * {@code max-deleted-entry-id} to see that the stream was trimmed past the group).
 */
public abstract class StreamConsumer<R> {

    static final int BATCH = 100;
    static final String BLOCK_MILLIS = "2000";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** An event that failed this often is set aside (logged, acknowledged) rather than retried for ever. */
    static final int MAX_DELIVERIES = 5;
    /** A consumer (a replica's name in the group) idle this long with nothing pending is a replica that is gone. */
    static final Duration GONE_AFTER = Duration.ofHours(1);
    /** Ids of applied events are first forgotten this long after start (a replica starting must not wait on it). */
    static final Duration PRUNE_DELAY = Duration.ofMinutes(5);

    private final Vertx vertx;
    private final Pool db;
    private final ReactiveRedisDataSource redis;
    private final String stream;
    private final String group;
    private final String consumer;
    private final Duration claimIdle;
    private final Duration check;
    private final Duration pruneEvery;
    private final Duration retention;
    private final List<Long> timers = new ArrayList<>();
    private final AtomicBoolean filling = new AtomicBoolean();
    private volatile boolean running;
    /** The group is new or fell behind a trimmed stream: fill, even if it was filled before. */
    private volatile boolean fillOwed;
    /** This replica saw the fill recorded: no need to look again. */
    private volatile boolean filledBefore;
    /** Where the stream was trimmed to past the group's position: the group moves there once a fill covered it. */
    private volatile String trimmedTo;

    protected StreamConsumer(Vertx vertx, Pool db, ReactiveRedisDataSource redis, RedisKeys keys, String group,
                             EventsConfig config) {
        this.vertx = vertx;
        this.db = db;
        this.redis = redis;
        this.stream = keys.key(EventStream.KEY);
        this.group = group;
        this.consumer = group + "-" + UUID.randomUUID();
        this.claimIdle = config.claimIdle();
        this.check = config.consumerCheck();
        this.pruneEvery = config.pruneEvery();
        this.retention = config.retention();
    }

    /**
     * Applies a batch of events (in stream order, each new to the group) inside the transaction that records them.
     * An entry that cannot be applied fails the batch: its events are then applied one by one, so that the others go on.
     */
    protected abstract Uni<R> apply(SqlConnection tx, List<JsonObject> envelopes);

    /**
     * After the transaction of a batch committed, before it is acknowledged: what must follow a change (dropping a
     * cache) without being part of it. {@code result} is null when every event had been applied before (a repeated
     * delivery after a replica died between its commit and this step). A failure leaves the batch unacknowledged.
     */
    protected Uni<Void> committed(List<JsonObject> envelopes, R result) {
        return Uni.createFrom().voidItem();
    }

    /** Entries read (and claimed) at a time: one batch, one transaction. */
    protected int batchSize() {
        return BATCH;
    }

    /** Whether this consumer needs the event at all; the others are acknowledged without touching the database. */
    protected boolean wants(JsonObject envelope) {
        return true;
    }

    /** Reads what the events feed whole from its source and writes it (ordered by version, like {@link #apply}). */
    protected abstract Uni<Void> fill();

    public String group() {
        return group;
    }

    public void start() {
        running = true;
        timers.add(vertx.setPeriodic(check.toMillis(), id -> check()));
        timers.add(vertx.setPeriodic(PRUNE_DELAY.toMillis(), pruneEvery.toMillis(), id -> prune(retention)
                .subscribe().with(pruned -> { }, failure -> Log.debugf("Event consumer %s: prune failed: %s", group, failure.toString()))));
        startReading();
    }

    private void startReading() {
        ensureGroup().subscribe().with(created -> {
            fillOwed = created;
            check();
            read();
        }, failure -> {
            Log.warnf("Event consumer %s could not start (%s); retrying", group, failure.toString());
            vertx.setTimer(1000, id -> startReading());
        });
    }

    public void stop() {
        running = false;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }

    /** Creates the group at the stream's end; true when it did not exist yet (a fill is owed). */
    Uni<Boolean> ensureGroup() {
        return redis.execute("XGROUP", "CREATE", stream, group, "$", "MKSTREAM")
                .map(ok -> true)
                .onFailure(f -> String.valueOf(f.getMessage()).contains("BUSYGROUP")).recoverWithItem(false);
    }

    /** The main loop: new entries for this group, oldest first, applied and acknowledged batch by batch. */
    private void read() {
        if (!running) {
            return;
        }
        redis.execute("XREADGROUP", "GROUP", group, consumer, "COUNT", String.valueOf(batchSize()), "BLOCK", BLOCK_MILLIS,
                        "STREAMS", stream, ">")
                .chain(reply -> reply == null ? Uni.createFrom().voidItem() : process(streamEntries(reply)))
                .subscribe().with(done -> vertx.runOnContext(this::read), failure -> {
                    if (String.valueOf(failure.getMessage()).contains("NOGROUP")) {
                        // The stream was deleted (or the group with it): start over, as on first start.
                        ensureGroup().subscribe().with(created -> fillOwed |= created, ignored -> { });
                    } else {
                        Log.debugf("Event consumer %s: read failed (%s); retrying in 1 s", group, failure.toString());
                    }
                    vertx.setTimer(1000, id -> read());
                });
    }

    /**
     * Claims entries left pending by dead replicas, checks for a trimmed stream, fills when owed, and lets go of the
     * consumers of replicas that are gone. The subclass runs it every {@code aiff.events.consumer-check}.
     */
    public void check() {
        if (!running) {
            return;
        }
        claim()
                .chain(this::forgetGoneConsumers)
                .chain(() -> trimmedPastUs().invoke(id -> {
                    if (id != null) {
                        fillOwed = true;
                        trimmedTo = id;
                    }
                }))
                .chain(() -> fillOwed || !filledBefore ? fillOnce() : Uni.createFrom().voidItem())
                .subscribe().with(done -> { }, failure -> Log.debugf("Event consumer %s: check failed: %s", group, failure.toString()));
    }

    /**
     * Fills on one replica at a time: the fill runs while this replica's transaction holds the lock, and that
     * transaction records it. A replica finding the lock taken skips (it looks again on its next check).
     */
    private Uni<Void> fillOnce() {
        if (!filling.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        boolean owed = fillOwed;
        String skipTo = trimmedTo;
        return OncePerCluster.run(db, ClusterLock.READ_MODEL_FILL, tx -> tx.preparedQuery(
                                "SELECT filled_at IS NOT NULL FROM stream_consumers WHERE group_name = $1")
                        .execute(Tuple.of(group))
                        .chain(rows -> {
                            boolean filled = rows.size() > 0 && rows.iterator().next().getBoolean(0);
                            if (filled && !owed) {
                                return Uni.createFrom().item(true);
                            }
                            Log.infof("Event consumer %s: filling from the source", group);
                            long start = System.nanoTime();
                            return fill()
                                    .chain(() -> tx.preparedQuery("INSERT INTO stream_consumers (group_name, filled_at) VALUES ($1, now()) "
                                            + "ON CONFLICT (group_name) DO UPDATE SET filled_at = now()").execute(Tuple.of(group)))
                                    .invoke(() -> Log.infof("Event consumer %s: filled in %d ms", group,
                                            (System.nanoTime() - start) / 1_000_000))
                                    .replaceWith(true);
                        }), false)
                .chain(done -> {
                    if (!done) {
                        return Uni.createFrom().voidItem();
                    }
                    // Committed: the fill is on record, and it holds what the trimmed entries said.
                    fillOwed &= !owed;
                    filledBefore = true;
                    return skipTo == null ? Uni.createFrom().voidItem() : skipPast(skipTo);
                })
                .eventually(() -> filling.set(false));
    }

    /**
     * Moves the group past the trimmed entries a fill covered, unless it got there meanwhile: otherwise, with no new
     * event to carry it forward, every check would find it behind again and fill again.
     */
    private Uni<Void> skipPast(String id) {
        return trimmedPastUs().chain(stillBehind -> stillBehind == null
                        ? Uni.createFrom().voidItem()
                        : redis.execute("XGROUP", "SETID", stream, group, id).replaceWithVoid())
                .invoke(() -> trimmedTo = null);
    }

    /**
     * The id the stream was trimmed to when that is past this group's position (entries were dropped that it never
     * read: it was down longer than the stream keeps events), null otherwise.
     */
    Uni<String> trimmedPastUs() {
        return redis.execute("XINFO", "STREAM", stream).chain(info -> {
            String maxDeleted = field(info, "max-deleted-entry-id");
            return redis.execute("XINFO", "GROUPS", stream).map(groups -> {
                for (Response g : groups) {
                    if (group.equals(field(g, "name"))) {
                        String delivered = field(g, "last-delivered-id");
                        return maxDeleted != null && delivered != null && compare(maxDeleted, delivered) > 0 ? maxDeleted : null;
                    }
                }
                return null;
            });
        }).ifNoItem().after(CALL_TIMEOUT).fail();
    }

    /** Entries pending for longer than the claim idle time (a replica died holding them): this replica takes them. */
    private Uni<Void> claim() {
        return redis.execute("XAUTOCLAIM", stream, group, consumer, String.valueOf(claimIdle.toMillis()), "0-0",
                        "COUNT", String.valueOf(batchSize()))
                .chain(reply -> {
                    List<Entry> claimed = entries(reply.get(1));
                    return claimed.isEmpty() ? Uni.createFrom().voidItem() : deliveries(claimed).chain(this::processClaimed);
                });
    }

    private Uni<Void> processClaimed(List<Entry> claimed) {
        List<Entry> retry = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        for (Entry entry : claimed) {
            if (entry.deliveries() > MAX_DELIVERIES) {
                Log.errorf("Event consumer %s: setting aside event %s after %d failed deliveries: %s", group, entry.id(),
                        entry.deliveries(), entry.json());
                setAside.add(entry.id());
            } else {
                retry.add(entry);
            }
        }
        if (!setAside.isEmpty()) {
            fillOwed = true; // what the set-aside events said comes back with the fill
        }
        return ack(setAside).chain(() -> process(retry));
    }

    /** Consumers idle for {@link #GONE_AFTER} with nothing pending belong to replicas that are gone. */
    private Uni<Void> forgetGoneConsumers() {
        return redis.execute("XINFO", "CONSUMERS", stream, group).chain(consumers -> {
            List<String> gone = new ArrayList<>();
            for (Response c : consumers) {
                String name = field(c, "name");
                Response idle = c.get("idle");
                Response pending = c.get("pending");
                if (name != null && !name.equals(consumer) && idle != null && pending != null
                        && idle.toLong() > GONE_AFTER.toMillis() && pending.toLong() == 0) {
                    gone.add(name);
                }
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String name : gone) {
                chain = chain.chain(() -> redis.execute("XGROUP", "DELCONSUMER", stream, group, name).replaceWithVoid());
            }
            return chain;
        });
    }

    /**
     * Applies the entries this consumer wants as one batch in one transaction and acknowledges them all; when the
     * batch fails, one by one (each in its own transaction), acknowledging those applied: an event that cannot be
     * applied yet holds up no other.
     */
    Uni<Void> process(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Entry> wanted = entries.stream().filter(e -> e.envelope() != null && wants(e.envelope())).toList();
        List<String> all = entries.stream().map(Entry::id).toList();
        if (wanted.size() <= 1) {
            return oneByOne(entries);
        }
        return applyOnce(wanted).chain(() -> ack(all)).onFailure().recoverWithUni(failure -> {
            Log.debugf("Event consumer %s: a batch of %d failed (%s); applying its events one by one", group, wanted.size(),
                    failure.toString());
            return oneByOne(entries);
        });
    }

    private Uni<Void> oneByOne(List<Entry> entries) {
        List<String> done = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Entry entry : entries) {
            chain = chain.chain(() -> (entry.envelope() == null || !wants(entry.envelope())
                            ? Uni.createFrom().voidItem() // nothing to apply: acknowledged as done
                            : applyOnce(List.of(entry)))
                    .invoke(() -> done.add(entry.id()))
                    .onFailure().recoverWithUni(failure -> {
                        Log.warnf("Event consumer %s: event %s not applied yet (%s); it is retried", group, entry.id(), failure.toString());
                        return Uni.createFrom().voidItem();
                    }));
        }
        return chain.chain(() -> ack(done));
    }

    /** The entries' ids recorded and the new ones applied, in one transaction; then {@link #committed}. */
    private Uni<Void> applyOnce(List<Entry> batch) {
        List<JsonObject> envelopes = batch.stream().map(Entry::envelope).toList();
        String[] ids = envelopes.stream().map(e -> e.getString("id")).toArray(String[]::new);
        return db.withTransaction(tx -> tx.preparedQuery("INSERT INTO consumed_events (group_name, event_id) "
                                + "SELECT $1, unnest($2::text[])::uuid ON CONFLICT DO NOTHING RETURNING event_id::text")
                        .execute(Tuple.of(group, ids))
                        .chain(rows -> {
                            Set<String> fresh = new HashSet<>();
                            rows.forEach(row -> fresh.add(row.getString(0)));
                            // Each id once, in stream order (an entry delivered twice in one batch is applied once);
                            // ids compared as PostgreSQL writes them (lower case).
                            List<JsonObject> apply = envelopes.stream()
                                    .filter(e -> fresh.remove(UUID.fromString(e.getString("id")).toString())).toList();
                            return apply.isEmpty() ? Uni.createFrom().<R>nullItem() : apply(tx, apply);
                        }))
                // A failure here leaves the batch unacknowledged: its redelivery finds it applied and runs this again.
                .call(result -> committed(envelopes, result))
                .replaceWithVoid();
    }

    private Uni<Void> ack(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> args = new ArrayList<>(List.of(stream, group));
        args.addAll(ids);
        return redis.execute("XACK", args.toArray(String[]::new)).replaceWithVoid();
    }

    /** How often each claimed entry has been delivered (XPENDING's count). */
    private Uni<List<Entry>> deliveries(List<Entry> claimed) {
        String first = claimed.get(0).id();
        String last = claimed.get(claimed.size() - 1).id();
        return redis.execute("XPENDING", stream, group, first, last, String.valueOf(claimed.size() + batchSize()), consumer)
                .map(pending -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Response p : pending) {
                        counts.put(p.get(0).toString(), p.get(3).toLong());
                    }
                    return claimed.stream().map(e -> e.withDeliveries(counts.getOrDefault(e.id(), 1L))).toList();
                });
    }

    /** Removes what was consumed before {@code olderThan} (the stream no longer holds those events). */
    public Uni<Integer> prune(Duration olderThan) {
        return OncePerCluster.run(db, ClusterLock.CONSUMED_EVENTS_PRUNE, tx -> tx.preparedQuery(
                        "DELETE FROM consumed_events WHERE group_name = $1 AND consumed_at < now() - make_interval(secs => $2)")
                .execute(Tuple.of(group, (double) olderThan.toSeconds())).map(rows -> rows.rowCount()), 0);
    }

    /** One stream entry: its id and its envelope (null when the entry is not an event envelope). */
    record Entry(String id, JsonObject envelope, String json, long deliveries) {
        Entry withDeliveries(long count) {
            return new Entry(id, envelope, json, count);
        }
    }

    static List<Entry> entries(Response reply) {
        List<Entry> entries = new ArrayList<>();
        if (reply == null) {
            return entries;
        }
        for (Response entry : reply) {
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue; // an entry deleted from the stream while pending
            }
            String id = entry.get(0).toString();
            Response fields = entry.get(1);
            String json = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (EventStream.ENVELOPE_FIELD.equals(fields.get(i).toString())) {
                    json = fields.get(i + 1).toString();
                }
            }
            JsonObject envelope = null;
            try {
                envelope = json == null ? null : new JsonObject(json);
                if (envelope != null && envelope.getString("id") == null) {
                    envelope = null;
                }
            } catch (RuntimeException malformed) {
                Log.warnf("Skipping malformed event %s", id);
            }
            entries.add(new Entry(id, envelope, json, 1));
        }
        return entries;
    }

    /** The entries of the one stream an XREADGROUP reply holds. */
    private static List<Entry> streamEntries(Response reply) {
        for (Response stream : reply) {
            return entries(stream.get(1));
        }
        return List.of();
    }

    /** A field of an XINFO reply (a flat list of names and values, or a map). */
    private static String field(Response info, String name) {
        Response value = info.get(name);
        return value == null ? null : value.toString();
    }

    /** Stream ids ({@code <ms>-<seq>}) as the pair of numbers they are. */
    public static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byMillis = Long.compareUnsigned(Long.parseUnsignedLong(x[0]), Long.parseUnsignedLong(y[0]));
        return byMillis != 0 ? byMillis : Long.compareUnsigned(Long.parseUnsignedLong(x[1]), Long.parseUnsignedLong(y[1]));
    }
}
