package io.aiff.auth.service;

import io.agroal.api.AgroalDataSource;
import io.aiff.auth.config.AuthConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Creates the administrator on first start, before the service takes traffic. It runs on the main thread at start,
 * like the Flyway migration before it, so it uses the same JDBC datasource. Safe with several replicas starting at
 * once (the insert does nothing when the name exists). The password is never logged.
 */
@ApplicationScoped
public class AdminBootstrap {

    private final AuthConfig.Admin admin;
    private final PasswordHasher hasher;
    private final AgroalDataSource dataSource;

    public AdminBootstrap(AuthConfig config, PasswordHasher hasher, AgroalDataSource dataSource) {
        this.admin = config.admin();
        this.hasher = hasher;
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (exists(c)) {
                return;
            }
            if (admin.password().isEmpty() || admin.password().get().isBlank()) {
                Log.warnf("No user '%s' exists and AIFF_ADMIN_PASSWORD is not set: no administrator was created",
                        admin.username());
                return;
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO users (username, email, password_hash, role)
                    VALUES (?, ?, ?, 'admin')
                    ON CONFLICT DO NOTHING""")) {
                insert.setString(1, admin.username());
                insert.setString(2, admin.email());
                insert.setString(3, hasher.hash(admin.password().get()));
                if (insert.executeUpdate() == 1) {
                    Log.infof("Created the administrator '%s'", admin.username());
                }
            }
        }
    }

    private boolean exists(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            query.setString(1, admin.username());
            return query.executeQuery().next();
        }
    }
}
