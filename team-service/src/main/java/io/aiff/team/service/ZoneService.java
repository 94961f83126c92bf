package io.aiff.team.service;

import io.aiff.common.db.Outbox;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Versions;
import io.aiff.team.GeoPoint;
import io.aiff.team.Zone;
import io.aiff.team.events.TeamEvents;
import io.aiff.team.repository.TeamRepository;
import io.aiff.team.repository.ZoneRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Zones: create, change (versioned), look up by point. Every change writes its event in the same transaction. */
@ApplicationScoped
public class ZoneService {

    /** Everything a zone is made of, checked by the request's constraints and {@link Geo#coverage}. */
    public record Input(String name, String region, GeoPoint coordinates, List<GeoPoint> coverageArea,
                        Integer population, Integer priorityLevel) {
        ZoneRepository.Values values() {
            return new ZoneRepository.Values(name.strip(), region.strip(), Geo.point(coordinates),
                    Geo.coverage(coverageArea, "coverage_area"), population, priorityLevel == null ? 1 : priorityLevel);
        }
    }

    private final Pool db;
    private final ZoneRepository zones;
    private final TeamRepository teams;

    public ZoneService(Pool db, ZoneRepository zones, TeamRepository teams) {
        this.db = db;
        this.zones = zones;
        this.teams = teams;
    }

    public Uni<List<Zone>> page(List<String> names, int afterId, int limit) {
        return zones.pageAfter(db, names, afterId, limit);
    }

    public Uni<Zone> get(int id) {
        return zones.find(db, id).onItem().ifNull().failWith(() -> ProblemException.notFound("Zone"));
    }

    public Uni<List<Zone>> locate(GeoPoint point) {
        return zones.covering(db, Geo.point(point));
    }

    public Uni<Zone> create(Input input, Caller caller) {
        ZoneRepository.Values values = input.values();
        return db.withTransaction(tx -> zones.insert(tx, values)
                        .call(zone -> Outbox.append(tx, TeamEvents.zone(TeamEvents.ZONE_CREATED, zone, caller.actor(), null))))
                .onFailure(ZoneService::nameTaken).transform(f -> nameConflict());
    }

    /** Applies a change made against {@code version}; a renamed zone stays the primary zone of its teams. */
    public Uni<Zone> update(int id, int version, Input input, Caller caller) {
        ZoneRepository.Values values = input.values();
        List<Integer> renamedTeams = new ArrayList<>();
        return db.withTransaction(tx -> zones.find(tx, id)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Zone"))
                        .chain(before -> zones.update(tx, id, version, values)
                                .onItem().ifNull().failWith(Versions::stale)
                                .call(after -> before.name().equals(after.name()) ? Uni.createFrom().voidItem()
                                        : teams.renameZone(tx, before.name(), after.name()).chain(changed -> {
                                            changed.forEach(team -> renamedTeams.add(team.id()));
                                            return changed.isEmpty() ? Uni.createFrom().voidItem()
                                                    : Outbox.append(tx, changed.stream().map(team -> TeamEvents.team(TeamEvents.TEAM_UPDATED,
                                                            team, caller.actor(), null)).toArray(JsonObject[]::new));
                                        }))
                                .call(after -> Outbox.append(tx, TeamEvents.zone(TeamEvents.ZONE_UPDATED, after, caller.actor(),
                                        before.name().equals(after.name()) ? null : new JsonObject().put("previous_name", before.name()))))))
                .onFailure(ZoneService::nameTaken).transform(f -> nameConflict());
    }

    static boolean nameTaken(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static ProblemException nameConflict() {
        return new ProblemException(Problem.conflict("A zone with this name already exists.").with("field", "name"));
    }
}
