package io.aiff.ticket.service;

import io.aiff.common.security.Claims;
import io.aiff.common.security.TokenClaims;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The caller as row-level security sees it, set at the start of every transaction with {@code set_config(..., true)}
 * (transaction-local, bound parameters). The policies of migration V3 decide from these what a query sees.
 */
public record Scope(String role, String actor, List<Integer> teamIds, List<String> zones, boolean readAll,
                    Set<String> permissions) {

    static final Set<String> ROLES = Set.of("admin", "manager", "viewer", "supervisor", "technician");

    /** Scheduled jobs and the relay: an explicit system scope. */
    public static final Scope SYSTEM = new Scope("system", "system", List.of(), List.of(), true, Set.of());

    private static final String APPLY = "SELECT set_config('aiff.role', $1, true), set_config('aiff.user_id', $2, true), "
            + "set_config('aiff.team_ids', $3, true), set_config('aiff.zones', $4, true), set_config('aiff.read_all', $5, true)";

    public static Scope of(JsonWebToken jwt) {
        Set<String> permissions = Set.copyOf(TokenClaims.permissions(jwt));
        if (TokenClaims.isService(jwt)) {
            return new Scope("service", "client:" + jwt.getSubject(), List.of(), List.of(),
                    permissions.contains("tickets:read"), permissions);
        }
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        String role = groups.stream().filter(ROLES::contains).findFirst().orElse("none");
        return new Scope(role, "user:" + jwt.getSubject(), TokenClaims.numbers(jwt, Claims.TEAM_IDS),
                TokenClaims.strings(jwt, Claims.ZONES), false, permissions);
    }

    public boolean may(String permission) {
        return this == SYSTEM || permissions.contains(permission);
    }

    /** Sets this scope for the rest of the caller's transaction. */
    public Uni<Void> apply(SqlConnection tx) {
        String teams = teamIds.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        return tx.preparedQuery(APPLY)
                .execute(Tuple.of(role, actor, teams, new JsonArray(zones).encode(), String.valueOf(readAll)))
                .replaceWithVoid();
    }
}
