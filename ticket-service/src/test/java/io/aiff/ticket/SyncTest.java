package io.aiff.ticket;

import io.agroal.api.AgroalDataSource;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.repository.SyncRepository;
import io.aiff.ticket.service.Scope;
import io.aiff.ticket.service.SyncLogPrune;
import io.aiff.ticket.support.Sql;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/sync} (docs/api.md, "Offline sync"): what each caller may read, snapshot then changes, a change
 * committed late never skipped, tombstones, and 410 when the scope changed or the cursor is too old.
 */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class SyncTest {

    static final String ADMIN = TestTokens.admin();
    static final String CONTACT = "+60 12-555 0123";

    @Inject
    AgroalDataSource db;

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    SyncRepository log;

    @Inject
    io.aiff.ticket.config.TicketConfig config;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Inject
    SyncLogPrune prune;

    @BeforeEach
    void directory() throws Exception {
        Zones.awaitDirectory(db);
    }

    static int create(int zoneId, String title) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("title", title, "zone_id", zoneId, "customer_contact", CONTACT))
                .when().post("/api/tickets").then().statusCode(201).extract().path("id");
    }

    static JsonPath page(String token, String cursor, int limit) {
        var request = given().auth().oauth2(token).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.when().get("/api/sync").then().statusCode(200).extract().jsonPath();
    }

    /** Pages until has_more is false; answers the items of every page and the cursor to poll with. */
    static Synced drain(String token, String cursor, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        String next = cursor;
        for (int pages = 0; pages < 1000; pages++) {
            JsonPath page = page(token, next, limit);
            items.addAll(page.getList("items"));
            next = page.getString("next_cursor");
            assertNotNull(next, "every page carries next_cursor");
            if (!page.getBoolean("has_more")) {
                return new Synced(items, next);
            }
        }
        throw new AssertionError("sync never ended");
    }

    record Synced(List<Map<String, Object>> items, String cursor) {
        Set<Integer> upserted() {
            Set<Integer> ids = new HashSet<>();
            tickets().filter(i -> "upsert".equals(i.get("kind"))).forEach(i -> ids.add((Integer) i.get("id")));
            return ids;
        }

        /** The ticket items (assignments come beside them for callers holding assignments:read). */
        java.util.stream.Stream<Map<String, Object>> tickets() {
            return items.stream().filter(i -> "ticket".equals(i.get("type")));
        }

        Map<String, Object> of(int id) {
            Map<String, Object> last = null;
            for (Map<String, Object> item : items) {
                if ("ticket".equals(item.get("type")) && ((Integer) item.get("id")) == id) {
                    last = item;
                }
            }
            return last;
        }
    }

    /** Every ticket GET /api/tickets lists for the caller, by id. */
    static Set<Integer> listed(String token) {
        return listed(token, false);
    }

    /** Every ticket GET /api/tickets lists for the caller, by id; with {@code archived}, archived ones too. */
    static Set<Integer> listed(String token, boolean archived) {
        Set<Integer> ids = new HashSet<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(token).queryParam("limit", 200).queryParam("archived", archived);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/tickets").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id", Integer.class));
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return ids;
    }

    @Test
    void aFullSyncIsWhatTheCallerMayReadPageByPageWithContactsMasked() {
        for (int i = 0; i < 4; i++) {
            create(Zones.PENANG, "Penang job " + i);
            create(Zones.IPOH, "Ipoh job " + i);
        }
        // One cell of the read rule per caller (docs/api.md, "Who sees what"): a sync holds exactly what the list holds.
        for (String token : List.of(ADMIN, TestTokens.user(30, "viewer", "viewer"), Zones.PENANG_SUPERVISOR, Zones.PENANG_TECH,
                Zones.IPOH_TECH, TestTokens.service("analytics-service", "tickets:read"),
                TestTokens.withPermissions(40, "contractor", "contractor", List.of("tickets:read")))) {
            Synced synced = drain(token, null, 3);
            assertEquals(listed(token), synced.upserted(), "sync = list");
            synced.tickets().filter(i -> "upsert".equals(i.get("kind"))).forEach(i -> {
                assertNotNull(i.get("etag"));
                @SuppressWarnings("unchecked") Map<String, Object> data = (Map<String, Object>) i.get("data");
                assertFalse(CONTACT.equals(data.get("customer_contact")), "a sync never decrypts contacts");
            });
        }
        assertTrue(drain(TestTokens.withPermissions(40, "contractor", "contractor", List.of("tickets:read")), null, 3).items().isEmpty(),
                "anyone else: nothing");
        given().auth().oauth2(TestTokens.withPermissions(41, "nobody", "contractor", List.of("teams:read"))).when().get("/api/sync")
                .then().statusCode(403);
    }

    @Test
    void changesAfterTheCursorComeOnceEachAsTheyNowAre() throws Exception {
        int changed = create(Zones.PENANG, "Will change");
        Synced start = drain(Zones.PENANG_TECH, null, 50);
        assertTrue(start.upserted().contains(changed));

        String etag = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + changed).then().extract().header("ETag");
        for (String title : List.of("First edit", "Second edit")) {
            String current = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + changed).then().extract().header("ETag");
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", current).body(Map.of("title", title))
                    .when().patch("/api/tickets/" + changed).then().statusCode(200);
        }
        int created = create(Zones.PENANG, "New since");
        int elsewhere = create(Zones.IPOH, "Not for Penang");
        Synced delta = drain(Zones.PENANG_TECH, start.cursor(), 50);
        assertEquals(1, delta.tickets().filter(i -> ((Integer) i.get("id")) == changed).count(), "once per page");
        @SuppressWarnings("unchecked") Map<String, Object> data = (Map<String, Object>) delta.of(changed).get("data");
        assertEquals("Second edit", data.get("title"), "as it now is");
        assertFalse(etag.equals(delta.of(changed).get("etag")));
        assertTrue(delta.upserted().contains(created));
        assertFalse(delta.upserted().contains(elsewhere));

        // Polling again with the last cursor: nothing new.
        assertEquals(List.of(), drain(Zones.PENANG_TECH, delta.cursor(), 50).items());

        // A ticket that leaves the zone, and one deleted (only system jobs delete): tombstones.
        int leaving = changed;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            s.executeUpdate("UPDATE tickets SET zone_id = " + Zones.IPOH + ", zone = 'Ipoh', version = version + 1 WHERE id = " + leaving);
            s.executeUpdate("DELETE FROM ticket_status_events WHERE ticket_id = " + created);
            s.executeUpdate("DELETE FROM tickets WHERE id = " + created);
            c.commit();
        }
        Synced tombstones = drain(Zones.PENANG_TECH, delta.cursor(), 50);
        assertEquals("tombstone", tombstones.of(leaving).get("kind"));
        assertEquals("out_of_scope", tombstones.of(leaving).get("reason"));
        assertEquals("deleted", tombstones.of(created).get("reason"));
        assertEquals("upsert", drain(Zones.IPOH_TECH, null, 200).of(leaving).get("kind"), "and it is Ipoh's now");
    }

    /** The reason the log is read by transaction horizon: a transaction that commits late is not skipped. */
    @Test
    void aChangeCommittedLateStillArrives() throws Exception {
        int held = create(Zones.PENANG, "Held open");
        int quick = create(Zones.PENANG, "Committed first");
        String cursor = drain(Zones.PENANG_SUPERVISOR, null, 200).cursor();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            Sql.system(c, true);
            s.executeUpdate("UPDATE tickets SET title = 'Changed in a long transaction', version = version + 1 WHERE id = " + held);
            // Meanwhile other changes commit (later transaction ids, later log rows).
            for (String title : List.of("Quick edit", "Quicker edit")) {
                String etag = given().auth().oauth2(ADMIN).when().get("/api/tickets/" + quick).then().extract().header("ETag");
                given().auth().oauth2(ADMIN).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("title", title))
                        .when().patch("/api/tickets/" + quick).then().statusCode(200);
            }
            // A sync now must not move past the held change, however it pages: it waits for the transaction.
            Synced meanwhile = drain(Zones.PENANG_SUPERVISOR, cursor, 1);
            assertTrue(meanwhile.of(held) == null, "the held change is not visible yet");
            cursor = meanwhile.cursor();
            c.commit();
        }
        Synced after = drain(Zones.PENANG_SUPERVISOR, cursor, 1);
        assertNotNull(after.of(held), "the change committed late arrives");
        assertNotNull(after.of(quick), "and the one that committed first");
    }

    @Test
    void aCursorOfAnotherScopeOrTooOldIs410AndAMalformedOne400() {
        String tech = TestTokens.scoped(21, "tech.penang", "technician", List.of(Zones.PENANG_CREW), List.of(Zones.PENANG), List.of("Penang"));
        String cursor = drain(tech, null, 200).cursor();
        // Gained a zone, left a team: resync.
        String moreZones = TestTokens.scoped(21, "tech.penang", "technician", List.of(Zones.PENANG_CREW), List.of(Zones.PENANG, Zones.IPOH),
                List.of("Penang", "Ipoh"));
        String otherTeam = TestTokens.scoped(21, "tech.penang", "technician", List.of(), List.of(Zones.PENANG), List.of("Penang"));
        for (String changed : List.of(moreZones, otherTeam)) {
            given().auth().oauth2(changed).queryParam("cursor", cursor).when().get("/api/sync").then().statusCode(410)
                    .contentType("application/problem+json").body("reason", equalTo("scope_changed"));
        }
        // A viewer whose role lost scope:all.
        String viewer = TestTokens.user(30, "viewer", "viewer");
        String viewerCursor = drain(viewer, null, 500).cursor();
        String narrowed = TestTokens.withPermissions(30, "viewer", "viewer", List.of("tickets:read", "teams:read", "zones:read"));
        given().auth().oauth2(narrowed).queryParam("cursor", viewerCursor).when().get("/api/sync").then().statusCode(410);

        for (String bad : List.of("nonsense", "czE.eC4wLjAuMC4w", UUID.randomUUID().toString())) {
            given().auth().oauth2(tech).queryParam("cursor", bad).when().get("/api/sync").then().statusCode(400)
                    .body("errors.field", hasItem("cursor"));
        }
        // Without limit: 200 a page (the admin reads more than that here).
        for (int i = 0; i < 201; i++) {
            create(Zones.IPOH, "Filler " + i);
        }
        given().auth().oauth2(ADMIN).when().get("/api/sync").then().statusCode(200).body("items.findAll { it.type == 'ticket' }.size()", equalTo(200))
                .body("has_more", equalTo(true));
        assertEquals(Duration.ofDays(30), config.syncRetention(), "the log keeps 30 days unless AIFF_SYNC_RETENTION says otherwise");
        for (String limit : List.of("0", "501", "many")) {
            given().auth().oauth2(tech).queryParam("limit", limit).when().get("/api/sync").then().statusCode(400)
                    .body("errors.field", hasItem("limit"));
        }

        // Older than the log keeps: the log is pruned past the cursor.
        create(Zones.PENANG, "Pruned away");
        prune.runOnce(Duration.ZERO).await().indefinitely();
        given().auth().oauth2(tech).queryParam("cursor", cursor).when().get("/api/sync").then().statusCode(410)
                .body("reason", equalTo("expired"));
        drain(tech, null, 200); // a fresh sync works
    }

    @Test
    void aSyncRecordsTheSessionsTime() {
        String sid = UUID.randomUUID().toString();
        redis.hash(String.class).hset(keys.session(sid), Map.of("user_id", "21"));
        String token = TestTokens.with(21, "tech.penang", "technician", Map.of("sid", sid, "team_ids", List.of(Zones.PENANG_CREW),
                "zone_ids", List.of(Zones.PENANG), "zones", List.of("Penang")));
        drain(token, null, 500);
        assertNotNull(redis.value(String.class).get(keys.key("sync_served:" + sid)));
    }

    /**
     * Positions are ordered as numbers: a transaction id of 9 digits comes before one of 10 (read out as text and
     * ordered by that, "1000000000" would come first and a page would skip the other). Rows far above any real
     * transaction id, read with a horizon above them.
     */
    @Test
    void theLogIsReadInTransactionIdOrderNotAsText() throws Exception {
        // Only the owner writes the log (its trigger runs as the owner): so does this test.
        try (Connection c = owner(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ticket_changes (txid, ticket_id, kind, zone_id) VALUES "
                    + "('1000000000'::xid8, 1, 'upsert', 1), ('999999999'::xid8, 2, 'upsert', 1)");
        }
        try {
            List<SyncRepository.Change> page = pool.withTransaction(tx -> Scope.SYSTEM.apply(tx)
                            .chain(() -> log.after(tx, new SyncRepository.Position(999_999_998L, 0), 1_000_000_001L, 1)))
                    .await().atMost(Duration.ofSeconds(10));
            assertEquals(List.of(999_999_999L), page.stream().map(ch -> ch.position().txid()).toList());
        } finally {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                Sql.system(c, true);
                s.executeUpdate("DELETE FROM ticket_changes WHERE txid >= '999999999'::xid8");
                c.commit();
            }
        }
    }

    private static Connection owner() throws java.sql.SQLException {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), config.getValue("quarkus.flyway.password", String.class));
    }
}
