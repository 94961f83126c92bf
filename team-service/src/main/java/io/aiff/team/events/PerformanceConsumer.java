package io.aiff.team.events;

import io.aiff.common.db.EventsConfig;
import io.aiff.common.db.StreamConsumer;
import io.aiff.common.security.RedisKeys;
import io.aiff.team.repository.TeamRepository;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A team's performance columns ({@code tickets_completed}, {@code customer_rating}, {@code response_time},
 * {@code completion_rate}, {@code efficiency}) are what analytics-service computes, not team-service: this consumer
 * (group {@code team-performance}, see {@link StreamConsumer}) stores each {@code analytics.team_performance_updated}
 * it publishes, unless the team holds numbers computed later already (events of two analytics replicas may cross).
 * A stored change moves the team's version (its ETag says what the body holds) but publishes no {@code team.updated}:
 * analytics' own event announces it. Nothing to fill from: analytics publishes every team again after a rebuild.
 */
@Singleton
public class PerformanceConsumer extends StreamConsumer<Void> {

    public static final String GROUP = "team-performance";
    static final String SOURCE = "analytics-service";
    static final String TYPE = "analytics.team_performance_updated";

    private final TeamRepository teams;

    public PerformanceConsumer(Vertx vertx, Pool db, ReactiveRedisDataSource redis, RedisKeys keys, TeamRepository teams,
                               EventsConfig events) {
        super(vertx, db, redis, keys, GROUP, events);
        this.teams = teams;
    }

    @Override
    protected boolean wants(JsonObject envelope) {
        return SOURCE.equals(envelope.getString("source")) && TYPE.equals(envelope.getString("type"));
    }

    @Override
    protected Uni<Void> apply(SqlConnection tx, List<JsonObject> envelopes) {
        return Multi.createFrom().iterable(envelopes).onItem().transformToUniAndConcatenate(e -> store(tx, e))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> store(SqlConnection tx, JsonObject envelope) {
        JsonObject d = envelope.getJsonObject("data", new JsonObject());
        Integer team = d.getInteger("team_id");
        String computedAt = d.getString("computed_at");
        if (team == null || computedAt == null) {
            return Uni.createFrom().voidItem();
        }
        return teams.setPerformance(tx, team, new TeamRepository.Performance(whole(d, "tickets_completed"),
                decimal(d, "customer_rating"), whole(d, "response_time"), decimal(d, "completion_rate"),
                decimal(d, "efficiency"), Instant.parse(computedAt)));
    }

    /** A number analytics had nothing to count for (null) is stored as 0, as the columns hold it. */
    private static int whole(JsonObject data, String field) {
        return data.getValue(field) instanceof Number n ? n.intValue() : 0;
    }

    private static BigDecimal decimal(JsonObject data, String field) {
        Object value = data.getValue(field);
        return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
    }

    @Override
    protected Uni<Void> fill() {
        return Uni.createFrom().voidItem();
    }
}
