package io.aiff.ticket.events;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.db.StreamConsumer;
import io.aiff.common.events.Envelope;
import io.aiff.common.events.EventStream;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directory consumer against real Redis Streams and PostgreSQL: events applied once whatever the deliveries,
 * the newest version winning in either order, a dead replica's entries taken over, and a stream trimmed past the
 * group answered by a fill from team-service. (Test settings: claim after 1 s idle, checks every second.)
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class DirectoryConsumerTest {

    static final String ADMIN = TestTokens.admin();

    @Inject
    AgroalDataSource db;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @BeforeEach
    void directoryFilled() throws Exception {
        Zones.awaitDirectory(db);
    }

    private String stream() {
        return keys.key(EventStream.KEY);
    }

    private static JsonObject zoneEvent(int id, String name, int version) {
        JsonObject zone = TeamServiceStub.zone(id, name, 4.85, 100.74, version);
        return Envelope.of("zone.updated", DirectoryConsumer.SOURCE, id, id, name, null, "user:1", zone);
    }

    private void publish(JsonObject envelope) {
        redis.execute("XADD", stream(), "*", EventStream.ENVELOPE_FIELD, envelope.encode());
    }

    private String zoneName(int id) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("SELECT name FROM zones WHERE id = ?")) {
            q.setInt(1, id);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private int consumed(String eventId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM consumed_events WHERE group_name = ? AND event_id = ?::uuid")) {
            q.setString(1, DirectoryConsumer.GROUP);
            q.setString(2, eventId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private String nameOrFail(int id) {
        try {
            return zoneName(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anEventIsAppliedOnceHoweverOftenItIsDelivered() throws Exception {
        JsonObject first = zoneEvent(51, "Taiping", 1);
        publish(first);
        await("zone 51 is in the directory", () -> "Taiping".equals(nameOrFail(51)));
        assertEquals(1, consumed(first.getString("id")));

        // The same event again (same id) but saying something else: a repeated delivery changes nothing.
        JsonObject again = first.copy().put("data", first.getJsonObject("data").copy().put("name", "Not applied").put("version", 5));
        publish(again);
        JsonObject marker = zoneEvent(52, "Marker", 1);
        publish(marker);
        await("the marker after it is applied", () -> "Marker".equals(nameOrFail(52)));
        assertEquals("Taiping", zoneName(51));
        assertEquals(1, consumed(first.getString("id")));
    }

    @Test
    void theNewestVersionWinsAndARenameReachesTheTickets() throws Exception {
        publish(zoneEvent(53, "Lumut", 3));
        await("zone 53 is in the directory", () -> "Lumut".equals(nameOrFail(53)));
        int ticket = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", "Jetty light out", "zone_id", 53))
                .when().post("/api/tickets").then().statusCode(201).body("zone", equalTo("Lumut")).extract().path("id");

        // An older version arriving late is ignored; the next one renames the zone and its tickets' displayed zone.
        publish(zoneEvent(53, "Old name", 2));
        publish(zoneEvent(53, "Lumut Utara", 4));
        await("the rename is applied", () -> "Lumut Utara".equals(nameOrFail(53)));
        given().auth().oauth2(ADMIN).when().get("/api/tickets/" + ticket).then().statusCode(200)
                .body("zone", equalTo("Lumut Utara")).body("zone_id", equalTo(53));
        TeamServiceStub.zone(53, "Lumut Utara", 4.23, 100.63, 4);
    }

    @Test
    void aDeadReplicasEntriesAreTakenOver() throws Exception {
        JsonObject event = zoneEvent(54, "Teluk Intan", 1);
        // Added and read by a replica that then dies, in one step (the live consumer never sees it as new).
        String id = redis.execute("EVAL", """
                local id = redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[2])
                redis.call('XREADGROUP', 'GROUP', ARGV[3], 'dead-replica', 'COUNT', '1000', 'STREAMS', KEYS[1], '>')
                return id""", "1", stream(), EventStream.ENVELOPE_FIELD, event.encode(), DirectoryConsumer.GROUP).toString();
        assertEquals(1, redis.execute("XPENDING", stream(), DirectoryConsumer.GROUP, id, id, "1", "dead-replica").size());

        await("a live replica claimed and applied it", () -> "Teluk Intan".equals(nameOrFail(54)));
        await("it is acknowledged", () -> redis.execute("XPENDING", stream(), DirectoryConsumer.GROUP, id, id, "1").size() == 0);
    }

    @Test
    void aStreamTrimmedPastTheGroupIsAnsweredByAFill() throws Exception {
        // team-service has a zone whose event the stream dropped before the group read it.
        TeamServiceStub.zone(55, "Sitiawan", 4.22, 100.7, 1);
        redis.execute("EVAL", """
                local id = redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[2])
                redis.call('XDEL', KEYS[1], id)
                return id""", "1", stream(), EventStream.ENVELOPE_FIELD, zoneEvent(55, "Sitiawan", 1).encode());
        await("the fill brought the zone", () -> "Sitiawan".equals(nameOrFail(55)));

        // Once filled, the group is moved past what was dropped: no fill on every check from then on.
        await("the group is past the trimmed entry", () -> {
            var info = redis.execute("XINFO", "GROUPS", stream());
            for (var group : info) {
                if (DirectoryConsumer.GROUP.equals(group.get("name").toString())) {
                    String delivered = group.get("last-delivered-id").toString();
                    String trimmed = redis.execute("XINFO", "STREAM", stream()).get("max-deleted-entry-id").toString();
                    return !delivered.equals("0-0") && StreamConsumer.compare(delivered, trimmed) >= 0;
                }
            }
            return false;
        });
        List<String> fills = fillTimes();
        Thread.sleep(2_500);
        assertEquals(fills, fillTimes(), "no further fill");
        assertTrue(fills.size() == 1);
    }

    /** An event that keeps failing is set aside after 5 deliveries, and the directory is filled again for it. */
    @Test
    void anEventSetAsideIsMadeGoodByAFill() throws Exception {
        TeamServiceStub.zone(56, "Kampar", 4.3, 101.15, 1); // what team-service has, told by the event that fails
        JsonObject poisoned = Envelope.of("zone.updated", DirectoryConsumer.SOURCE, 56, 56, "Kampar", null, "user:1",
                new JsonObject().put("version", 2)); // no name: the directory cannot store it
        publish(poisoned);
        await("the fill brought the zone", () -> "Kampar".equals(nameOrFail(56)));
        await("the failing event is acknowledged", () -> redis.execute("XPENDING", stream(), DirectoryConsumer.GROUP).get(0).toLong() == 0);
    }

    /** A team-service of the previous release writes team events without zones: they are unknown, not none. */
    @Test
    void aTeamEventWithoutZonesLeavesTheTeamsZones() throws Exception {
        JsonObject team = TeamServiceStub.team(Zones.KUCHING_CREW, "Kuching Crew", 7, List.of(Zones.KUCHING)).copy();
        team.remove("zones");
        publish(Envelope.of("team.updated", DirectoryConsumer.SOURCE, Zones.KUCHING_CREW, Zones.KUCHING, "Kuching", Zones.KUCHING_CREW,
                "user:1", team));
        await("the team's new version is applied", () -> teamVersion(Zones.KUCHING_CREW) == 7);
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("SELECT zone_id FROM team_zones WHERE team_id = ?")) {
            q.setInt(1, Zones.KUCHING_CREW);
            try (ResultSet rows = q.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(Zones.KUCHING, rows.getInt(1));
            }
        }
    }

    private int teamVersion(int id) {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement("SELECT version FROM teams WHERE id = ?")) {
            q.setInt(1, id);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getInt(1) : -1;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> fillTimes() throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT filled_at::text FROM stream_consumers WHERE group_name = ?")) {
            q.setString(1, DirectoryConsumer.GROUP);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? List.of(rows.getString(1)) : List.of();
            }
        }
    }
}
