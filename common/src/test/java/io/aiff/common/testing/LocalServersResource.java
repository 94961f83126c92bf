package io.aiff.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real local servers: a fresh PostgreSQL database of its own (with the owner and
 * app login roles production has), a Redis key prefix of its own, and the test signing keys. Nothing is shared with
 * other runs or modules, and the database and roles are dropped at the end.
 *
 * <p>Init args: {@code service} (auth, tickets, ...), {@code database} ({@code false} for the gateway).
 */
public class LocalServersResource implements QuarkusTestResourceLifecycleManager {

    private static final SecureRandom RANDOM = new SecureRandom();

    private String service = "svc";
    private boolean database = true;
    private String dbName;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        database = Boolean.parseBoolean(initArgs.getOrDefault("database", "true"));
    }

    @Override
    public Map<String, String> start() {
        String runId = HexFormat.of().formatHex(randomBytes(4));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.redis.hosts", LocalServers.redisUrl());
        config.put("aiff.redis.prefix", "aiff:test:" + service + ":" + runId + ":");
        config.put("mp.jwt.verify.publickey.location", TestKeys.jwksFile().toString());
        config.put("quarkus.smallrye-jwt.blocking-authentication", "false");
        config.put("aiff.auth.signing-key.private-location", TestKeys.privateKeyFile().toString());
        config.put("aiff.auth.signing-key.public-location", TestKeys.publicKeyFile().toString());
        config.put("aiff.auth.signing-key.kid", TestKeys.KID);
        if (database) {
            config.putAll(createDatabase("aiff_test_" + service + "_" + runId));
        }
        return config;
    }

    private Map<String, String> createDatabase(String name) {
        String owner = name + "_owner";
        String app = name + "_app";
        String ownerPassword = HexFormat.of().formatHex(randomBytes(16));
        String appPassword = HexFormat.of().formatHex(randomBytes(16));
        // DDL cannot take bound parameters; every name and password here is generated hex, never outside input.
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + ownerPassword + "'");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD '" + appPassword + "'");
            s.execute("GRANT " + owner + " TO CURRENT_USER");
            s.execute("CREATE DATABASE " + name + " OWNER " + owner);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + " on "
                    + LocalServers.pgHost() + ":" + LocalServers.pgPort() + " as " + LocalServers.pgUser()
                    + " (run ./aiff test, or export AIFF_PG_USER/AIFF_PG_PASSWORD)", e);
        }
        dbName = name;
        String hostPort = LocalServers.pgHost() + ":" + LocalServers.pgPort() + "/" + name;
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort);
        config.put("quarkus.datasource.reactive.url", "postgresql://" + hostPort);
        config.put("quarkus.datasource.username", app);
        config.put("quarkus.datasource.password", appPassword);
        config.put("quarkus.flyway.username", owner);
        config.put("quarkus.flyway.password", ownerPassword);
        return config;
    }

    @Override
    public void stop() {
        if (dbName == null) {
            return;
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + dbName + "_app");
            s.execute("DROP ROLE IF EXISTS " + dbName + "_owner");
        } catch (SQLException e) {
            System.err.println("Could not drop the test database " + dbName + ": " + e.getMessage());
        }
    }

    static Connection admin() throws SQLException {
        String url = "jdbc:postgresql://" + LocalServers.pgHost() + ":" + LocalServers.pgPort() + "/postgres";
        return DriverManager.getConnection(url, LocalServers.pgUser(), LocalServers.pgPassword());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
