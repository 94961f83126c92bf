package io.aiff.ticket.support;

import io.aiff.common.testing.AuthServiceStub;
import io.aiff.common.testing.StubServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * team-service as ticket-service sees it, over HTTP (and auth-service's token endpoint for ticket-service's own
 * account): the zones and teams of {@link Zones}, which tests may add to (a zone team-service has and the directory
 * does not know yet) or make unreachable ({@link #down}).
 */
public class TeamServiceStub implements QuarkusTestResourceLifecycleManager {

    static final Map<Integer, JsonObject> ZONES = new ConcurrentHashMap<>();
    static final Map<Integer, JsonObject> TEAMS = new ConcurrentHashMap<>();
    static final Map<Integer, List<Integer>> MEMBERS = new ConcurrentHashMap<>();
    /** Teams here take many tickets at once: test classes share them; the capacity rule has its own team. */
    public static final int CAPACITY = 1000;
    private static volatile boolean down;
    private static volatile boolean refusing;
    private static volatile boolean ignoringNames;
    private StubServer server;

    /** While down, every call fails as if team-service were not running (503 from its proxy). */
    public static void down(boolean value) {
        down = value;
    }

    /** While refusing, team-service answers ticket-service's calls 403 (its client lost a permission, say). */
    public static void refusing(boolean value) {
        refusing = value;
    }

    /** While ignoring names, {@code GET /api/zones?name=} lists every zone, as team-service's previous release did. */
    public static void ignoringNames(boolean value) {
        ignoringNames = value;
    }

    public static JsonObject zone(int id, String name, double lat, double lon, int version) {
        JsonObject zone = new JsonObject().put("id", id).put("name", name).put("region", "Test").put("version", version)
                .put("coordinates", new JsonObject().put("lat", lat).put("lon", lon))
                .put("coverage_area", new JsonArray().add(point(lat - 0.1, lon - 0.1)).add(point(lat - 0.1, lon + 0.1))
                        .add(point(lat + 0.1, lon + 0.1)).add(point(lat + 0.1, lon - 0.1)));
        ZONES.put(id, zone);
        return zone;
    }

    public static JsonObject team(int id, String name, int version, List<Integer> zoneIds) {
        JsonArray zones = new JsonArray();
        for (int i = 0; i < zoneIds.size(); i++) {
            zones.add(new JsonObject().put("zone_id", zoneIds.get(i)).put("is_primary", i == 0));
        }
        JsonObject team = new JsonObject().put("id", id).put("name", name).put("is_active", true).put("status", "available")
                .put("version", version).put("zones", zones).put("capacity", CAPACITY).put("categories", new JsonArray());
        TEAMS.put(id, team);
        return team;
    }

    /** The team's members (user ids), as /internal/teams/members answers them. */
    public static void members(int teamId, List<Integer> userIds) {
        MEMBERS.put(teamId, List.copyOf(userIds));
    }

    private static JsonObject point(double lat, double lon) {
        return new JsonObject().put("lat", lat).put("lon", lon);
    }

    @Override
    public Map<String, String> start() {
        Zones.defineAll();
        server = StubServer.start(request -> {
            var response = request.response().putHeader("Content-Type", "application/json");
            String path = request.path();
            if (down) {
                response.setStatusCode(503).end("{}");
            } else if (StubServer.tokenHandled(request)) {
                return;
            } else if (refusing) {
                response.setStatusCode(403).end("{}");
            } else if (path.equals("/api/zones")) {
                String name = ignoringNames ? null : request.getParam("name");
                response.end(items(ZONES.values().stream().filter(z -> name == null || name.equals(z.getString("name"))).toList()));
            } else if (path.equals("/internal/teams/members")) {
                response.end(items(TEAMS.values().stream().map(t -> new JsonObject().put("id", t.getInteger("id"))
                        .put("team_id", t.getInteger("id")).put("version", t.getInteger("version"))
                        .put("user_ids", new JsonArray(MEMBERS.getOrDefault(t.getInteger("id"), List.of())))).toList()));
            } else if (path.equals("/api/teams")) {
                response.end(items(List.copyOf(TEAMS.values())));
            } else if (path.matches("/api/teams/\\d+/members")) {
                int team = Integer.parseInt(path.split("/")[3]);
                response.end(new JsonObject().put("items", new JsonArray(MEMBERS.getOrDefault(team, List.of()).stream()
                        .map(u -> new JsonObject().put("user_id", u).put("role_in_team", "member")).toList())).encode());
            } else if (path.startsWith("/api/zones/") || path.startsWith("/api/teams/")) {
                Map<Integer, JsonObject> all = path.startsWith("/api/zones/") ? ZONES : TEAMS;
                JsonObject found = all.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
                if (found == null) {
                    response.setStatusCode(404).end("{}");
                } else {
                    response.end(found.encode());
                }
            } else {
                response.setStatusCode(404).end("{}");
            }
        });
        String url = server.url();
        return Map.of("aiff.tickets.team-service-url", url, "aiff.client.auth-service-url", url,
                "aiff.client.id", "ticket-service", "aiff.client.secret", AuthServiceStub.secretOf("ticket-service"));
    }

    private static String items(List<JsonObject> items) {
        return new JsonObject().put("items", new JsonArray(items.stream().sorted((a, b) -> a.getInteger("id") - b.getInteger("id")).toList()))
                .putNull("next_cursor").encode();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
