package io.aiff.ticket;

import io.aiff.common.db.maintenance.Maintenance;
import io.aiff.common.db.metrics.DatabaseMetrics;
import io.aiff.common.testing.LocalServersResource;
import io.aiff.common.testing.TestTokens;
import io.aiff.ticket.support.TeamServiceStub;
import io.aiff.ticket.support.Zones;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators watch (docs/api.md "Data lifecycle"): table sizes, dead tuples, outbox backlog, stream, open work. */
@QuarkusTest
@WithTestResource(value = LocalServersResource.class, initArgs = @ResourceArg(name = "service", value = "tickets"))
@WithTestResource(TeamServiceStub.class)
class DatabaseMetricsTest {

    @Inject
    DatabaseMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Inject
    AgroalDataSource db;

    @Inject
    Maintenance maintenance;

    private double gauge(String name, String... tags) {
        Gauge gauge = registry.find(name).tags(tags).gauge();
        assertNotNull(gauge, name + " " + String.join("=", tags));
        return gauge.value();
    }

    @Test
    void tablesOutboxStreamAndOpenWorkAreMeasured() throws Exception {
        Zones.awaitDirectory(db);
        int id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("title", "Measured", "zone_id", Zones.PENANG)).when().post("/api/tickets").then().statusCode(201)
                .extract().path("id");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT set_config('aiff.actor', 'system', true), set_config('aiff.reads', 'all', true), "
                    + "set_config('aiff.changes', 'all', true)");
            s.execute("UPDATE tickets SET created_at = now() - interval '3 days' WHERE id = " + id);
            c.commit();
        }
        metrics.refresh().await().indefinitely();
        assertTrue(gauge("aiff.tickets.oldest.open.age.seconds") >= 3 * 86_400, "the open ticket three days old");
        assertTrue(gauge("aiff.db.table.size.bytes", "table", "public.tickets") > 0);
        assertTrue(gauge("aiff.db.index.size.bytes", "table", "public.tickets") > 0);
        assertTrue(gauge("aiff.db.dead.tuples", "table", "archive.tickets") >= 0);
        assertTrue(gauge("aiff.outbox.backlog") >= 0);
        assertTrue(gauge("aiff.outbox.oldest.unpublished.seconds") >= 0);
        assertTrue(gauge("aiff.events.stream.length") >= 1, "the ticket's event is on the stream");
        assertTrue(gauge("aiff.events.consumer.lag", "group", "ticket-service-directory") >= 0);
        assertTrue(gauge("aiff.tickets.archived") >= 0);
    }

    /** Maintenance as the owner (AIFF_MODE=maintain runs exactly this): a table past the dead-tuple mark is vacuumed. */
    @Test
    void maintenanceVacuumsWhatPassesTheMarkAndReindexesWhatIsBloated() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO outbox (event_id, type, envelope, sent_at) SELECT gen_random_uuid(), 'maintenance.test', '{}', "
                    + "now() - interval '2 hours' FROM generate_series(1, 2000)");
            s.execute("DELETE FROM outbox WHERE type = 'maintenance.test'");
        }
        // Marks low enough that this small database has work for each kind: every B-tree index counts as bloated.
        // The statistics of dead tuples reach pg_stat within a second or so of the commit.
        for (int attempt = 0; attempt < 50 && deadOutboxRows() < 2000; attempt++) {
            Thread.sleep(200);
        }
        List<Maintenance.Action> done = maintenance.run(1000, 0.0, 0, 0.000001).await().indefinitely();
        assertEquals("restore point", done.get(0).what());
        assertTrue(done.stream().anyMatch(a -> a.what().equals("vacuum analyze") && a.target().startsWith("outbox ")), done.toString());
        assertTrue(done.stream().anyMatch(a -> a.what().equals("reindex concurrently") && a.target().startsWith("tickets_pkey ")),
                done.toString());
        // With the default ratio, an index the size its entries need is left alone.
        assertTrue(maintenance.run(1000, 0.1, 0, 2.0).await().indefinitely().stream()
                .noneMatch(a -> a.target().startsWith("tickets_pkey ")), "a fresh index is not bloated");
        // Restore points are named by the database, never by the caller.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            assertThrows(SQLException.class, () -> s.execute("SELECT aiff_restore_point('aiff-retention-decoy')"));
        }
    }

    private long deadOutboxRows() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = 'outbox'::regclass")) {
            r.next();
            return r.getLong(1);
        }
    }
}
