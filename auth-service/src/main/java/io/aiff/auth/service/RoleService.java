package io.aiff.auth.service;

import io.aiff.auth.repository.RoleRepository;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Which permissions each role has. Changes apply to tokens issued afterwards (login, refresh). */
@ApplicationScoped
public class RoleService {

    /** The administrator must always be able to repair the mapping and the accounts. */
    private static final Set<String> ADMIN_KEEPS = Set.of("roles:manage", "users:manage");

    private final RoleRepository roles;
    private final Audit audit;

    public RoleService(RoleRepository roles, Audit audit) {
        this.roles = roles;
        this.audit = audit;
    }

    @WithSession
    public Uni<Map<String, List<String>>> all() {
        return roles.all();
    }

    @WithSession
    public Uni<List<RoleRepository.PermissionRow>> permissions() {
        return roles.permissions();
    }

    @WithTransaction
    public Uni<List<String>> replace(String role, List<String> requested, Audit.Actor actor) {
        if (!RoleRepository.ROLES.contains(role)) {
            return Uni.createFrom().failure(ProblemException.notFound("Role"));
        }
        Set<String> wanted = new TreeSet<>(requested);
        if (role.equals("admin") && !wanted.containsAll(ADMIN_KEEPS)) {
            return Uni.createFrom().failure(new ProblemException(Problem.conflict(
                    "The admin role always keeps roles:manage and users:manage.").with("field", "permissions")));
        }
        return roles.permissions().chain(known -> {
            Set<String> names = known.stream().map(RoleRepository.PermissionRow::name).collect(Collectors.toSet());
            List<String> unknown = wanted.stream().filter(p -> !names.contains(p)).toList();
            if (!unknown.isEmpty()) {
                return Uni.createFrom().failure(ProblemException.badRequest("permissions",
                        "unknown permission(s): " + String.join(", ", unknown)));
            }
            return roles.permissionsOf(role).chain(before -> roles.replace(role, List.copyOf(wanted))
                    .chain(() -> audit.record(actor, Audit.ROLE_PERMISSIONS_CHANGED, "role:" + role, true,
                            Map.of("before", before, "after", List.copyOf(wanted))))
                    .replaceWith(List.copyOf(wanted)));
        });
    }
}
