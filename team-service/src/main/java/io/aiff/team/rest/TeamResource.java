package io.aiff.team.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.common.json.MergePatch;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Items;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Idempotency;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.aiff.team.Team;
import io.aiff.team.repository.MemberRepository;
import io.aiff.team.repository.TeamRepository;
import io.aiff.team.service.TeamService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Set;

@Path("/api/teams")
@PermissionsAllowed("teams:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teams", description = "Field teams: zones, status, members, performance")
public class TeamResource {

    static final Set<String> STATUSES = Set.of("available", "busy", "on_break", "offline");

    record MemberView(int userId, String roleInTeam, Instant joinedAt) {
        static MemberView of(MemberRepository.Member m) {
            return new MemberView(m.userId(), m.roleInTeam(), m.joinedAt().toInstant());
        }
    }

    record ZoneLinkView(int zoneId, boolean isPrimary) {
        static ZoneLinkView of(Team.ZoneLink link) {
            return new ZoneLinkView(link.zoneId(), link.primary());
        }
    }

    record ScopeView(List<Integer> teamIds, List<Integer> zoneIds, List<String> zones) {
    }

    private final TeamService teams;
    private final MergePatch mergePatch;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;

    public TeamResource(TeamService teams, MergePatch mergePatch, Idempotency idempotency, SecurityIdentity identity) {
        this.teams = teams;
        this.mergePatch = mergePatch;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Teams in id order, cursor-paged; filters zone and status (comma lists), active, q (full text on the name)")
    public Uni<Page<TeamView>> list(@BeanParam PageParams page, @QueryParam("zone") String zone,
                                    @QueryParam("status") String status, @QueryParam("active") String active,
                                    @QueryParam("q") String text) {
        int limit = page.limit();
        var filter = new TeamRepository.Filter(QueryParams.list("zone", zone, null), QueryParams.list("status", status, STATUSES),
                QueryParams.bool("active", active), text == null || text.isBlank() ? null : text.substring(0, Math.min(text.length(), 200)));
        return teams.page(filter, page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, TeamView::of, t -> Cursors.encode(t.id())));
    }

    @GET
    @Path("/nearest")
    @Operation(summary = "Active teams near a point: those whose zones cover it first, then by distance to their "
            + "nearest zone centre (distance_km, great-circle); optional status filter (comma list), limit 1–50 (5)")
    public Uni<Items<TeamView>> nearest(@QueryParam("lat") String lat, @QueryParam("lon") String lon,
                                            @QueryParam("status") String status, @QueryParam("limit") String limit) {
        return teams.nearest(Params.point(lat, lon), QueryParams.list("status", status, STATUSES),
                        QueryParams.integer("limit", limit, 5, 1, 50))
                .map(found -> Items.of(found, n -> TeamView.near(n.team(), n.covers(), n.distanceKm())));
    }

    @GET
    @Path("/performance")
    @Operation(summary = "Performance summaries (seed team_performance_summary) of all teams, or of one zone's")
    public Uni<Items<PerformanceView>> performanceOfZone(@QueryParam("zone") String zone) {
        return teams.inZone(zone == null || zone.isBlank() ? null : zone.strip())
                .map(found -> Items.of(found, PerformanceView::of));
    }

