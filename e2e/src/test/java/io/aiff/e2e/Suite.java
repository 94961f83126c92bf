package io.aiff.e2e;

import io.aiff.common.testing.LocalServers;
import io.aiff.common.testing.TestDatabases;
import io.aiff.common.testing.TestKeys;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The five packaged services as real processes on free ports, each with its own fresh database, sharing the local
 * Redis under a prefix of this run, trusting the auth-service JWKS over HTTP exactly as in production.
 */
final class Suite implements AutoCloseable {

    static final String ADMIN_PASSWORD = "e2e-admin-" + TestDatabases.randomHex(6);
    static final String TICKET_CLIENT_SECRET = TestDatabases.randomHex(16);
    static final String TEAM_CLIENT_SECRET = TestDatabases.randomHex(16);
    static final String ANALYTICS_CLIENT_SECRET = TestDatabases.randomHex(16);
    static final String GATEWAY_CLIENT_SECRET = TestDatabases.randomHex(16);
    // Fixed for the run: services started again (BackupRestoreIT) decrypt what they wrote before.
    private static final String CONTACT_ENCRYPTION_KEY = TestDatabases.randomHex(16);
    private static final String CONTACT_INDEX_KEY = TestDatabases.randomHex(16);

    private static final Map<String, String> DATABASES = Map.of(
            "auth-service", "auth", "ticket-service", "tickets", "team-service", "teams", "analytics-service", "analytics");
    private static final List<String> SERVICES =
            List.of("auth-service", "ticket-service", "team-service", "analytics-service", "gateway");

    private final Path root = Path.of(System.getProperty("aiff.root", "..")).toAbsolutePath().normalize();
    private final Path logs = Path.of("target", "e2e-logs").toAbsolutePath();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, TestDatabases.Database> databases = new LinkedHashMap<>();
    private final Map<String, Long> startMillis = new LinkedHashMap<>();
    private final String redisPrefix = "aiff:e2e:" + TestDatabases.randomHex(4) + ":";

    Suite start() throws Exception {
        return start(SERVICES);
    }

    /** Starts these of the services (on new ports; each database is created at its service's first start). */
    Suite start(List<String> services) throws Exception {
        Files.createDirectories(logs);
        for (String service : SERVICES) {
            ports.put(service, freePort());
            managementPorts.put(service, freePort());
        }
        long begin = System.nanoTime();
        for (String service : services) {
            processes.put(service, launch(service));
        }
        for (String service : services) {
            awaitReady(service, begin);
        }
        return this;
    }

    /** The database of a service with one (auth, tickets, teams, analytics), created at its first start. */
    TestDatabases.Database database(String label) {
        return databases.get(label);
    }

    String redisPrefix() {
        return redisPrefix;
    }

    String url(String service) {
        return "http://localhost:" + ports.get(service);
    }

    /** The service's management interface (health, metrics, OpenAPI). */
    String managementUrl(String service) {
        return "http://localhost:" + managementPorts.get(service);
    }

    /** The OpenAPI document the service's build wrote (target/openapi), or the gateway's published one. */
    Path builtDocument(String service) {
        return service.equals("gateway") ? root.resolve("gateway/target/classes/openapi/aiff-api.json")
                : root.resolve(service).resolve("target/openapi/openapi.json");
    }

    static List<String> services() {
        return SERVICES;
    }

    List<Path> logs() {
        return SERVICES.stream().map(service -> logs.resolve(service + ".log")).toList();
    }

    Map<String, Long> startMillis() {
        return startMillis;
    }

    private Process launch(String service) throws IOException {
        return process(service, logs.resolve(service + ".log")).start();
    }

