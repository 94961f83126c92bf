package io.aiff.analytics.events;

import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.service.FactsWriter;
import io.aiff.analytics.service.Rebuilder;
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

/**
 * Feeds the facts from ticket-service's events as the consumer group {@code analytics} (each event applied once
 * across replicas, acknowledged after its transaction commits; see {@link StreamConsumer}), to the current generation
 * and to the one a running rebuild builds ({@link FactsWriter}). analytics-service's own {@code analytics.*} events
 * are not read. What the stream cannot give — events from before the group existed, events trimmed away while it was
 * down, an event set aside after failing again and again — a rebuild from ticket-service's export gives: the fill
 * starts one ({@code aiff.analytics.rebuild-on-fill}).
 */
@Singleton
public class AnalyticsConsumer extends StreamConsumer {

    public static final String GROUP = "analytics";

    private final FactsWriter writer;
    private final Rebuilder rebuilder;
    private final boolean rebuildOnFill;

    public AnalyticsConsumer(Vertx vertx, Pool db, ReactiveRedisDataSource redis, RedisKeys keys, FactsWriter writer,
                             Rebuilder rebuilder, EventsConfig events, AnalyticsConfig config) {
        super(vertx, db, redis, keys, GROUP, events);
        this.writer = writer;
        this.rebuilder = rebuilder;
        this.rebuildOnFill = config.rebuildOnFill();
    }

    @Override
    protected boolean wants(JsonObject envelope) {
        return FactsWriter.wants(envelope);
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, JsonObject envelope) {
        return writer.generations(tx).chain(generations -> writer.apply(tx, generations, envelope));
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
