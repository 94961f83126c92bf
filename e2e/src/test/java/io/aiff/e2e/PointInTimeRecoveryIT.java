package io.aiff.e2e;

import io.aiff.common.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./aiff pitr enable} and {@code ./aiff pitr restore} against a PostgreSQL cluster of the test's own (initdb
 * as postgres, on a free port, in a temporary directory): tickets, a restore point (named as aiff_restore_point names
 * them), more tickets, a second base backup, a mass delete; the copy restored to the point starts from the base backup
 * finished before it, holds exactly the tickets of that moment, and the cluster it came from is untouched.
 */
class PointInTimeRecoveryIT {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String OWNER = "aiff_tickets_owner";
    private static final String OWNER_PASSWORD = TestDatabases.randomHex(16);

    @Test
    void aCopyRestoredToARestorePointHoldsExactlyTheTicketsOfThatMoment() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(BIN.resolve("initdb")),
                "needs root (clusters run as postgres) and PostgreSQL 15's server programs, as CI has");
        Path dir = Files.createTempDirectory("aiff-pitr-");
        Files.setOwner(dir, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        Path live = dir.resolve("live");
        Path pitr = dir.resolve("pitr");
        int livePort = Suite.freePort();
        int copyPort = Suite.freePort();
        Path copy = pitr.resolve("restored-" + copyPort);
        try {
            asPostgres(BIN.resolve("initdb").toString(), "-D", live.toString(), "-A", "scram-sha-256", "--auth-local=peer",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            Files.writeString(live.resolve("postgresql.conf"), "\nport = " + livePort + "\nlisten_addresses = 'localhost'\n"
                    + "unix_socket_directories = '/var/run/postgresql'\nshared_buffers = 32MB\nmax_connections = 20\n",
                    StandardOpenOption.APPEND);
            asPostgres(BIN.resolve("pg_ctl").toString(), "-D", live.toString(), "-l", dir.resolve("live.log").toString(), "-w", "start");
            superuser(livePort, "CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "';\n"
                    + "CREATE DATABASE aiff_tickets OWNER " + OWNER + ";\n");

            Aiff aiff = new Aiff(Map.of("AIFF_PG_PORT", String.valueOf(livePort), "AIFF_PITR_DIR", pitr.toString()));
            Aiff.Result enabled = aiff.run("pitr", "enable", "--yes");
            assertEquals(0, enabled.exitCode(), enabled.output());
            assertTrue(enabled.output().contains("restarts it"), "says first that it restarts the cluster");

            List<String> atThePoint;
            String pointName;
            // The point's name has whole seconds: a second after the first backup ended, it is plainly after it.
            Thread.sleep(1_100);
            try (Connection db = connect(livePort); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE tickets (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title TEXT NOT NULL,"
                        + " status TEXT NOT NULL DEFAULT 'open', created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                sql.execute("INSERT INTO tickets (title) SELECT 'Ticket ' || n FROM generate_series(1, 40) n");
                sql.execute("UPDATE tickets SET status = 'closed' WHERE id % 4 = 0");
                atThePoint = tickets(sql);
                // As the owner role (./aiff pitr enable granted it), named as aiff_restore_point names its points.
                try (ResultSet point = sql.executeQuery("SELECT 'aiff-retention-' || current_database() || '-' || "
                        + "to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"') AS name, "
                        + "pg_create_restore_point('aiff-retention-' || current_database() || '-' || "
                        + "to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"'))")) {
                    point.next();
                    pointName = point.getString(1);
                }
                sql.execute("INSERT INTO tickets (title) SELECT 'Later ' || n FROM generate_series(1, 25) n");
            }
            // A second base backup, taken after the point: recovering to the point must start from the first.
            Thread.sleep(1_100);
            Aiff.Result again = aiff.run("pitr", "enable", "--yes");
            assertEquals(0, again.exitCode(), again.output());
            try (Stream<Path> bases = Files.list(pitr.resolve("basebackup"))) {
                assertEquals(2, bases.filter(Files::isDirectory).count(), "two base backups");
            }
            try (Connection db = connect(livePort); Statement sql = db.createStatement()) {
                sql.execute("DELETE FROM tickets");
            }

            Aiff.Result restored = aiff.run("pitr", "restore", "--to", pointName, "--port", String.valueOf(copyPort));
            assertEquals(0, restored.exitCode(), restored.output());
            assertTrue(restored.output().contains(firstBase(pitr)), "recovers from the base backup finished before the point: "
                    + restored.output());
            try (Connection db = connect(copyPort); Statement sql = db.createStatement()) {
                assertEquals(atThePoint, tickets(sql), "exactly the tickets at the restore point");
                sql.execute("INSERT INTO tickets (title) VALUES ('Written to the copy')");
            }
            try (Connection db = connect(livePort); Statement sql = db.createStatement()) {
                assertEquals(List.of(), tickets(sql), "the live cluster keeps its own state");
            }
            try (Stream<Path> archived = Files.list(pitr.resolve("wal-archive"))) {
                assertFalse(archived.anyMatch(f -> f.getFileName().toString().endsWith(".history")),
                        "the promoted copy does not archive into the live cluster's archive");
            }
        } finally {
            stopCluster(copy);
            stopCluster(live);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static List<String> tickets(Statement sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = sql.executeQuery("SELECT id, title, status, created_at FROM tickets ORDER BY id")) {
            while (r.next()) {
                rows.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4));
            }
        }
        return rows;
    }

    private static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/aiff_tickets", OWNER, OWNER_PASSWORD);
    }

    private static void stopCluster(Path data) {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop");
            } catch (Exception e) {
                System.err.println("Could not stop the cluster in " + data + ": " + e.getMessage());
            }
        }
    }

    /** SQL as the cluster's superuser (peer authentication on its socket), given on standard input. */
    private static void superuser(int port, String sql) throws IOException, InterruptedException {
        run(sql, "runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", String.valueOf(port));
    }

    private static void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        line.addAll(List.of(command));
        run("", line.toArray(String[]::new));
    }

    private static void run(String input, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("aiff-pitr-", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(Path.of("/").toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
            assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The oldest base backup's directory (they are named by the UTC time they were taken). */
    private static String firstBase(Path pitr) throws IOException {
        try (Stream<Path> bases = Files.list(pitr.resolve("basebackup"))) {
            return bases.filter(Files::isDirectory).map(Path::toString).sorted().findFirst().orElseThrow();
        }
    }
}
