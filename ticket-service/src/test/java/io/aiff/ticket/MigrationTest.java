package io.aiff.ticket;

import io.aiff.common.testing.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A database of the previous release (migrations V1–V9, as that release shipped them) with its data, migrated to the
 * current release: nothing is lost, every table that holds per-zone data forces row-level security with exactly the
 * expected policies (a dropped column would have dropped a policy silently; repeatable migrations re-run only when
 * their text changes), and every other table is on a list that says why it needs none.
 */
class MigrationTest {

    /** The tables that hold per-zone data, and their policies. */
    static final Map<String, Set<String>> SCOPED = Map.of(
            "public.tickets", Set.of("tickets_select", "tickets_insert", "tickets_update", "tickets_delete"),
            "public.ticket_status_events", Set.of("ticket_status_events_select", "ticket_status_events_insert",
                    "ticket_status_events_delete"),
            "public.ticket_changes", Set.of("ticket_changes_select", "ticket_changes_insert", "ticket_changes_delete"),
            "public.assignments", Set.of("assignments_select", "assignments_insert", "assignments_update", "assignments_delete"),
            "public.dispatch_decisions", Set.of("dispatch_decisions_select", "dispatch_decisions_insert",
                    "dispatch_decisions_update", "dispatch_decisions_delete"),
            "archive.tickets", Set.of("archive_tickets_select", "archive_tickets_insert", "archive_tickets_rotate"),
            "archive.ticket_status_events", Set.of("archive_events_select", "archive_events_insert"),
            "archive.assignments", Set.of("archive_assignments_select", "archive_assignments_insert"));

    /** Tables without per-zone data, each with the reason it needs no row-level security. */
    static final Map<String, String> UNSCOPED = Map.ofEntries(
            Map.entry("public.flyway_schema_history", "migrations: the app role has no grant"),
            Map.entry("public.sla_policies", "targets per priority: the same for every caller"),
            Map.entry("public.outbox", "events in transit: written inside scoped transactions, read by the relay"),
            Map.entry("public.zones", "the directory: readable by every caller of the service"),
            Map.entry("public.teams", "the directory"),
            Map.entry("public.team_zones", "the directory"),
            Map.entry("public.team_members", "the directory: who is in which team (user ids)"),
            Map.entry("public.dispatch_policies", "dispatch policies: the same for every caller"),
            Map.entry("public.stream_consumers", "the event consumer's bookkeeping"),
            Map.entry("public.consumed_events", "the event consumer's bookkeeping"),
            Map.entry("public.sync_horizon", "how far the sync log was pruned: one position, no ticket data"),
            Map.entry("public.retention_runs", "which days' retention runs ran, with counts: no ticket data"),
            Map.entry("search.tickets", "schema search: not reachable by the app role at all"),
            Map.entry("search.words", "schema search"),
            Map.entry("search.zone_words", "schema search"));

    static TestDatabases.Database db;
    static Path previousRelease;

    @BeforeAll
    static void previousReleaseWithData() throws Exception {
        db = TestDatabases.create("tickets_migration");
        previousRelease = Files.createTempDirectory("aiff-previous-release");
        for (int v = 1; v <= 9; v++) {
            String name = migration(v);
            Files.writeString(previousRelease.resolve(name), resource("db/migration/" + name));
        }
        Files.writeString(previousRelease.resolve("afterMigrate.sql"), resource("db/aiff-common/afterMigrate.sql"));
        flyway("filesystem:" + previousRelease).migrate();
        try (Connection c = owner()) {
            // As the previous release wrote them: zones by name, scope settings by role.
            c.createStatement().execute("SELECT set_config('aiff.role', 'system', false), set_config('aiff.user_id', 'system', false)");
            c.createStatement().execute("INSERT INTO tickets (ticket_number, title, zone, status) SELECT 'OLD-' || n, 'Old ticket ' || n, "
                    + "CASE WHEN n % 2 = 0 THEN 'Penang' ELSE 'Ipoh' END, 'open' FROM generate_series(1, 40) n");
            c.createStatement().execute("INSERT INTO ticket_status_events (ticket_id, to_status, priority, changed_by) "
                    + "SELECT id, 'open', priority, 'user:1' FROM tickets");
            // Tickets the previous release assigned (team 5, technician 21), in every state that has work.
            c.createStatement().execute("INSERT INTO tickets (ticket_number, title, zone, status, assigned_team, assigned_to) "
                    + "SELECT 'WORK-' || s, 'Assigned work ' || s, 'Kuching', s, 5, '21' "
                    + "FROM unnest(ARRAY['assigned', 'in_progress', 'resolved', 'cancelled']) s");
        }
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(db);
    }

