package io.aiff.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiff.common.testing.LocalServers;
import io.aiff.common.testing.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./aiff backup} of the services' databases and event stream while they hold data, then {@code ./aiff restore}
 * of it into fresh databases (dropped and made again): every service answers from what the backup held, and no
 * session outlives the restore.
 */
class BackupRestoreIT {

    private static final List<String> SERVICES = List.of("auth-service", "ticket-service", "team-service", "analytics-service");
    private static final List<String> LABELS = List.of("auth", "tickets", "teams", "analytics");
    private static final String TECHNICIAN_PASSWORD = "a-long-enough-passphrase";

    static Suite suite;
    static final Path BACKUPS = Path.of("target", "backups-" + TestDatabases.randomHex(4)).toAbsolutePath();

    @BeforeAll
    static void startTheServicesWithDatabases() throws Exception {
        // The four that own a database, called directly (each checks tokens itself): the gateway holds no data.
        suite = new Suite().start(SERVICES);
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (suite != null) {
            suite.close();
        }
        if (Files.exists(BACKUPS)) {
            try (Stream<Path> files = Files.walk(BACKUPS)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aBackupRestoredIntoFreshDatabasesServesEveryServiceAndNoSession() throws Exception {
        String admin = login("admin", Suite.ADMIN_PASSWORD).getString("access_token");
        int zone = create("team-service", admin, "/api/zones", "{\"name\":\"Backup Miri\",\"region\":\"Sarawak\","
                + "\"coordinates\":{\"lat\":4.4,\"lon\":114.0},"
                + "\"coverage_area\":[{\"lat\":4.3,\"lon\":113.9},{\"lat\":4.3,\"lon\":114.1},{\"lat\":4.5,\"lon\":114.1}]}");
        int team = create("team-service", admin, "/api/teams", "{\"name\":\"Backup Miri Crew\",\"zone\":\"Backup Miri\"}");
        int user = create("auth-service", admin, "/api/users", "{\"username\":\"backup-tech\",\"email\":\"backup-tech@example.com\","
                + "\"password\":\"" + TECHNICIAN_PASSWORD + "\",\"role\":\"technician\"}");
        given().baseUri(suite.url("team-service")).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"members\":[{\"user_id\":" + user + ",\"role_in_team\":\"member\"}]}")
                .when().put("/api/teams/" + team + "/members").then().statusCode(200);
        int ticket = create("ticket-service", admin, "/api/tickets", "{\"title\":\"Backed up\",\"zone_id\":" + zone + "}");
        awaitZoneTickets(admin, zone, 1);
        JsonPath session = login("backup-tech", TECHNICIAN_PASSWORD);

        Aiff aiff = new Aiff(settings());
        Aiff.Result backup = aiff.run("backup");
        assertEquals(0, backup.exitCode(), backup.output());
        Path dir;
        try (Stream<Path> made = Files.list(BACKUPS)) {
            dir = made.findFirst().orElseThrow();
        }
        List<String> manifest = Files.readAllLines(dir.resolve("manifest"));
        for (String label : LABELS) {
            assertTrue(manifest.stream().anyMatch(l -> l.startsWith("database " + label + " " + suite.database(label).name() + " flyway ")),
                    "the manifest names " + label + "'s database and its Flyway version");
            assertTrue(manifest.stream().anyMatch(l -> l.matches("file " + label + "\\.dump \\d+ sha256 [0-9a-f]{64}")));
        }

        Aiff.Result refused = aiff.run("restore", dir.toString());
        assertNotEquals(0, refused.exitCode(), "the databases hold data: refused without --force");
        assertTrue(refused.output().contains("--force"), refused.output());

        int later = create("ticket-service", admin, "/api/tickets", "{\"title\":\"After the backup\",\"zone_id\":" + zone + "}");
        suite.stop();
        // All or nothing: a backup whose last database does not restore (a cut dump, with a manifest to match)
        // leaves every live database and the stream as they were, the ones restored before it included.
        Path damaged = damagedCopy(dir, "analytics.dump");
        Aiff.Result failed = aiff.run("restore", "--force", damaged.toString());
        assertNotEquals(0, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("as they were"), failed.output());
        assertTrue(createdTickets().contains(String.valueOf(later)), "the live stream is kept");
        try (Connection c = DriverManager.getConnection(suite.database("tickets").jdbcUrl(), suite.database("tickets").owner(),
                suite.database("tickets").ownerPassword()); Statement sql = c.createStatement()) {
            sql.execute("SELECT set_config('aiff.reads', 'all', false)");
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM tickets WHERE id = " + later)) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the live tickets database, restored before the failing one in a restore "
                        + "that is not all or nothing, is as it was");
            }
        }
        Aiff.Result restore = aiff.run("restore", "--force", dir.toString());
        assertEquals(0, restore.exitCode(), restore.output());
        assertTrue(restore.output().contains("Not restored: sessions and refresh tokens"), restore.output());
        List<String> created = createdTickets();
        assertTrue(created.contains(String.valueOf(ticket)), "the backup's events are back in the stream: " + created);
        assertFalse(created.contains(String.valueOf(later)), "an event after the backup is not: " + created);

        suite.start(SERVICES);
        admin = login("admin", Suite.ADMIN_PASSWORD).getString("access_token");
        String technician = login("backup-tech", TECHNICIAN_PASSWORD).getString("access_token");
        given().baseUri(suite.url("auth-service")).auth().oauth2(technician).when().get("/api/auth/me").then().statusCode(200)
                .body("team_ids", equalTo(List.of(team))).body("zone_ids", equalTo(List.of(zone)));
        given().baseUri(suite.url("ticket-service")).auth().oauth2(admin).when().get("/api/tickets/" + ticket).then().statusCode(200)
                .body("title", equalTo("Backed up")).body("zone", equalTo("Backup Miri"));
        given().baseUri(suite.url("ticket-service")).auth().oauth2(admin).when().get("/api/tickets/" + later).then().statusCode(404);
        given().baseUri(suite.url("team-service")).auth().oauth2(admin).when().get("/api/teams/" + team).then().statusCode(200)
                .body("name", equalTo("Backup Miri Crew"));
        awaitZoneTickets(admin, zone, 1);
        // Sessions are not in a backup, and the restore ended the live ones: everyone signs in again.
        given().baseUri(suite.url("auth-service")).contentType(ContentType.JSON)
                .body("{\"refresh_token\":\"" + session.getString("refresh_token") + "\"}")
                .when().post("/api/auth/refresh").then().statusCode(401);
        given().baseUri(suite.url("ticket-service")).auth().oauth2(session.getString("access_token")).when().get("/api/tickets")
                .then().statusCode(401);
    }

