package io.aiff.auth.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which permissions each role has (tables {@code permissions} and {@code role_permissions}). */
@ApplicationScoped
public class RoleRepository {

    public static final List<String> ROLES = List.of("admin", "manager", "supervisor", "technician", "viewer");

    public record PermissionRow(String name, String resource, String action, String description) {
    }

    public Uni<List<String>> permissionsOf(String role) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT p.name FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id
                        WHERE rp.role = ?1 ORDER BY p.name""", String.class)
                .setParameter(1, role)
                .getResultList());
    }

    public Uni<Map<String, List<String>>> all() {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT rp.role, p.name FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id
                        ORDER BY rp.role, p.name""", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<String, List<String>> byRole = new LinkedHashMap<>();
                    ROLES.forEach(role -> byRole.put(role, new ArrayList<>()));
                    rows.forEach(row -> byRole.get((String) row[0]).add((String) row[1]));
                    return byRole;
                });
    }

    public Uni<List<PermissionRow>> permissions() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT name, resource, action, description FROM permissions ORDER BY name", Object[].class)
                .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new PermissionRow((String) r[0], (String) r[1], (String) r[2], (String) r[3]))
                        .toList());
    }

    /** Replaces the role's permissions; call inside a transaction. Names must exist (checked by the caller). */
    public Uni<Void> replace(String role, List<String> permissions) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "DELETE FROM role_permissions WHERE role = ?1")
                        .setParameter(1, role).executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                INSERT INTO role_permissions (role, permission_id)
                                SELECT ?1, id FROM permissions WHERE name = ANY (string_to_array(?2, ','))""")
                        .setParameter(1, role)
                        .setParameter(2, String.join(",", permissions))
                        .executeUpdate()))
                .replaceWithVoid();
    }

}
