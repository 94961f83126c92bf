package io.aiff.team.events;

import io.aiff.common.events.Envelope;
import io.aiff.team.Team;
import io.aiff.team.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The envelopes team-service publishes (docs/api.md "Events"): ids, names, states — no personal data. Each team event
 * carries the whole team as its readers need it (zones, status, capacity, categories, version; members in
 * team.members_changed), and each zone event the whole zone, so a
 * reader can keep a copy by applying the newest version it has seen.
 */
public final class TeamEvents {

    public static final String SOURCE = "team-service";
    public static final String TEAM_CREATED = "team.created";
    public static final String TEAM_UPDATED = "team.updated";
    public static final String TEAM_STATUS_CHANGED = "team.status_changed";
    public static final String TEAM_ZONES_CHANGED = "team.zones_changed";
    public static final String TEAM_MEMBERS_CHANGED = "team.members_changed";
    public static final String ZONE_CREATED = "zone.created";
    public static final String ZONE_UPDATED = "zone.updated";

    private TeamEvents() {
    }

    /** A team event, scoped to the team and its primary zone; {@code data} adds to the team's own summary. */
    public static JsonObject team(String type, Team team, String actor, JsonObject data) {
        JsonObject summary = new JsonObject().put("name", team.name()).put("zone", team.zone()).put("zone_id", team.zoneId())
                .put("zones", new JsonArray(team.zones().stream()
                        .map(z -> new JsonObject().put("zone_id", z.zoneId()).put("is_primary", z.primary())).toList()))
                .put("status", team.status()).put("is_active", team.active()).put("version", team.version())
                .put("capacity", team.capacity()).put("categories", new JsonArray(team.categories()));
        return Envelope.of(type, SOURCE, team.id(), team.zoneId(), team.zone(), team.id(), actor,
                data == null ? summary : summary.mergeIn(data));
    }

    /** A zone event: the zone as a whole (name, centre, coverage), scoped to the zone itself. */
    public static JsonObject zone(String type, Zone zone, String actor, JsonObject data) {
        JsonObject summary = new JsonObject().put("name", zone.name()).put("region", zone.region())
                .put("priority_level", zone.priorityLevel()).put("version", zone.version())
                .put("coordinates", JsonObject.mapFrom(zone.coordinates()))
                .put("coverage_area", new JsonArray(zone.coverageArea().stream().map(JsonObject::mapFrom).toList()));
        return Envelope.of(type, SOURCE, zone.id(), zone.id(), zone.name(), null, actor, data == null ? summary : summary.mergeIn(data));
    }
}