    /** A copy of backup {@code dir} whose {@code file} is cut in half, the manifest saying so (size and checksum). */
    private static Path damagedCopy(Path dir, String file) throws Exception {
        Path copy = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-damaged"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] whole = Files.readAllBytes(copy.resolve(file));
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        Files.write(copy.resolve(file), half);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(half));
        List<String> manifest = new ArrayList<>();
        for (String line : Files.readAllLines(copy.resolve("manifest"))) {
            manifest.add(line.startsWith("file " + file + " ") ? "file " + file + " " + half.length + " sha256 " + sha : line);
        }
        Files.write(copy.resolve("manifest"), manifest);
        return copy;
    }

    private static Map<String, String> settings() {
        return Map.of("AIFF_BACKUP_DIR", BACKUPS.toString(),
                "AIFF_REDIS_PREFIX", suite.redisPrefix(),
                "AIFF_DB_NAME_AUTH", suite.database("auth").name(),
                "AIFF_DB_NAME_TICKETS", suite.database("tickets").name(),
                "AIFF_DB_NAME_TEAMS", suite.database("teams").name(),
                "AIFF_DB_NAME_ANALYTICS", suite.database("analytics").name());
    }

    private static JsonPath login(String username, String password) {
        return given().baseUri(suite.url("auth-service")).contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .when().post("/api/auth/login").then().statusCode(200).extract().jsonPath();
    }

    private static int create(String service, String token, String path, String body) {
        return given().baseUri(suite.url(service)).auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(path).then().statusCode(201).extract().path("id");
    }

    /** Waits (up to 20 s) until analytics-service counts that many tickets created in the zone today. */
    private static void awaitZoneTickets(String token, int zone, int tickets) throws InterruptedException {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Integer counted = null;
        while (System.nanoTime() < deadline) {
            var answer = given().baseUri(suite.url("analytics-service")).auth().oauth2(token).queryParam("from", today).queryParam("to", today)
                    .when().get("/api/analytics/zones/" + zone).then().extract();
            counted = answer.statusCode() == 200 ? answer.path("performance.total_tickets") : null;
            if (counted != null && counted == tickets) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("analytics counts " + counted + " tickets in zone " + zone + ", expected " + tickets);
    }

    /** The ids of the tickets whose ticket.created event the run's stream holds. */
    private static List<String> createdTickets() throws IOException, InterruptedException {
        URI redis = URI.create(LocalServers.redisUrl());
        Process process = new ProcessBuilder("redis-cli", "-h", redis.getHost(), "-p", String.valueOf(redis.getPort() < 0 ? 6379 : redis.getPort()),
                "--raw", "XRANGE", suite.redisPrefix() + "events", "-", "+").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, output);
        ObjectMapper json = new ObjectMapper();
        List<String> created = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("{")) {
                JsonNode envelope = json.readTree(line);
                if (envelope.path("type").asText().equals("ticket.created")) {
                    created.add(envelope.path("aggregate_id").asText());
                }
            }
        }
        return created;
    }
}
