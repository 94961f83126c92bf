package io.aiff.team.service;

import io.aiff.common.db.Outbox;
import io.aiff.common.problem.FieldError;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Versions;
import io.aiff.team.GeoPoint;
import io.aiff.team.Team;
import io.aiff.team.Zone;
import io.aiff.team.client.AuthUsers;
import io.aiff.team.events.TeamEvents;
import io.aiff.team.repository.MemberRepository;
import io.aiff.team.repository.TeamRepository;
import io.aiff.team.repository.ZoneRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Teams: create, change, status, zones, members, scope, nearest. Every change is one transaction that also writes
 * its event to the outbox.
 */
@ApplicationScoped
public class TeamService {

    public record Link(int zoneId, boolean primary) {
    }

    /** At most this many "does the user exist" calls to auth-service at once per request. */
    static final int MEMBER_CHECKS_IN_FLIGHT = 8;

    public record Member(int userId, String roleInTeam) {
    }

    private final Pool db;
    private final TeamRepository teams;
    private final ZoneRepository zones;
    private final MemberRepository members;
    private final AuthUsers users;

    public TeamService(Pool db, TeamRepository teams, ZoneRepository zones, MemberRepository members,
                       AuthUsers users) {
        this.db = db;
        this.teams = teams;
        this.zones = zones;
        this.members = members;
        this.users = users;
    }

    public Uni<List<Team>> page(TeamRepository.Filter filter, int afterId, int limit) {
        return teams.page(db, filter, afterId, limit);
    }

    public Uni<Team> get(int id) {
        return teams.find(db, id).onItem().ifNull().failWith(() -> ProblemException.notFound("Team"));
    }

    public Uni<List<TeamRepository.Nearby>> nearest(GeoPoint point, List<String> statuses, int limit) {
        return teams.nearest(db, Geo.point(point), statuses, limit);
    }

