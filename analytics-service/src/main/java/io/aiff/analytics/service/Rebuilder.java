package io.aiff.analytics.service;

import io.aiff.analytics.Rebuild;
import io.aiff.analytics.client.TicketSource;
import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.RebuildRepository;
import io.aiff.analytics.repository.SummaryRepository;
import io.aiff.common.events.EventStream;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the facts from the source (analytics-service README, "Rebuild"): a new generation is opened (from then on
 * the consumer writes every event to it too), the stream position recorded, ticket-service's export read page by page
 * into it, the events published since that position applied to it, and then it becomes current in one update. The
 * same change told by the export and by an event counts once (the history's change keys), so the order in which the
 * three arrive does not matter. Runs on the replica that accepted the request; if that replica dies, the rebuild is
 * failed a minute later by the next request, and the consumer stops writing its generation.
 */
@ApplicationScoped
public class Rebuilder {

    static final int REPLAY_BATCH = 500;
    static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    static final Duration RETRY_MAX = Duration.ofSeconds(20);
    /** How long a rebuild waits for ticket-service, page by page, before it fails. */
    static final Duration RETRY_FOR = Duration.ofMinutes(5);
    private static final int DROP_BATCH = 5000;

    private final Pool db;
    private final RebuildRepository rebuilds;
    private final TicketSource source;
    private final FactsWriter writer;
    private final ReactiveRedisDataSource redis;
    private final String stream;
    private final int page;
    private final SummaryRepository summaries;
    private final SummaryCache cache;
    private final DailyHistory daily;

    public Rebuilder(Pool db, RebuildRepository rebuilds, TicketSource source, FactsWriter writer,
                     ReactiveRedisDataSource redis, RedisKeys keys, AnalyticsConfig config, SummaryRepository summaries,
                     SummaryCache cache, DailyHistory daily) {
        this.db = db;
        this.daily = daily;
        this.summaries = summaries;
        this.cache = cache;
        this.rebuilds = rebuilds;
        this.source = source;
        this.writer = writer;
        this.redis = redis;
        this.stream = keys.key(EventStream.KEY);
        this.page = config.rebuildPage();
    }

    /**
     * Starts a rebuild (409 while one runs) and answers it as started; the work goes on in the background.
     *
     * @param requestedBy who asked ({@code user:1}; {@code system} for the consumer's fill)
     */
    public Uni<Rebuild> start(String requestedBy) {
        return db.withTransaction(tx -> rebuilds.lockRunning(tx).chain(running -> {
                    if (running != null) {
                        throw new ProblemException(Problem.conflict("Rebuild " + running.id() + " is still running.")
                                .with("current", running.status()));
                    }
                    return rebuilds.start(tx, requestedBy);
                }))
                .chain(started -> position().chain(position -> rebuilds.positionAt(db, started.id(), position)))
                .invoke(started -> run(started).subscribe().with(
                        done -> Log.infof("Rebuild %d completed", started.id()),
                        failure -> {
                            Log.errorf("Rebuild %d failed: %s", started.id(), failure.toString());
                            rebuilds.fail(db, started.id(), failure.getMessage() == null ? failure.toString() : failure.getMessage())
                                    .subscribe().with(ignored -> { }, ignored -> { });
                        }));
    }

    public Uni<Rebuild> find(int id) {
        return rebuilds.find(db, id).onItem().ifNull().failWith(() -> ProblemException.notFound("Rebuild"));
    }

    Uni<Void> run(Rebuild r) {
        List<Integer> generation = List.of(r.generation());
        return export(r, generation)
                .chain(() -> rebuilds.catchingUp(db, r.id()))
                .chain(() -> replay(r, generation))
                // Swapped, and every team and zone marked to be published again, in one transaction; then their cached
                // numbers (of the old generation) dropped.
                .chain(() -> db.withTransaction(tx -> rebuilds.complete(tx, r).chain(swapped -> {
                    if (!swapped) {
                        throw new IllegalStateException("rebuild " + r.id() + " was failed as dead meanwhile; not swapped in");
                    }
                    return summaries.markAll(tx);
                })))
                .call(changed -> cache.invalidate(changed.teams(), changed.zones()).onFailure().recoverWithNull()) // aged out in the TTL
                // The history too: it was computed from the old generation. A failure leaves it to the next check.
                .call(() -> daily.refreshNow().onFailure().recoverWithUni(failure -> {
                    Log.warnf("Rebuild %d: the daily history was not refreshed (%s)", r.id(), failure.toString());
                    return Uni.createFrom().item(false);
                }))
                .chain(() -> dropOld());
    }

    /**
     * The export, page by page, each page in one transaction of its own. A loop, not a recursion: a page is let go
     * once written (a chain of a million tickets' pages would be held until the end).
     */
    private Uni<Void> export(Rebuild r, List<Integer> generation) {
        AtomicReference<String> cursor = new AtomicReference<>();
        return Multi.createBy().repeating().uni(() -> exportPage(cursor.get(), r, generation).invoke(cursor::set))
                .whilst(next -> !next.isEmpty()).collect().last().replaceWithVoid();
    }

    /** One page of the export written; answers the next page's cursor ("" after the last). */
    private Uni<String> exportPage(String cursor, Rebuild r, List<Integer> generation) {
        return stillRunning(r).chain(() -> source.stories(cursor, page)
                        // ticket-service (or auth-service) starting or restarting: wait for it rather than fail the rebuild.
                        // Each try touches the rebuild, so that it is not taken for dead while it waits.
                        .onFailure(Rebuilder::unavailable).call(() -> rebuilds.progress(db, r.id(), 0, 0))
                        .onFailure(Rebuilder::unavailable).retry().withBackOff(RETRY_FIRST, RETRY_MAX).expireIn(RETRY_FOR.toMillis()))
                .chain(stories -> {
                    String next = stories.nextCursor() == null ? "" : stories.nextCursor();
                    int tickets = stories.tickets().size();
                    List<JsonObject> events = stories.tickets().stream().flatMap(List::stream).toList();
                    return applyAll(events, generation).chain(() -> rebuilds.progress(db, r.id(), tickets, 0)).replaceWith(next);
                });
    }

    /** Events applied to a generation in one transaction (as one batch). */
    private Uni<Void> applyAll(List<JsonObject> events, List<Integer> generation) {
        return db.withTransaction(tx -> writer.apply(tx, generation, events)).replaceWithVoid();
    }

    /** The events published since the rebuild started, in stream order, batch by batch (a loop, as the export). */
    private Uni<Void> replay(Rebuild r, List<Integer> generation) {
        AtomicReference<String> after = new AtomicReference<>(r.streamPosition());
        return Multi.createBy().repeating().uni(() -> replayBatch(after, r, generation))
                .whilst(full -> full).collect().last().replaceWithVoid();
    }

    /** One batch after {@code after} applied (and {@code after} moved past it); answers whether it was full. */
    private Uni<Boolean> replayBatch(AtomicReference<String> after, Rebuild r, List<Integer> generation) {
        return redis.execute("XRANGE", stream, "(" + after.get(), "+", "COUNT", String.valueOf(REPLAY_BATCH)).chain(reply -> {
            List<JsonObject> events = new ArrayList<>();
            for (Response entry : reply) {
                after.set(entry.get(0).toString());
                Response fields = entry.get(1);
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    if (EventStream.ENVELOPE_FIELD.equals(fields.get(i).toString())) {
                        try {
                            JsonObject envelope = new JsonObject(fields.get(i + 1).toString());
                            if (FactsWriter.wants(envelope)) {
                                events.add(envelope);
                            }
                        } catch (RuntimeException notAnEnvelope) {
                            // the consumer sets such entries aside too
                        }
                    }
                }
            }
            boolean full = reply.size() == REPLAY_BATCH;
            return (events.isEmpty() ? Uni.createFrom().voidItem() : applyAll(events, generation))
                    .chain(() -> rebuilds.progress(db, r.id(), 0, events.size())).replaceWith(full);
        });
    }

    private static boolean unavailable(Throwable failure) {
        return failure instanceof ProblemException p && p.problem().getStatus() == 503;
    }

    /** Stops a rebuild that was failed as dead meanwhile (a slow page let another request take over). */
    private Uni<Void> stillRunning(Rebuild r) {
        return rebuilds.running(db, r.id()).invoke(running -> {
            if (!running) {
                throw new IllegalStateException("rebuild " + r.id() + " was failed as dead meanwhile");
            }
        }).replaceWithVoid();
    }

    /** The stream's last entry id now ({@code 0-0} when it is empty or missing). */
    private Uni<String> position() {
        return redis.execute("XREVRANGE", stream, "+", "-", "COUNT", "1")
                .map(reply -> reply == null || reply.size() == 0 ? "0-0" : reply.get(0).get(0).toString());
    }

    /** The replaced generation's rows, a batch at a time. */
    private Uni<Void> dropOld() {
        return rebuilds.dropOldGenerations(db, DROP_BATCH)
                .chain(dropped -> dropped == 0 ? Uni.createFrom().voidItem() : dropOld());
    }
}
