package io.aiff.common.security;

/** AIFF's own token claims ({@code docs/api.md}, "Auth"), beside the standard ones. */
public final class Claims {

    public static final String PERMISSIONS = "permissions";
    public static final String TEAM_IDS = "team_ids";
    /** Zone ids: what scopes the caller. */
    public static final String ZONE_IDS = "zone_ids";
    /** Zone names, for display (tokens issued before zone ids carry only these). */
    public static final String ZONES = "zones";
    public static final String SID = "sid";
    public static final String SERVICE_GROUP = "service";

    private Claims() {
    }
}
