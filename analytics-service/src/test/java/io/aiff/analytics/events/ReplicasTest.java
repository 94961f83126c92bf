package io.aiff.analytics.events;

import io.aiff.analytics.Stories;
import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.SummaryRepository;
import io.aiff.analytics.service.FactsWriter;
import io.aiff.analytics.service.Rebuilder;
import io.aiff.analytics.service.SummaryCache;
import io.aiff.common.db.EventsConfig;
import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two replicas share the stream; a third read ten events and died in the middle of them — five applied (committed),
 * none acknowledged. A live replica takes the ten over: nothing is lost, nothing counted twice.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
class ReplicasTest {

    private static final String PUBLISH_AND_DIE = """
            for i = 3, #ARGV do redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[i]) end
            redis.call('XREADGROUP', 'GROUP', ARGV[2], 'dead-replica', 'COUNT', '10', 'STREAMS', KEYS[1], '>')
            return 1""";

    @Inject
    Stories stories;

    @Inject
    Vertx vertx;

    @Inject
    Pool db;

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    @Inject
    RedisKeys keys;

    @Inject
    FactsWriter writer;

    @Inject
    Rebuilder rebuilder;

    @Inject
    AnalyticsConfig config;

    @Inject
    SummaryRepository summaries;

    @Inject
    SummaryCache cache;

    @Inject
    EventsConfig events;

    @Test
    void aReplicaDyingMidBatchLosesAndDoublesNothing() throws Exception {
        stories.awaitGroup();
        AnalyticsConsumer second = new AnalyticsConsumer(vertx, db, reactiveRedis, keys, writer, rebuilder, events, config,
                summaries, cache);
        second.start();
        try {
            List<JsonObject> day = Stories.day();
            // Published, and the first ten read by a replica that then dies — in one step, so that no live replica
            // sees those ten as new.
            List<String> args = new ArrayList<>(List.of(PUBLISH_AND_DIE, "1", keys.key(EventStream.KEY),
                    EventStream.ENVELOPE_FIELD, AnalyticsConsumer.GROUP));
            day.forEach(e -> args.add(e.encode()));
            redis.execute("EVAL", args.toArray(String[]::new));
            // It had applied (and committed) five of them when it died, acknowledging none.
            for (JsonObject event : day.subList(0, 5)) {
                db.withTransaction(tx -> tx.preparedQuery("INSERT INTO consumed_events (group_name, event_id) VALUES ($1, $2::uuid)")
                                .execute(Tuple.of(AnalyticsConsumer.GROUP, event.getString("id")))
                                .chain(() -> writer.generations(tx)).chain(generations -> writer.apply(tx, generations, List.of(event))))
                        .await().indefinitely();
            }
            Set<String> ids = new HashSet<>(day.stream().map(e -> e.getString("id")).toList());
            stories.awaitConsumed(ids);
            long deadline = System.currentTimeMillis() + 20_000;
            while (pending() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, pending(), "every event acknowledged, the dead replica's too");

            // The numbers of the day, as worked out by hand (PerformanceTest): nothing missing, nothing twice.
            JsonPath team = given().auth().oauth2(TestTokens.admin()).when()
                    .get("/api/analytics/teams/7/performance?from=2026-11-02&to=2026-11-02").then().statusCode(200).extract().jsonPath();
            assertEquals(2, team.getInt("performance.tickets_completed"));
            assertEquals(0.5f, team.getFloat("performance.reopen_rate"));
            assertEquals(0.6667f, team.getFloat("performance.efficiency"));
            assertEquals(25.0f, team.getFloat("performance.response_time"));
            JsonPath zone = given().auth().oauth2(TestTokens.admin()).when()
                    .get("/api/analytics/zones/3?from=2026-11-02&to=2026-11-02").then().statusCode(200).extract().jsonPath();
            assertEquals(3, zone.getInt("performance.total_tickets"));
            assertEquals(2, zone.getInt("performance.resolved_tickets"));
            assertEquals(1, zone.getInt("performance.closed_tickets"));
            assertEquals(1, zone.getInt("performance.open_tickets"));
            assertEquals(day.stream().filter(e -> e.getString("type").startsWith("ticket.")).count(),
                    db.query("SELECT count(*) FROM ticket_history WHERE ticket_id BETWEEN 1 AND 4").execute().await().indefinitely().iterator().next().getLong(0),
                    "each change stored once");
        } finally {
            second.stop();
        }
    }

    private long pending() {
        return redis.execute("XPENDING", keys.key(EventStream.KEY), AnalyticsConsumer.GROUP).get(0).toLong();
    }
}
