package io.aiff.ticket.events;

import io.aiff.common.db.EventsConfig;
import io.aiff.common.db.StreamConsumer;
import io.aiff.common.security.RedisKeys;
import io.aiff.ticket.Team;
import io.aiff.ticket.Zone;
import io.aiff.ticket.client.TeamDirectory;
import io.aiff.ticket.repository.DirectoryRepository;
import io.aiff.ticket.service.Scope;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Keeps the directory (ticket-service's copy of team-service's zones and teams) current from team-service's events,
 * as the consumer group {@code ticket-service-directory}; fills it from team-service's API at first start and
 * whenever the stream was trimmed past the group. Zone events carry the whole zone, team events the whole team, each
 * with its version, so applying "the newest wins" is all it takes; members come with {@code team.members_changed}
 * (versioned apart). A renamed zone renames its tickets' displayed zone.
 */
@Singleton
public class DirectoryConsumer extends StreamConsumer<Void> {

    static final String GROUP = "ticket-service-directory";
    static final String SOURCE = "team-service";

    private final DirectoryRepository directory;
    private final TeamDirectory teamService;
    private final Pool db;

    public DirectoryConsumer(Vertx vertx, Pool db, ReactiveRedisDataSource redis, RedisKeys keys,
                             DirectoryRepository directory, TeamDirectory teamService, EventsConfig events) {
        super(vertx, db, redis, keys, GROUP, events);
        this.db = db;
        this.directory = directory;
        this.teamService = teamService;
    }

    @Override
    protected boolean wants(JsonObject envelope) {
        String type = envelope.getString("type", "");
        return SOURCE.equals(envelope.getString("source")) && (type.startsWith("zone.") || type.startsWith("team."));
    }

    /** The batch's events in stream order, as the system (the directory is the service's own, beyond any scope). */
    @Override
    protected Uni<Void> apply(SqlConnection tx, List<JsonObject> envelopes) {
        return Scope.SYSTEM.apply(tx).chain(() -> Multi.createFrom().iterable(envelopes)
                .onItem().transformToUniAndConcatenate(envelope -> applyOne(tx, envelope)).collect().last().replaceWithVoid());
    }

    private Uni<Void> applyOne(SqlConnection tx, JsonObject envelope) {
        String type = envelope.getString("type", "");
        JsonObject data = envelope.getJsonObject("data", new JsonObject());
        int id;
        try {
            id = Integer.parseInt(envelope.getString("aggregate_id"));
        } catch (NumberFormatException notOurs) {
            return Uni.createFrom().voidItem();
        }
        if (type.startsWith("zone.")) {
            return directory.putZone(tx, TeamDirectory.zone(id, data)).replaceWithVoid();
        }
        if (type.startsWith("team.")) {
            Uni<Boolean> team = directory.putTeam(tx, TeamDirectory.team(id, data));
            JsonArray members = data.getJsonArray("members");
            return (members == null ? team : team.chain(() -> directory.putMembers(tx,
                    TeamDirectory.Members.of(id, data.getInteger("version", 0), members)))).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    /** Every zone, then every team, then every team's members, page by page, each page in one transaction. */
    @Override
    protected Uni<Void> fill() {
        return teamService.zones().onItem().transformToUniAndConcatenate(page -> write(page, List.<Team>of()))
                .collect().last()
                .chain(() -> teamService.teams().onItem().transformToUniAndConcatenate(page -> write(List.of(), page))
                        .collect().last())
                .chain(() -> teamService.members().onItem().transformToUniAndConcatenate(page -> db.withTransaction(tx -> Scope.SYSTEM.apply(tx)
                                .chain(() -> Multi.createFrom().iterable(page).onItem()
                                        .transformToUniAndConcatenate(m -> directory.putMembers(tx, m)).collect().last())))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> write(List<Zone> zones, List<Team> teams) {
        return db.withTransaction(tx -> Scope.SYSTEM.apply(tx)
                .chain(() -> Multi.createFrom().iterable(zones).onItem().transformToUniAndConcatenate(z -> directory.putZone(tx, z))
                        .collect().last())
                .chain(() -> Multi.createFrom().iterable(teams).onItem().transformToUniAndConcatenate(t -> directory.putTeam(tx, t))
                        .collect().last())
                .replaceWithVoid());
    }
}
