package io.aiff.analytics.events;

import io.aiff.analytics.Stories;
import io.aiff.analytics.Story;
import io.aiff.analytics.service.SummaryCache;
import io.aiff.analytics.service.SummaryPublisher;
import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caches of the original model ({@code team:performance:{id}}, {@code zone:analytics:{id}}) never answer a number
 * from before an event once it is applied, and changed numbers are published as {@code analytics.updated} and
 * {@code analytics.team_performance_updated}, at most once a second per team or zone. Team 70 and zone 30 (Seremban)
 * are this test's own, and so is its database (a profile of its own: the other tests list every team with work).
 */
@QuarkusTest
@TestProfile(LiveNumbersTest.OwnDatabase.class)
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "analytics"))
class LiveNumbersTest {

    public static class OwnDatabase implements QuarkusTestProfile {
    }

    /** A day of this test's own: the other tests' lists of 2026-11-02 do not see its teams and zones. */
    private static final String DAY = "2026-11-09";
    private static final String PERIOD = "?from=" + DAY + "&to=" + DAY;

    @Inject
    Stories stories;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    SummaryCache cache;

    @Test
    void aReadAfterAnEventNeverAnswersTheNumberFromBeforeIt() throws InterruptedException {
        stories.awaitGroup();
        feed(new Story(701, 30, "Seremban", DAY, "09:00").assign("09:10", 70, 7001, false)
                .move("09:20", "assigned", "in_progress", false).resolve("10:00", false, 30, null).events);
        assertEquals(1, completed(), "one resolution");
        assertEquals(1, zoneTickets());
        assertTrue(redis.key().exists(cache.teamKey(70)), "cached as team:performance:70");
        assertTrue(redis.key().ttl(cache.teamKey(70)) > 0, "with a TTL");
        assertTrue(redis.key().exists(cache.zoneKey(30)), "cached as zone:analytics:30");

        for (int ticket = 702; ticket <= 704; ticket++) {
            feed(new Story(ticket, 30, "Seremban", DAY, "11:00").assign("11:10", 70, ticket * 10, false)
                    .move("11:20", "assigned", "in_progress", false).resolve("12:00", false, 30, null).events);
            assertEquals(ticket - 700, completed(), "read right after the event: the new number, not the cached one");
            assertEquals(ticket - 700, zoneTickets());
            assertEquals(ticket - 700, zoneDaysResolved(), "the zone's daily numbers too (cached in its hash)");
        }
    }

    @Test
    void changedNumbersArePublishedAtMostOnceASecondPerTeamOrZone() throws InterruptedException {
        stories.awaitGroup();
        String from = lastEntryId();
        // Ten changes of team 71, one every 100 ms or so (each waits for its events to be applied).
        for (int ticket = 711; ticket <= 720; ticket++) {
            feed(new Story(ticket, 31, "Rembau", DAY, "09:00").assign("09:10", 71, ticket * 10, false).events);
            Thread.sleep(100);
        }
        Thread.sleep(2500);
        List<JsonObject> team = published(from, SummaryPublisher.UPDATED, "team:71");
        List<JsonObject> zone = published(from, SummaryPublisher.UPDATED, "zone:31");
        List<JsonObject> columns = published(from, SummaryPublisher.TEAM_PERFORMANCE, "71");
        assertFalse(team.isEmpty(), "the team's change published");
        assertFalse(zone.isEmpty(), "the zone's change published");
        assertEquals(team.size(), columns.size(), "team-service's columns with every team update");
        assertTrue(team.size() < 10, "coalesced: " + team.size() + " updates for ten changes");
        assertSpacedBySecond(team);
        assertSpacedBySecond(zone);
        JsonObject last = team.get(team.size() - 1);
        assertEquals(71, last.getInteger("team_id"));
        assertEquals(null, last.getValue("zone_id"), "a team's numbers span zones: only callers who see everything");
        assertEquals("team", last.getJsonObject("data").getString("kind"));
        assertEquals(31, zone.get(zone.size() - 1).getInteger("zone_id"), "a zone's go to that zone's supervisors too");
        assertTrue(last.getJsonObject("data").getJsonObject("figures").containsKey("active_assignments"));
    }

    private void feed(List<JsonObject> events) throws InterruptedException {
        events.forEach(stories::publish);
        Set<String> ids = new HashSet<>(events.stream().map(e -> e.getString("id")).toList());
        stories.awaitConsumed(ids);
        awaitAcknowledged();
    }

    /** Applied and acknowledged: the consumer drops the caches after its commit and before it acknowledges. */
    private void awaitAcknowledged() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (redis.execute("XPENDING", keys.key(EventStream.KEY), AnalyticsConsumer.GROUP).get(0).toLong() > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the events were acknowledged");
            Thread.sleep(20);
        }
    }

    private static int completed() {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/teams/70/performance" + PERIOD)
                .then().statusCode(200).extract().jsonPath().getInt("performance.tickets_completed");
    }

    private static int zoneTickets() {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/zones/30" + PERIOD)
                .then().statusCode(200).extract().jsonPath().getInt("performance.total_tickets");
    }

    private static int zoneDaysResolved() {
        return given().auth().oauth2(TestTokens.admin()).when().get("/api/analytics/daily" + PERIOD + "&zone_id=30")
                .then().statusCode(200).extract().jsonPath().getList("items.tickets_resolved", Integer.class)
                .stream().mapToInt(Integer::intValue).sum();
    }

    private String lastEntryId() {
        Response last = redis.execute("XREVRANGE", keys.key(EventStream.KEY), "+", "-", "COUNT", "1");
        return last.size() == 0 ? "0-0" : last.get(0).get(0).toString();
    }

    private List<JsonObject> published(String after, String type, String aggregate) {
        List<JsonObject> found = new ArrayList<>();
        for (Response entry : redis.execute("XRANGE", keys.key(EventStream.KEY), "(" + after, "+")) {
            JsonObject e = new JsonObject(entry.get(1).get(1).toString());
            if (SummaryPublisher.SOURCE.equals(e.getString("source")) && type.equals(e.getString("type"))
                    && aggregate.equals(e.getString("aggregate_id"))) {
                found.add(e);
            }
        }
        return found;
    }

    private static void assertSpacedBySecond(List<JsonObject> events) {
        for (int i = 1; i < events.size(); i++) {
            Duration apart = Duration.between(Instant.parse(events.get(i - 1).getString("occurred_at")),
                    Instant.parse(events.get(i).getString("occurred_at")));
            assertTrue(apart.toMillis() >= 900, "published " + apart.toMillis() + " ms after the previous one");
        }
    }
}
