package io.aiff.analytics.service;

import io.aiff.common.security.Caller;
import io.aiff.common.security.Resource;

/**
 * What of the numbers a caller reaches, by the rule of {@code docs/api.md} (analytics is zoned, like tickets): with
 * {@code scope:all} (or as a service) everything; a supervisor the numbers of its zones' tickets and assignments only
 * (a team's numbers there are those of its work in those zones); anyone else nothing — {@code analytics:read} is
 * checked by the resources, so "nothing" is only reached by a role the rule gives no zones.
 *
 * @param zoneNames legacy tokens (zone names only): the zones by name
 */
public record Reach(boolean all, Integer[] zoneIds, String[] zoneNames) {

    /** Everything: what the service itself computes for everyone (the published numbers). */
    public static Reach everything() {
        return new Reach(true, new Integer[0], new String[0]);
    }

    public static Reach of(Caller caller) {
        return switch (caller.reads(Resource.ANALYTICS.readPermission())) {
            case ALL -> everything();
            case ZONES -> new Reach(false, caller.sortedZoneIds().toArray(Integer[]::new),
                    caller.legacyZones() ? caller.zoneNames().toArray(String[]::new) : new String[0]);
            default -> new Reach(false, new Integer[0], new String[0]);
        };
    }
}
