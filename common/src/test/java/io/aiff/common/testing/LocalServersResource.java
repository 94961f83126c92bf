package io.aiff.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real local servers: a fresh PostgreSQL database of its own (with the owner and
 * app login roles production has), a Redis key prefix of its own, and the test signing keys. Nothing is shared with
 * other runs or modules, and the database and roles are dropped at the end.
 *
 * <p>Init args: {@code service} (auth, tickets, ...), {@code database} ({@code false} for the gateway),
 * {@code redis} ({@code down} points at a port where nothing listens).
 */
public class LocalServersResource implements QuarkusTestResourceLifecycleManager {

    private String service = "svc";
    private boolean withDatabase = true;
    private boolean redisDown;
    private TestDatabases.Database database;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        withDatabase = Boolean.parseBoolean(initArgs.getOrDefault("database", "true"));
        redisDown = "down".equals(initArgs.get("redis"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.redis.hosts", redisDown ? "redis://localhost:" + unusedPort() : LocalServers.redisUrl());
        config.put("aiff.redis.prefix", "aiff:test:" + service + ":" + TestDatabases.randomHex(4) + ":");
        config.put("mp.jwt.verify.publickey.location", TestKeys.jwksFile().toString());
        config.put("quarkus.smallrye-jwt.blocking-authentication", "false");
        config.put("aiff.auth.signing-key.private-location", TestKeys.privateKeyFile().toString());
        config.put("aiff.auth.signing-key.public-location", TestKeys.publicKeyFile().toString());
        config.put("aiff.auth.signing-key.kid", TestKeys.KID);
        if (withDatabase) {
            database = TestDatabases.create(service);
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
            config.put("quarkus.datasource.username", database.app());
            config.put("quarkus.datasource.password", database.appPassword());
            config.put("quarkus.flyway.username", database.owner());
            config.put("quarkus.flyway.password", database.ownerPassword());
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            TestDatabases.drop(database);
        }
    }

    private static int unusedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
