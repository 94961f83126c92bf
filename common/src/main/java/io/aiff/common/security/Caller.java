package io.aiff.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who is calling, built once per request from the verified token ({@link TokenIdentityAugmentor} keeps it on the
 * identity), and the one place that decides which cell of the visibility rule of {@code docs/api.md} a caller is in.
 * Services turn the cell into SQL settings (row-level security) or filters; they never look at role names themselves.
 *
 * @param actor       {@code user:<id>} or {@code client:<client id>}: how records and audit lines name the caller
 * @param service     a client-credentials token (a service calling a service)
 * @param role        the user's role ({@code groups}); {@code service} for service tokens
 * @param permissions what the token grants ({@code resource:action})
 * @param zoneIds     the zones of the caller's teams, by id (the identity of a zone)
 * @param zoneNames   the same zones by name, for display; tokens issued before zone ids carry only these
 * @param teamIds     the caller's active teams
 */
public record Caller(String actor, boolean service, String role, Set<String> permissions, Set<Integer> zoneIds,
                     Set<String> zoneNames, Set<Integer> teamIds) {

    /** "Sees everything": a permission (by default admin, manager and viewer hold it), never a role name. */
    public static final String SCOPE_ALL = "scope:all";
    public static final String READ_CONTACT = "tickets:read_contact";
    public static final String SUPERVISOR = "supervisor";
    public static final String TECHNICIAN = "technician";
    /** The identity attribute under which the caller of a request is kept. */
    static final String ATTRIBUTE = "aiff.caller";

    /**
     * What part of the data a caller reaches for one kind of access: {@code ALL}, the tickets of its zones, the tickets
     * of its teams, or nothing (fail closed). The names are also the values row-level security reads.
     */
    public enum Reach {
        ALL, ZONES, TEAMS, NONE;

        /** The value of the SQL setting ({@code all}, {@code zones}, {@code teams}, empty for none). */
        public String sql() {
            return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
        }
    }

    public static Caller of(JsonWebToken jwt) {
        boolean service = TokenClaims.isService(jwt);
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        String role = service ? Claims.SERVICE_GROUP : groups.stream().sorted().findFirst().orElse("");
        return new Caller(actor(service, jwt.getSubject()), service, role, Set.copyOf(TokenClaims.permissions(jwt)),
                Set.copyOf(TokenClaims.numbers(jwt, Claims.ZONE_IDS)), Set.copyOf(TokenClaims.strings(jwt, Claims.ZONES)),
                Set.copyOf(TokenClaims.numbers(jwt, Claims.TEAM_IDS)));
    }

    /** The caller the augmentor built for this request (or, outside a token request, built now). */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller != null) {
            return caller;
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return of(jwt);
        }
        return new Caller("anonymous", false, "", Set.of(), Set.of(), Set.of(), Set.of());
    }

    private static final String USER = "user:";
    private static final String CLIENT = "client:";

    /** This caller with its zones given by id (a service mapping the names of a token issued before zone ids). */
    public Caller withZoneIds(Set<Integer> ids) {
        return new Caller(actor, service, role, permissions, Set.copyOf(ids), zoneNames, teamIds);
    }

    /** The one place a caller's name in records is written: {@code user:12}, {@code client:ticket-service}. */
    public static String actor(boolean service, String subject) {
        return (service ? CLIENT : USER) + subject;
    }

    /** A user as actor or audit target: {@code user:12}. */
    public static String user(long userId) {
        return actor(false, String.valueOf(userId));
    }

    /** A service client as actor or audit target: {@code client:ticket-service}. */
    public static String client(String clientId) {
        return actor(true, clientId);
    }

    /** The user id an actor name stands for ({@code user:12} → 12), else null (clients, {@code system}). */
    public static Integer userIdOf(String actor) {
        if (actor == null || !actor.startsWith(USER)) {
            return null;
        }
        try {
            return Integer.valueOf(actor.substring(USER.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The user id of a user token, else null. */
    public Integer userId() {
        return service ? null : userIdOf(actor);
    }

    public boolean holds(String permission) {
        return permissions.contains(permission);
    }

    /**
     * What the caller may read of a resource whose read permission is {@code readPermission}: everything with
     * {@code scope:all} (users) or as a service token, its zones as a supervisor or technician, else nothing.
     */
    public Reach reads(String readPermission) {
        if (!holds(readPermission)) {
            return Reach.NONE;
        }
        if (service || holds(SCOPE_ALL)) {
            return Reach.ALL;
        }
        return role.equals(SUPERVISOR) || role.equals(TECHNICIAN) ? Reach.ZONES : Reach.NONE;
    }

    /** Which tickets the caller may change (each change still needs its own permission). */
    public Reach changes() {
        if (service || holds(SCOPE_ALL)) {
            return Reach.ALL;
        }
        return switch (role) {
            case SUPERVISOR -> Reach.ZONES;
            case TECHNICIAN -> Reach.TEAMS;
            default -> Reach.NONE;
        };
    }

    /** Whose customer contacts the caller may see decrypted: only with tickets:read_contact, then as it may change. */
    public Reach contacts() {
        return holds(READ_CONTACT) ? changes() : Reach.NONE;
    }

    /** A token issued before zones were identified by id: zone names only (mapped to ids for one release). */
    public boolean legacyZones() {
        return zoneIds.isEmpty() && !zoneNames.isEmpty();
    }

    /**
     * Whether this caller may read an object of a resource read with {@code readPermission} that lies in the given zone
     * (by id; by name for legacy tokens) — what the event stream asks of every event.
     */
    public boolean mayRead(String readPermission, Integer zoneId, String zoneName) {
        return switch (reads(readPermission)) {
            case ALL -> true;
            case ZONES -> zoneId != null && zoneIds.contains(zoneId) || legacyZones() && zoneName != null && zoneNames.contains(zoneName);
            default -> false;
        };
    }

    /** The zone ids as a sorted list (for SQL settings and hashes). */
    public List<Integer> sortedZoneIds() {
        return zoneIds.stream().sorted().toList();
    }

    public List<Integer> sortedTeamIds() {
        return teamIds.stream().sorted().toList();
    }
}