    @Test
    void thePreviousReleasesDatabaseMigratesWithEveryRowAndEveryPolicy() throws Exception {
        flyway("classpath:db/migration", "classpath:db/aiff-common").migrate();
        try (Connection c = owner()) {
            Map<String, boolean[]> security = new TreeMap<>();
            Map<String, Set<String>> policies = new HashMap<>();
            try (ResultSet rows = c.createStatement().executeQuery("SELECT n.nspname || '.' || c.relname, c.relrowsecurity, "
                    + "c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', 'search', 'archive')")) {
                while (rows.next()) {
                    security.put(rows.getString(1), new boolean[] {rows.getBoolean(2), rows.getBoolean(3)});
                }
            }
            try (ResultSet rows = c.createStatement().executeQuery("SELECT schemaname || '.' || tablename, policyname FROM pg_policies")) {
                while (rows.next()) {
                    policies.computeIfAbsent(rows.getString(1), t -> new TreeSet<>()).add(rows.getString(2));
                }
            }
            List<String> undecided = new ArrayList<>();
            for (var table : security.entrySet()) {
                if (SCOPED.containsKey(table.getKey())) {
                    assertTrue(table.getValue()[0] && table.getValue()[1], table.getKey() + " forces row-level security");
                    assertEquals(new TreeSet<>(SCOPED.get(table.getKey())), policies.get(table.getKey()), table.getKey());
                } else if (!UNSCOPED.containsKey(table.getKey())) {
                    undecided.add(table.getKey());
                }
            }
            assertEquals(List.of(), undecided, "tables nobody decided about: scope them (R__scope.sql) or say why not");
            assertTrue(security.keySet().containsAll(SCOPED.keySet()));

            // Nothing lost; and once the directory knows a zone, its tickets of the previous release carry its id.
            c.createStatement().execute("SELECT set_config('aiff.actor', 'system', false), set_config('aiff.reads', 'all', false), "
                    + "set_config('aiff.changes', 'all', false)");
            assertEquals(44, count(c, "SELECT count(*) FROM tickets"));
            assertEquals(44, count(c, "SELECT count(*) FROM search.tickets"), "the search copy too");
            // Retention counts from a ticket's final state: the previous release's cancelled ticket has that time.
            assertEquals(1, count(c, "SELECT count(*) FROM tickets WHERE status = 'cancelled' AND finished_at IS NOT NULL"));
            assertEquals(43, count(c, "SELECT count(*) FROM tickets WHERE finished_at IS NULL"));
            // The archive holds every column of its live table, by name and type (a column added there is added here too).
            for (String table : List.of("tickets", "ticket_status_events", "assignments")) {
                Set<String> expected = new TreeSet<>(columns(c, "public", table));
                if (table.equals("tickets")) {
                    expected.add("archived_at:timestamp with time zone");
                }
                assertEquals(expected, new TreeSet<>(columns(c, "archive", table)), "archive." + table);
            }
            // Work assigned before assignments existed has its current assignment (a cancelled ticket none).
            assertEquals(3, count(c, "SELECT count(*) FROM assignments a JOIN tickets t ON t.id = a.ticket_id "
                    + "WHERE t.ticket_number LIKE 'WORK-%' AND a.team_id = 5 AND a.assigned_to = 21 AND a.status = CASE t.status "
                    + "WHEN 'assigned' THEN 'assigned' WHEN 'in_progress' THEN 'in_progress' ELSE 'completed' END"));
            c.createStatement().execute("RESET aiff.actor; RESET aiff.reads; RESET aiff.changes; RESET aiff.role; RESET aiff.user_id");

            // Before the directory's first fill no ticket has a zone id yet: a supervisor of Penang (a token with ids
            // and names) still reads, searches and changes its 20 tickets, by name, and nothing of Ipoh.
            c.createStatement().execute("SELECT set_config('aiff.reads', 'zones', false), set_config('aiff.changes', 'zones', false), "
                    + "set_config('aiff.zone_ids', '{11}', false), set_config('aiff.zone_names', '[\"Penang\"]', false)");
            assertEquals(20, count(c, "SELECT count(*) FROM tickets"), "by name, until the directory maps them");
            assertEquals(20, count(c, "SELECT count(*) FROM tickets WHERE zone = 'Penang'"));
            assertEquals(20, count(c, "SELECT count(*) FROM search.search_tickets('old ticket', 100, 2000)"), "search agrees");
            assertEquals(20, c.createStatement().executeUpdate("UPDATE tickets SET title = title || '.'"), "and changes");
            c.createStatement().execute("RESET aiff.reads; RESET aiff.changes; RESET aiff.zone_ids; RESET aiff.zone_names");
            c.createStatement().execute("SELECT set_config('aiff.actor', 'system', false), set_config('aiff.reads', 'all', false), "
                    + "set_config('aiff.changes', 'all', false)");
            c.createStatement().execute("INSERT INTO zones (id, name, version) VALUES (11, 'Penang', 1)");
            c.createStatement().execute("UPDATE tickets SET zone_id = 11 WHERE zone_id IS NULL AND zone = 'Penang'");
            c.createStatement().execute("RESET aiff.actor; RESET aiff.reads; RESET aiff.changes; RESET aiff.role; RESET aiff.user_id");
            c.createStatement().execute("SELECT set_config('aiff.reads', 'zones', false), set_config('aiff.zone_ids', '{11}', false)");
            assertEquals(20, count(c, "SELECT count(*) FROM tickets"), "a supervisor of Penang, by zone id");
            assertEquals(20, count(c, "SELECT count(*) FROM ticket_status_events"), "and their history only");
            c.createStatement().execute("RESET aiff.reads; RESET aiff.zone_ids");
            assertEquals(0, count(c, "SELECT count(*) FROM tickets"), "no settings: nothing");
        }
    }

    private static List<String> columns(Connection c, String schema, String table) throws Exception {
        try (var s = c.prepareStatement("SELECT column_name || ':' || data_type FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(r.getString(1));
                }
            }
            return columns;
        }
    }

    private static Flyway flyway(String... locations) {
        return Flyway.configure()
                .dataSource(jdbcUrl(), db.owner(), db.ownerPassword())
                .locations(locations)
                .placeholders(Map.of("app_role", db.app()))
                .load();
    }

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), db.owner(), db.ownerPassword());
    }

    private static String jdbcUrl() {
        return db.jdbcUrl();
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (ResultSet rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The file name of versioned migration {@code v} on the classpath. */
    private static String migration(int v) throws IOException {
        Path dir;
        try {
            dir = Path.of(MigrationTest.class.getClassLoader().getResource("db/migration").toURI());
        } catch (Exception e) {
            throw new IOException(e);
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("V" + v + "__")).findFirst()
                    .orElseThrow();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MigrationTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
