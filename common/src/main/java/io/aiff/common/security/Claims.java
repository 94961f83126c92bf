package io.aiff.common.security;

/** AIFF's own token claims (shared/API.md, "Auth"), beside the standard ones. */
public final class Claims {

    public static final String PERMISSIONS = "permissions";
    public static final String TEAM_IDS = "team_ids";
    public static final String ZONES = "zones";
    public static final String SID = "sid";
    public static final String SERVICE_GROUP = "service";

    private Claims() {
    }
}
