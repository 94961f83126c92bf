package io.aiff.common.security;

/**
 * What the visibility rule protects (docs/api.md, "Who sees what"): each kind of resource has its read permission and
 * is either scoped by zone (tickets, assignments, analytics: a caller without scope:all reads those of its zones) or
 * readable whole by everyone holding the permission (teams and zones). Events belong to the resource their type names.
 */
public enum Resource {
    TICKETS("tickets:read", true),
    ASSIGNMENTS("assignments:read", true),
    ANALYTICS("analytics:read", true),
    TEAMS("teams:read", false),
    ZONES("zones:read", false);

    private final String readPermission;
    private final boolean zoned;

    Resource(String readPermission, boolean zoned) {
        this.readPermission = readPermission;
        this.zoned = zoned;
    }

    public String readPermission() {
        return readPermission;
    }

    /** The resource of an event type ({@code ticket.status_changed} → tickets); unknown types count as tickets. */
    public static Resource ofEvent(String type) {
        int dot = type == null ? -1 : type.indexOf('.');
        return switch (dot < 0 ? "" : type.substring(0, dot)) {
            case "team" -> TEAMS;
            case "zone" -> ZONES;
            case "assignment", "dispatch" -> ASSIGNMENTS;
            case "analytics" -> ANALYTICS;
            default -> TICKETS;
        };
    }

    /** Whether the caller may read an object of this resource that lies in the given zone. */
    public boolean readableBy(Caller caller, Integer zoneId, String zoneName) {
        if (!zoned) {
            return caller.holds(readPermission);
        }
        return caller.mayRead(readPermission, zoneId, zoneName);
    }
}
