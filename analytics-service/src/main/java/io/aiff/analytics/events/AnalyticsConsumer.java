package io.aiff.analytics.events;

import io.aiff.analytics.repository.FactsRepository;
import io.aiff.analytics.service.TicketFacts;
import io.aiff.common.db.EventsConfig;
import io.aiff.common.db.StreamConsumer;
import io.aiff.common.security.RedisKeys;
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
 * across replicas, acknowledged after its transaction commits; see {@link StreamConsumer}). A ticket event joins the
 * ticket's history and the ticket's facts are folded again from all of it ({@link TicketFacts}); an assignment event
 * replaces the assignment's row when it is newer. analytics-service's own {@code analytics.*} events are not read.
 */
@Singleton
public class AnalyticsConsumer extends StreamConsumer {

    static final String GROUP = "analytics";
    static final String SOURCE = "ticket-service";

    private final FactsRepository facts;

    public AnalyticsConsumer(Vertx vertx, Pool db, ReactiveRedisDataSource redis, RedisKeys keys, FactsRepository facts,
                             EventsConfig events) {
        super(vertx, db, redis, keys, GROUP, events);
        this.facts = facts;
    }

    @Override
    public boolean wants(JsonObject envelope) {
        String type = envelope.getString("type", "");
        return SOURCE.equals(envelope.getString("source")) && (type.startsWith("ticket.") || type.startsWith("assignment."));
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, JsonObject envelope) {
        return facts.generations(tx).chain(generations -> applyTo(tx, generations, envelope));
    }

    /** Applies an event to each of the given generations of the facts (a rebuild's too, while it runs). */
    public Uni<Void> applyTo(SqlConnection tx, List<Integer> generations, JsonObject envelope) {
        int id;
        try {
            id = Integer.parseInt(envelope.getString("aggregate_id"));
        } catch (NumberFormatException notOurs) {
            return Uni.createFrom().voidItem();
        }
        boolean assignment = envelope.getString("type").startsWith("assignment.");
        Uni<Void> chain = assignment ? Uni.createFrom().voidItem() : facts.lock(tx, id);
        for (int generation : generations) {
            chain = chain.chain(() -> assignment ? facts.putAssignment(tx, generation, envelope)
                    : facts.record(tx, generation, id, envelope).chain(history -> {
                        TicketFacts folded = TicketFacts.of(id, history);
                        return folded == null ? Uni.createFrom().voidItem() : facts.put(tx, generation, folded);
                    }));
        }
        return chain;
    }

    /**
     * The group starts at the stream's end: events published before analytics-service first ran are not in the
     * facts. (Filling from ticket-service's export is the rebuild's work, not built yet: README, "Not yet".)
     */
    @Override
    protected Uni<Void> fill() {
        return Uni.createFrom().voidItem();
    }
}
