package io.aiff.ticket.service;

import io.aiff.common.security.Caller.Reach;
import io.aiff.common.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The caller's cell of the visibility rule ({@link Caller}) as row-level security reads it: set at the start of every
 * transaction with {@code set_config(..., true)} (transaction-local, bound parameters); the policies of
 * {@code R__scope.sql} decide from these settings what a statement sees and may change.
 */
public record Scope(String actor, Reach reads, Reach changes, Reach contacts, List<Integer> zoneIds,
                    List<Integer> teamIds, List<String> zoneNames, List<String> legacyZoneNames, Set<String> permissions) {

    public static final String READ = "tickets:read";

    /** Scheduled jobs, the event consumer and migrations' backfills: everything, explicitly. */
    public static final Scope SYSTEM = new Scope("system", Reach.ALL, Reach.ALL, Reach.NONE, List.of(), List.of(),
            List.of(), List.of(), Set.of());

    private static final String APPLY = "SELECT set_config('aiff.actor', $1, true), set_config('aiff.reads', $2, true), "
            + "set_config('aiff.changes', $3, true), set_config('aiff.contacts', $4, true), "
            + "set_config('aiff.zone_ids', $5, true), set_config('aiff.team_ids', $6, true), set_config('aiff.zone_names', $7, true), "
            + "set_config('aiff.zones', $8, true)";

    public static Scope of(Caller caller) {
        List<String> names = caller.zoneNames().stream().sorted().toList();
        return new Scope(caller.actor(), caller.reads(READ), caller.changes(), caller.contacts(), caller.sortedZoneIds(),
                caller.sortedTeamIds(), names, caller.legacyZones() ? names : List.of(), caller.permissions());
    }

    public boolean may(String permission) {
        return this == SYSTEM || permissions.contains(permission);
    }

    /** A user's id (who assigned, who rated), or null for services and jobs. */
    public Integer userId() {
        return Caller.userIdOf(actor);
    }

    /** Whether a ticket in this zone could be read (and so created) by the caller, as the insert policy will check. */
    public boolean readsZone(int zoneId, String zoneName) {
        return reads == Reach.ALL || reads == Reach.ZONES && (zoneIds.contains(zoneId) || legacyZoneNames.contains(zoneName));
    }

    /** Sets this scope for the rest of the caller's transaction. */
    public Uni<Void> apply(SqlConnection tx) {
        return tx.preparedQuery(APPLY).execute(parameters()).replaceWithVoid();
    }

    /**
     * Sets this scope and reads {@code columns} in the same round trip — only columns that do not depend on the scope
     * (tables without row-level security, functions of the snapshot): the settings are made in that very statement.
     * Answers the row, the settings' columns first ({@link #SETTINGS} of them).
     */
    public Uni<Row> applyAnd(SqlConnection tx, String columns) {
        return tx.preparedQuery(APPLY + ", " + columns).execute(parameters()).map(rows -> rows.iterator().next());
    }

    /** How many columns the settings take in {@link #applyAnd}'s row. */
    public static final int SETTINGS = 8;

    private Tuple parameters() {
        return Tuple.tuple(List.of(actor, reads.sql(), changes.sql(), contacts.sql(), array(zoneIds), array(teamIds),
                new JsonArray(zoneNames).encode(), new JsonArray(legacyZoneNames).encode()));
    }

    private static String array(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
