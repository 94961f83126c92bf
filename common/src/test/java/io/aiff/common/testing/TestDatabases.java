package io.aiff.common.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Throw-away PostgreSQL databases on the local server, shaped like production: owned by an owner login role
 * (Flyway migrates as it) with a separate app login role that owns nothing.
 */
public final class TestDatabases {

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Database(String name, String owner, String ownerPassword, String app, String appPassword) {

        public String hostPortName() {
            return LocalServers.pgHost() + ":" + LocalServers.pgPort() + "/" + name;
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + hostPortName();
        }

        public String reactiveUrl() {
            return "postgresql://" + hostPortName();
        }
    }

    private TestDatabases() {
    }

    public static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /**
     * Creates {@code aiff_test_<label>_<epoch minute>_<random>}: {@code ./aiff test} sweeps what crashed runs left
     * behind by that minute. Names and passwords are generated, never outside input.
     */
    public static Database create(String label) {
        String name = "aiff_test_" + label + "_" + System.currentTimeMillis() / 60_000 + "_" + randomHex(3);
        Database db = new Database(name, name + "_owner", randomHex(16), name + "_app", randomHex(16));
        // DDL takes no bound parameters; every identifier and password here is generated above.
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + db.owner() + " LOGIN PASSWORD '" + db.ownerPassword() + "'");
            s.execute("CREATE ROLE " + db.app() + " LOGIN PASSWORD '" + db.appPassword() + "'");
            s.execute("GRANT " + db.owner() + " TO CURRENT_USER");
            s.execute("CREATE DATABASE " + name + " OWNER " + db.owner());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + " on "
                    + LocalServers.pgHost() + ":" + LocalServers.pgPort() + " as " + LocalServers.pgUser()
                    + " (run ./aiff test, or export AIFF_PG_USER/AIFF_PG_PASSWORD)", e);
        }
        return db;
    }

    public static void drop(Database db) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + db.app());
            s.execute("DROP ROLE IF EXISTS " + db.owner());
        } catch (SQLException e) {
            System.err.println("Could not drop the test database " + db.name() + ": " + e.getMessage());
        }
    }

    private static Connection admin() throws SQLException {
        String url = "jdbc:postgresql://" + LocalServers.pgHost() + ":" + LocalServers.pgPort() + "/postgres";
        return DriverManager.getConnection(url, LocalServers.pgUser(), LocalServers.pgPassword());
    }
}
