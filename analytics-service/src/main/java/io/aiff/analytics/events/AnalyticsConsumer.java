package io.aiff.analytics.events;

import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.SummaryRepository;
import io.aiff.analytics.service.FactsWriter;
import io.aiff.analytics.service.Rebuilder;
import io.aiff.analytics.service.SummaryCache;
import io.aiff.common.db.EventsConfig;
import io.aiff.common.db.StreamConsumer;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Feeds the facts from ticket-service's events as the consumer group {@code analytics} (each event applied once
 * across replicas, acknowledged after its transaction commits; see {@link StreamConsumer}), to the current generation
 * and to the one a running rebuild builds ({@link FactsWriter}). analytics-service's own {@code analytics.*} events
 * are not read. What the stream cannot give — events from before the group existed, events trimmed away while it was
 * down, an event set aside after failing again and again — a rebuild from ticket-service's export gives: the fill
 * starts one ({@code aiff.analytics.rebuild-on-fill}).
 */
@Singleton
public class AnalyticsConsumer extends StreamConsumer<FactsWriter.Touched> {

    public static final String GROUP = "analytics";
    static final int BATCH = 500;

    private final FactsWriter writer;
    private final Rebuilder rebuilder;
    private final boolean rebuildOnFill;
    private final SummaryRepository summaries;
    private final SummaryCache cache;

    public AnalyticsConsumer(Vertx vertx, Pool db, ReactiveRedisDataSource redis, RedisKeys keys, FactsWriter writer,
                             Rebuilder rebuilder, EventsConfig events, AnalyticsConfig config, SummaryRepository summaries,
                             SummaryCache cache) {
        super(vertx, db, redis, keys, GROUP, events);
        this.writer = writer;
        this.summaries = summaries;
        this.cache = cache;
        this.rebuilder = rebuilder;
        this.rebuildOnFill = config.rebuildOnFill();
    }

    /** Statements per batch cost about the same at 500 as at 100: larger batches keep up with bursts. */
    @Override
    protected int batchSize() {
        return BATCH;
    }

    @Override
    protected boolean wants(JsonObject envelope) {
        return FactsWriter.wants(envelope);
    }

    /** The batch applied to the facts, and the teams and zones it touched marked for publishing, in one transaction. */
    @Override
    protected Uni<FactsWriter.Touched> apply(SqlConnection tx, List<JsonObject> envelopes) {
        return writer.generations(tx).chain(generations -> writer.apply(tx, generations, envelopes))
                .call(touched -> summaries.mark(tx, touched.teams(), touched.zones()));
    }

    /**
     * The cached numbers of the teams and zones touched dropped, once committed: those the batch's events name and
     * those their tickets' histories hold (a reassignment changes the old team's numbers too). After a repeated
     * delivery (a replica died after its commit, or its drop failed) the named ones are dropped again; a failure
     * leaves the batch unacknowledged, so that it is dropped on the next delivery.
     */
    @Override
    protected Uni<Void> committed(List<JsonObject> envelopes, FactsWriter.Touched touched) {
        FactsWriter.Touched named = FactsWriter.named(envelopes);
        if (touched != null) {
            named.teams().addAll(touched.teams());
            named.zones().addAll(touched.zones());
        }
        return cache.invalidate(named.teams(), named.zones());
    }

    /**
     * Starts a rebuild from the source (it runs in the background; one already running covers it too). A rebuild
     * that then fails is logged as an error and is started again by hand ({@code POST /api/analytics/rebuild}).
     */
    @Override
    protected Uni<Void> fill() {
        if (!rebuildOnFill) {
            return Uni.createFrom().voidItem();
        }
        return rebuilder.start("system").invoke(r -> Log.infof("Event consumer %s: rebuild %d started to fill in what the "
                        + "stream cannot give", GROUP, r.id()))
                .onFailure(f -> f instanceof ProblemException p && p.problem().getStatus() == 409).recoverWithNull()
                .replaceWithVoid();
    }
}
