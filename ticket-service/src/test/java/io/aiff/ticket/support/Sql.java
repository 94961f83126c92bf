package io.aiff.ticket.support;

import java.sql.Connection;
import java.sql.SQLException;

/** Scope settings for tests that talk SQL directly, as the service's Scope sets them (R__scope.sql). */
public final class Sql {

    private Sql() {
    }

    /** The system scope (reads and changes everything), for this session ({@code local}: this transaction only). */
    public static void system(Connection c, boolean local) throws SQLException {
        c.createStatement().execute("SELECT set_config('aiff.actor', 'system', " + local + "), set_config('aiff.reads', 'all', "
                + local + "), set_config('aiff.changes', 'all', " + local + ")");
    }

    /** Back to no scope at all. */
    public static void reset(Connection c) throws SQLException {
        c.createStatement().execute("RESET aiff.actor; RESET aiff.reads; RESET aiff.changes; RESET aiff.contacts; "
                + "RESET aiff.zone_ids; RESET aiff.team_ids; RESET aiff.zone_names; RESET aiff.zones; RESET aiff.role");
    }
}