    @GET
    @Path("/scope/{userId}")
    @PermissionsAllowed("users:read")
    @Operation(summary = "Service tokens only: the user's active teams and those teams' zones by id and by name "
            + "(auth-service puts them in tokens)")
    public Uni<ScopeView> scope(@PathParam("userId") int userId) {
        if (!Caller.of(identity).service()) {
            throw new ForbiddenException();
        }
        return teams.scopeOf(userId).map(s -> new ScopeView(s.teamIds(), s.zoneIds(), s.zones()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One team, with a strong ETag (304 on If-None-Match)")
    public Uni<Response> get(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return teams.get(id).map(team -> Versions.tagged(TeamView.of(team), team.version(), ifNoneMatch));
    }

    @POST
    @PermissionsAllowed("teams:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a team (201) in an existing zone, which becomes its primary zone")
    public Uni<Response> create(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull TeamRequests.Create body) {
        Caller caller = Caller.of(identity);
        return idempotency.run(caller.actor(), "POST /api/teams", idempotencyKey, body,
                () -> teams.create(body.name(), body.zone(), body.description(), body.status(), caller)
                        .map(team -> Versions.created("/api/teams/" + team.id(), TeamView.of(team), team.version())));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("teams:manage")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change name, description or is_active (JSON merge patch; If-Match required); zones via PUT "
            + "/zones, status via POST /status; performance columns are read-only")
    public Uni<Response> patch(@PathParam("id") int id, @HeaderParam("If-Match") String ifMatch, @NotNull ObjectNode body) {
        int version = Versions.required(ifMatch);
        Caller caller = Caller.of(identity);
        return teams.get(id)
                .map(current -> mergePatch.apply(TeamRequests.Patch.of(current), body, TeamRequests.Patch.class))
                .chain(p -> teams.update(id, version, p.name(), p.description(), p.isActive(), caller))
                .map(team -> Versions.ok(TeamView.of(team), team.version()));
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("teams:manage")
    @Operation(summary = "Deactivate the team (is_active=false); teams are never deleted")
    public Uni<Response> deactivate(@PathParam("id") int id) {
        return teams.deactivate(id, Caller.of(identity)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/status")
    @PermissionsAllowed("teams:update_status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the status (available, busy, on_break, offline), recorded with who and when (If-Match "
            + "optional). Roles other than admin and manager: their own teams only (others are 404)")
    public Uni<Response> status(@PathParam("id") int id, @HeaderParam("If-Match") String ifMatch,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull TeamRequests.Status body) {
        Integer version = Versions.optional(ifMatch);
        Caller caller = Caller.of(identity);
        return idempotency.run(caller.actor(), "POST /api/teams/" + id + "/status", idempotencyKey, body,
                () -> teams.changeStatus(id, version, body.status(), caller).map(team -> Response.ok(TeamView.of(team)).build()));
    }

    @GET
    @Path("/{id}/zones")
    @Operation(summary = "The team's zones, primary first")
    public Uni<Items<ZoneLinkView>> zones(@PathParam("id") int id) {
        return teams.zonesOf(id).map(links -> Items.of(links, ZoneLinkView::of));
    }

    @PUT
    @Path("/{id}/zones")
    @PermissionsAllowed("teams:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the team's zones: exactly one is_primary, which becomes the team's zone (If-Match optional)")
    public Uni<TeamView> setZones(@PathParam("id") int id, @HeaderParam("If-Match") String ifMatch,
                                  @Valid @NotNull TeamRequests.Zones body) {
        Integer version = Versions.optional(ifMatch);
        return teams.setZones(id, version, body.zones().stream()
                        .map(z -> new TeamService.Link(z.zoneId(), Boolean.TRUE.equals(z.isPrimary()))).toList(), Caller.of(identity))
                .map(TeamView::of);
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "The team's members (auth-service user ids) and their role in the team")
    public Uni<Items<MemberView>> members(@PathParam("id") int id) {
        return teams.members(id).map(list -> Items.of(list, MemberView::of));
    }

    @PUT
    @Path("/{id}/members")
    @PermissionsAllowed("teams:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the members ({user_id, role_in_team: lead|member}); every user is checked with "
            + "auth-service (unknown: 400; auth-service unreachable: 503)")
    public Uni<Items<MemberView>> setMembers(@PathParam("id") int id, @Valid @NotNull TeamRequests.Members body) {
        return teams.setMembers(id, body.members().stream()
                        .map(m -> new TeamService.Member(m.userId(), m.roleInTeam())).toList(), Caller.of(identity))
                .map(list -> Items.of(list, MemberView::of));
    }

    @GET
    @Path("/{id}/performance")
    @Operation(summary = "The team's performance summary (seed team_performance_summary), cached in Redis")
    public Uni<Response> performance(@PathParam("id") int id) {
        return teams.performance(id, team -> JsonObject.mapFrom(PerformanceView.of(team)))
                .map(json -> Response.ok(json.encode(), MediaType.APPLICATION_JSON).build());
    }
}
