package io.aiff.ticket.service;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.Team;
import io.aiff.ticket.Zone;
import io.aiff.ticket.client.TeamDirectory;
import io.aiff.ticket.repository.DirectoryRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The zones and teams tickets refer to, from ticket-service's own copy (kept by {@link
 * io.aiff.ticket.events.DirectoryConsumer}), so that answers do not depend on team-service being up. One the copy
 * does not know yet (just created, the first fill still running) is asked of team-service and kept; one team-service
 * does not know either is a 400 naming the field (a team is learnt with its members); while team-service cannot be reached and the copy does not know
 * it, the answer is 503 with Retry-After — never a 400 for something that may well exist.
 */
@ApplicationScoped
public class Directory {

    private final Pool db;
    private final DirectoryRepository directory;
    private final TeamDirectory teamService;

    public Directory(Pool db, DirectoryRepository directory, TeamDirectory teamService) {
        this.db = db;
        this.directory = directory;
        this.teamService = teamService;
    }

    /** The zone by id, or by name when no id is given; 400 naming {@code field} when there is no such zone. */
    public Uni<Zone> zone(Integer id, String name, String field) {
        Uni<Zone> known = id != null ? directory.zone(db, id) : directory.zoneNamed(db, name);
        return known.chain(zone -> zone != null ? Uni.createFrom().item(zone)
                : (id != null ? teamService.zone(id) : teamService.zoneNamed(name))
                        .call(found -> found == null ? Uni.createFrom().voidItem() : remember(found)))
                .onItem().ifNull().failWith(() -> ProblemException.badRequest(field, "is not a known zone"));
    }

    /** The team; 400 naming {@code field} when there is no such team. */
    public Uni<Team> team(int id, String field) {
        return directory.team(db, id)
                .chain(team -> team != null ? Uni.createFrom().item(team)
                        : teamService.team(id).call(found -> found == null ? Uni.createFrom().voidItem()
                                : teamService.membersOf(found).chain(members -> db.withTransaction(tx -> Scope.SYSTEM.apply(tx)
                                        .chain(() -> directory.putTeam(tx, found))
                                        .chain(() -> members == null ? Uni.createFrom().item(false) : directory.putMembers(tx, members))))))
                .onItem().ifNull().failWith(() -> ProblemException.badRequest(field, "is not a known team"));
    }

    /** 409 naming the zone: the team does not serve the ticket's zone. */
    public static ProblemException doesNotServe(Team team, Integer zoneId, String zoneName) {
        return new ProblemException(Problem.of(409, "team-does-not-serve-zone", "Conflict",
                        "Team " + team.id() + " does not serve the zone " + zoneName + ".")
                .with("field", "zone_id").with("zone_id", zoneId).with("zone", zoneName));
    }

    private Uni<Boolean> remember(Zone zone) {
        return db.withTransaction(tx -> Scope.SYSTEM.apply(tx).chain(() -> directory.putZone(tx, zone)));
    }
}