    /**
     * A run of the service's own build in maintenance mode (AIFF_MODE=maintain, as {@code ./aiff maintain} starts it)
     * on the service's database, beside the running service: answers its exit code once it ended, its log in {@code log}.
     */
    int maintain(String service, Path log) throws Exception {
        ProcessBuilder builder = process(service, log);
        builder.environment().put("AIFF_MODE", "maintain");
        builder.environment().put("AIFF_HTTP_PORT", "0");
        builder.environment().put("AIFF_MANAGEMENT_PORT", "0");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(service + " in maintenance mode did not exit; see " + log);
        }
        return process.exitValue();
    }

    private ProcessBuilder process(String service, Path log) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Package the services first: " + jar + " is missing");
        }
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString())
                .directory(root.resolve(service).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AIFF_") || name.startsWith("QUARKUS_"));
        env.put("AIFF_HTTP_PORT", String.valueOf(ports.get(service)));
        env.put("AIFF_MANAGEMENT_PORT", String.valueOf(managementPorts.get(service)));
        env.put("AIFF_REDIS_URL", LocalServers.redisUrl());
        env.put("AIFF_REDIS_PREFIX", redisPrefix);
        env.put("AIFF_JWKS_URL", url("auth-service") + "/api/auth/jwks");
        env.put("AIFF_AUTH_SERVICE_URLS", url("auth-service"));
        env.put("AIFF_TICKET_SERVICE_URLS", url("ticket-service"));
        env.put("AIFF_TEAM_SERVICE_URLS", url("team-service"));
        env.put("AIFF_ANALYTICS_SERVICE_URLS", url("analytics-service"));
        env.put("AIFF_PUBLIC_URL", url("gateway"));
        env.put("AIFF_JWT_PRIVATE_KEY_LOCATION", TestKeys.privateKeyFile().toString());
        env.put("AIFF_JWT_PUBLIC_KEY_LOCATION", TestKeys.publicKeyFile().toString());
        env.put("AIFF_JWT_KID", TestKeys.KID);
        env.put("AIFF_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("AIFF_PASSWORD_HASH_MEMORY_KIB", "1024");
        env.put("AIFF_PASSWORD_HASH_ITERATIONS", "1");
        env.put("AIFF_TEAM_SERVICE_URL", url("team-service"));
        env.put("AIFF_CLIENT_SECRET_TICKET_SERVICE", TICKET_CLIENT_SECRET);
        env.put("AIFF_CLIENT_SECRET_TEAM_SERVICE", TEAM_CLIENT_SECRET);
        env.put("AIFF_CLIENT_SECRET_ANALYTICS_SERVICE", ANALYTICS_CLIENT_SECRET);
        env.put("AIFF_CLIENT_SECRET_GATEWAY", GATEWAY_CLIENT_SECRET);
        if (service.equals("gateway")) {
            // Its own client-credentials account: the retention preview asks every service with it.
            env.put("AIFF_AUTH_SERVICE_URL", url("auth-service"));
            env.put("AIFF_CLIENT_SECRET", GATEWAY_CLIENT_SECRET);
        }
        if (service.equals("analytics-service")) {
            // Its own client-credentials account: the rebuild and the reconcile read ticket-service's export.
            env.put("AIFF_AUTH_SERVICE_URL", url("auth-service"));
            env.put("AIFF_CLIENT_SECRET", ANALYTICS_CLIENT_SECRET);
            env.put("AIFF_TICKET_SERVICE_URL", url("ticket-service"));
        }
        if (service.equals("ticket-service")) {
            env.put("AIFF_CONTACT_ENCRYPTION_KEY", CONTACT_ENCRYPTION_KEY);
            env.put("AIFF_CONTACT_INDEX_KEY", CONTACT_INDEX_KEY);
            // Its own client-credentials account (the directory of zones and teams is filled from team-service).
            env.put("AIFF_AUTH_SERVICE_URL", url("auth-service"));
            env.put("AIFF_CLIENT_SECRET", TICKET_CLIENT_SECRET);
        }
        if (service.equals("team-service")) {
            // Its own client-credentials account at auth-service (membership checks).
            env.put("AIFF_AUTH_SERVICE_URL", url("auth-service"));
            env.put("AIFF_CLIENT_SECRET", TEAM_CLIENT_SECRET);
        }
        String label = DATABASES.get(service);
        if (label != null) {
            TestDatabases.Database db = databases.computeIfAbsent(label, l -> TestDatabases.create("e2e_" + l));
            env.put("AIFF_PG_HOST", LocalServers.pgHost());
            env.put("AIFF_PG_PORT", String.valueOf(LocalServers.pgPort()));
            env.put("AIFF_DB_NAME", db.name());
            env.put("AIFF_DB_USER", db.app());
            env.put("AIFF_DB_PASSWORD", db.appPassword());
            env.put("AIFF_DB_OWNER_USER", db.owner());
            env.put("AIFF_DB_OWNER_PASSWORD", db.ownerPassword());
        }
        return builder;
    }

    private void awaitReady(String service, long begin) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!processes.get(service).isAlive()) {
                throw new IllegalStateException(service + " exited during start; see " + logs.resolve(service + ".log"));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    startMillis.put(service, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(service + " was not ready in time; see " + logs.resolve(service + ".log"));
    }

    /** Stops the services and keeps their databases: {@link #start()} runs them again on the same ones. */
    void stop() {
        // SIGTERM: each service finishes in-flight requests (graceful shutdown) and exits.
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    @Override
    public void close() {
        stop();
        databases.values().forEach(TestDatabases::drop);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
