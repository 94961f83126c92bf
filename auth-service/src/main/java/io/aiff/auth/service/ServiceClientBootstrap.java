package io.aiff.auth.service;

import io.agroal.api.AgroalDataSource;
import io.aiff.auth.config.AuthConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * Creates or updates the suite's own service clients from configuration at start (ids and secrets from the
 * environment, a Kubernetes Secret in production): the same mechanism in tests, the end-to-end test and
 * {@code ./aiff up}. Runs on the main thread at start, like the migrations, with the JDBC datasource.
 */
@ApplicationScoped
public class ServiceClientBootstrap {

    private final AuthConfig config;
    private final PasswordHasher hasher;
    private final AgroalDataSource dataSource;

    public ServiceClientBootstrap(AuthConfig config, PasswordHasher hasher, AgroalDataSource dataSource) {
        this.config = config;
        this.hasher = hasher;
        this.dataSource = dataSource;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (var entry : config.serviceClients().entrySet()) {
                String clientId = entry.getKey();
                String secret = entry.getValue().secret().orElse("");
                if (secret.isBlank()) {
                    continue;
                }
                List<String> permissions = entry.getValue().permissions().orElse(List.of()).stream()
                        .map(String::strip).filter(p -> !p.isEmpty()).sorted().distinct().toList();
                if (!upToDate(c, clientId, secret, permissions)) {
                    upsert(c, clientId, secret, permissions);
                    Log.infof("Service client '%s' configured with %s", clientId, permissions);
                }
            }
        }
    }

    private boolean upToDate(Connection c, String clientId, String secret, List<String> permissions) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT secret_hash, permissions FROM auth_clients WHERE client_id = ?")) {
            query.setString(1, clientId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                List<String> current = Arrays.stream((String[]) row.getArray(2).getArray()).sorted().toList();
                // An administrator may have deactivated it: that choice stands (the update below keeps is_active).
                return current.equals(permissions) && hasher.verify(secret, row.getString(1));
            }
        }
    }

    private void upsert(Connection c, String clientId, String secret, List<String> permissions) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO auth_clients (client_id, secret_hash, description, permissions, managed_by)
                VALUES (?, ?, 'configured service account', ?, 'config')
                ON CONFLICT (client_id) DO UPDATE
                SET secret_hash = EXCLUDED.secret_hash, permissions = EXCLUDED.permissions,
                    managed_by = 'config', updated_at = CURRENT_TIMESTAMP""")) {
            Array array = c.createArrayOf("text", permissions.toArray());
            upsert.setString(1, clientId);
            upsert.setString(2, hasher.hash(secret));
            upsert.setArray(3, array);
            upsert.executeUpdate();
        }
    }
}