    public Uni<Team> create(String zoneName, String status, TeamRepository.Fields fields, Caller caller) {
        // Zone rows first (FOR SHARE), then the team: the order a zone rename takes them in.
        return db.withTransaction(tx -> tx.preparedQuery("SELECT id FROM zones WHERE name = $1 FOR SHARE")
                .execute(Tuple.of(zoneName.strip()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.badRequest("zone", "is not a known zone"));
                    }
                    int zoneId = rows.iterator().next().getInteger(0);
                    return teams.insert(tx, zoneName.strip(), status == null ? "available" : status, fields)
                            .call(team -> teams.replaceZones(tx, team.id(), List.of(new Team.ZoneLink(zoneId, true))))
                            .chain(team -> teams.find(tx, team.id()))
                            .call(team -> Outbox.append(tx, TeamEvents.team(TeamEvents.TEAM_CREATED, team, caller.actor(), null)));
                }));
    }

    public Uni<Team> update(int id, int version, TeamRepository.Fields fields, Caller caller) {
        return db.withTransaction(tx -> teams.find(tx, id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Team"))
                        .chain(before -> teams.update(tx, id, version, fields)
                                .onItem().ifNull().failWith(Versions::stale))
                        .call(team -> Outbox.append(tx, TeamEvents.team(TeamEvents.TEAM_UPDATED, team, caller.actor(), null))));
    }

    /** Deactivation instead of deletion: history (tickets, assignments, reports) keeps pointing at the team. */
    public Uni<Team> deactivate(int id, Caller caller) {
        return db.withTransaction(tx -> teams.lock(tx, id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Team"))
                        .chain(team -> !team.active() ? Uni.createFrom().item(team)
                                : teams.update(tx, id, null, new TeamRepository.Fields(team.name(), team.description(), false, team.capacity(), team.categories()))
                                        .call(changed -> Outbox.append(tx, TeamEvents.team(TeamEvents.TEAM_UPDATED, changed, caller.actor(), null)))));
    }

    /**
     * A status change (an action, like a ticket transition): recorded with who and when. Who may change which team
     * follows the visibility rule (docs/api.md): callers with scope:all any team, supervisors the teams serving one of
     * their zones, technicians their own teams; any other team is 404.
     */
    public Uni<Team> changeStatus(int id, Integer version, String status, Caller caller) {
        return db.withTransaction(tx -> scoped(tx, caller).chain(who -> teams.lock(tx, id)
                        .invoke(team -> {
                            if (team == null || !mayChange(who, team)) {
                                throw ProblemException.notFound("Team");
                            }
                            if (version != null && team.version() != version) {
                                throw Versions.stale();
                            }
                        })
                        .chain(before -> before.status().equals(status) ? Uni.createFrom().item(before)
                                : teams.setStatus(tx, id, status)
                                        .call(after -> teams.recordStatusChange(tx, id, before.status(), status, caller.actor()))
                                        .call(after -> Outbox.append(tx, TeamEvents.team(TeamEvents.TEAM_STATUS_CHANGED, after,
                                                caller.actor(), new JsonObject().put("from", before.status()).put("to", status)))))));
    }

    /** The caller with its zones by id: a token issued before zone ids names them, and team-service knows the names. */
    private Uni<Caller> scoped(SqlClient tx, Caller caller) {
        return caller.legacyZones() ? zones.idsNamed(tx, caller.zoneNames()).map(caller::withZoneIds) : Uni.createFrom().item(caller);
    }

    static boolean mayChange(Caller caller, Team team) {
        return switch (caller.changes()) {
            case ALL -> true;
            case ZONES -> team.zoneIds().stream().anyMatch(caller.zoneIds()::contains);
            case TEAMS -> caller.teamIds().contains(team.id());
            case NONE -> false;
        };
    }

    /** Replaces the team's zones: exactly one primary, whose name becomes {@code teams.zone}. */
    public Uni<Team> setZones(int id, Integer version, List<Link> links, Caller caller) {
        long primaries = links.stream().filter(Link::primary).count();
        if (primaries != 1) {
            return Uni.createFrom().failure(ProblemException.badRequest("zones", "needs exactly one primary zone (is_primary: true)"));
        }
        Set<Integer> ids = new HashSet<>();
        for (Link link : links) {
            if (!ids.add(link.zoneId())) {
                return Uni.createFrom().failure(ProblemException.badRequest("zones", "names zone " + link.zoneId() + " twice"));
            }
        }
        // Zone rows first (FOR SHARE), then the team: the order a zone rename takes them in.
        return db.withTransaction(tx -> zones.findAll(tx, List.copyOf(ids))
                        .call(found -> teams.lock(tx, id)
                                .onItem().ifNull().failWith(() -> ProblemException.notFound("Team"))
                                .invoke(team -> {
                                    if (version != null && team.version() != version) {
                                        throw Versions.stale();
                                    }
                                }))
                        .chain(found -> {
                            Map<Integer, Zone> byId = found.stream().collect(Collectors.toMap(Zone::id, Function.identity()));
                            for (int i = 0; i < links.size(); i++) {
                                if (!byId.containsKey(links.get(i).zoneId())) {
                                    return Uni.createFrom().failure(ProblemException.badRequest("zones[" + i + "].zone_id", "is not a known zone"));
                                }
                            }
                            Zone primary = links.stream().filter(Link::primary).map(l -> byId.get(l.zoneId())).findFirst().orElseThrow();
                            return teams.replaceZones(tx, id, links.stream().map(l -> new Team.ZoneLink(l.zoneId(), l.primary())).toList())
                                    .chain(() -> teams.setPrimaryZone(tx, id, null, primary.name()))
                                    .call(team -> Outbox.append(tx, TeamEvents.team(TeamEvents.TEAM_ZONES_CHANGED, team, caller.actor(),
                                            new JsonObject().put("zone_names", new JsonArray(links.stream()
                                                    .map(l -> new JsonObject().put("zone_id", l.zoneId()).put("name", byId.get(l.zoneId()).name()))
                                                    .toList())))));
                        }));
    }

    public Uni<List<Team.ZoneLink>> zonesOf(int id) {
        return get(id).map(Team::zones);
    }

    public Uni<List<MemberRepository.Member>> members(int id) {
        return get(id).chain(team -> members.of(db, id));
    }

    /** Replaces the members after auth-service confirmed every user exists (unknown ones: 400 naming them). */
    public Uni<List<MemberRepository.Member>> setMembers(int id, List<Member> wanted, Caller caller) {
        Set<Integer> ids = new HashSet<>();
        for (Member member : wanted) {
            if (!ids.add(member.userId())) {
                return Uni.createFrom().failure(ProblemException.badRequest("members", "names user " + member.userId() + " twice"));
            }
        }
        return get(id)
                .chain(team -> Multi.createFrom().iterable(wanted).onItem()
                        .transformToUni(m -> users.exists(m.userId()).map(exists -> exists ? null : m.userId()))
                        .merge(MEMBER_CHECKS_IN_FLIGHT)
                        .filter(Objects::nonNull).collect().asList())
                .invoke(unknown -> {
                    if (!unknown.isEmpty()) {
                        throw new ProblemException(Problem.validation(List.of(new FieldError(
                                "members", "unknown users: " + unknown.stream().sorted().toList()))));
                    }
                })
                .chain(ok -> db.withTransaction(tx -> teams.lock(tx, id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Team"))
                        .call(team -> members.replace(tx, id, wanted.stream()
                                .map(m -> new MemberRepository.Member(m.userId(), m.roleInTeam(), null)).toList()))
                        .chain(team -> teams.touch(tx, id))
                        .call(team -> Outbox.append(tx, TeamEvents.team(TeamEvents.TEAM_MEMBERS_CHANGED, team, caller.actor(),
                                new JsonObject().put("members", new JsonArray(wanted.stream()
                                        .map(m -> new JsonObject().put("user_id", m.userId()).put("role_in_team", m.roleInTeam())).toList())))))
                        .chain(team -> members.of(tx, id))));
    }

    public Uni<List<MemberRepository.TeamMembers>> membersByTeam(int afterTeamId, int teams) {
        return members.byTeam(db, afterTeamId, teams);
    }

    public Uni<MemberRepository.Scope> scopeOf(int userId) {
        return members.scopeOf(db, userId);
    }

    public Uni<List<Team>> inZone(String zone) {
        return teams.inZone(db, zone);
    }
}
