package io.aiff.ticket.client;

import io.aiff.common.client.ServiceClient;
import io.aiff.ticket.Team;
import io.aiff.ticket.Zone;
import io.aiff.ticket.config.TicketConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * team-service's zones and teams, asked over its API with ticket-service's own client account: one zone or team the
 * directory does not know yet, or all of them page by page (the directory's fill). Only team-service's own "no such
 * zone/team" (404, or no zone of that exact name) is null; any other answer — unreachable, refusing ticket-service's
 * token, failing — is a 503 ({@link ServiceClient#unavailable}): ticket-service cannot tell, so it does not say "no".
 */
@ApplicationScoped
public class TeamDirectory {

    private static final int PAGE = 200;

    private final ServiceClient client;
    private final URI base;

    public TeamDirectory(ServiceClient client, TicketConfig config) {
        this.client = client;
        this.base = config.teamServiceUrl();
    }

    public Uni<Zone> zone(int id) {
        return one("/api/zones/" + id, TeamDirectory::zone);
    }

    /** The zone of exactly that name (a team-service that ignores {@code ?name=} answers others: they are not it). */
    public Uni<Zone> zoneNamed(String name) {
        return client.get(base, "/api/zones?limit=1&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)).map(reply -> {
            JsonArray items = answered(reply).getJsonArray("items", new JsonArray());
            for (Object item : items) {
                if (name.equals(((JsonObject) item).getString("name"))) {
                    return zone((JsonObject) item);
                }
            }
            return null;
        });
    }

    public Uni<Team> team(int id) {
        return one("/api/teams/" + id, TeamDirectory::team);
    }

    /** Every zone, page by page. */
    public Multi<List<Zone>> zones() {
        return pages("/api/zones", TeamDirectory::zone);
    }

    /** Every team, page by page. */
    public Multi<List<Team>> teams() {
        return pages("/api/teams", TeamDirectory::team);
    }

    /** A team's members by user id, with the team version they belong to. */
    public record Members(int teamId, int version, List<Integer> userIds) {
        /** As team-service's internal API and its team.members_changed events write them. */
        public static Members of(int teamId, int version, JsonArray members) {
            List<Integer> ids = new ArrayList<>();
            members.forEach(m -> ids.add(m instanceof JsonObject o ? o.getInteger("user_id") : ((Number) m).intValue()));
            return new Members(teamId, version, ids);
        }
    }

    /** One team's members (its version is the team's, as team-service answers it with the team). */
    public Uni<Members> membersOf(Team team) {
        return client.get(base, "/api/teams/" + team.id() + "/members").map(reply -> reply.status() == 404 ? null
                : Members.of(team.id(), team.version(), answered(reply).getJsonArray("items", new JsonArray())));
    }

    /**
     * Every team's members, page by page (team-service's /internal/teams/members); none from a team-service of the
     * previous release, which has no such path (its team.members_changed events still bring them).
     */
    public Multi<List<Members>> members() {
        return client.get(base, "/internal/teams/members?limit=1").onItem().transformToMulti(probe -> probe.status() == 404
                ? Multi.createFrom().<List<Members>>empty()
                : pages("/internal/teams/members", json -> Members.of(json.getInteger("team_id"), json.getInteger("version", 0),
                        json.getJsonArray("user_ids", new JsonArray()))));
    }

    private <T> Uni<T> one(String path, Function<JsonObject, T> read) {
        return client.get(base, path).map(reply -> reply.status() == 404 ? null : read.apply(answered(reply)));
    }

    /** The body of a 200 answer; anything else means team-service could not answer the question. */
    private static JsonObject answered(ServiceClient.Reply reply) {
        if (reply.status() != 200 || reply.body() == null) {
            throw ServiceClient.unavailable("team-service");
        }
        return reply.body();
    }

    private <T> Multi<List<T>> pages(String path, Function<JsonObject, T> read) {
        String[] cursor = {null};
        boolean[] done = {false};
        return Multi.createBy().repeating().uni(() -> client.get(base, path + "?limit=" + PAGE
                        + (cursor[0] == null ? "" : "&cursor=" + URLEncoder.encode(cursor[0], StandardCharsets.UTF_8)))
                        .map(reply -> {
                            JsonObject page = answered(reply);
                            cursor[0] = page.getString("next_cursor");
                            done[0] = cursor[0] == null;
                            List<T> items = new ArrayList<>();
                            page.getJsonArray("items", new JsonArray()).forEach(item -> items.add(read.apply((JsonObject) item)));
                            return items;
                        }))
                .whilst(page -> !done[0]);
    }

    /** A zone as team-service's API and events write it. */
    public static Zone zone(JsonObject json) {
        return zone(json.getInteger("id"), json);
    }

    public static Zone zone(int id, JsonObject json) {
        JsonObject centre = json.getJsonObject("coordinates");
        JsonArray coverage = json.getJsonArray("coverage_area");
        List<Point> ring = new ArrayList<>();
        if (coverage != null) {
            coverage.forEach(p -> ring.add(point((JsonObject) p)));
        }
        return new Zone(id, json.getString("name"), centre == null ? null : point(centre),
                ring.size() < 3 ? null : new Polygon(ring), json.getInteger("version", 0));
    }

    /**
     * A team as team-service's API and events write it (zones primary first). A team-service of the previous release
     * writes no {@code zones}: then they are unknown (null), not none.
     */
    public static Team team(JsonObject json) {
        return team(json.getInteger("id"), json);
    }

    public static Team team(int id, JsonObject json) {
        JsonArray links = json.getJsonArray("zones");
        int capacity = json.getInteger("capacity", Team.DEFAULT_CAPACITY);
        List<String> categories = new ArrayList<>();
        json.getJsonArray("categories", new JsonArray()).forEach(c -> categories.add(String.valueOf(c)));
        if (links == null) {
            return new Team(id, json.getString("name"), json.getBoolean("is_active", true), json.getString("status", "available"),
                    json.getInteger("version", 0), null, capacity, categories);
        }
        List<Integer> zones = new ArrayList<>();
        for (int primaryFirst = 1; primaryFirst >= 0; primaryFirst--) {
            for (Object link : links) {
                JsonObject l = (JsonObject) link;
                if (l.getBoolean("is_primary", false) == (primaryFirst == 1)) {
                    zones.add(l.getInteger("zone_id"));
                }
            }
        }
        return new Team(id, json.getString("name"), json.getBoolean("is_active", true), json.getString("status", "available"),
                json.getInteger("version", 0), zones, capacity, categories);
    }

    private static Point point(JsonObject p) {
        return new Point(p.getDouble("lon"), p.getDouble("lat"));
    }
}
