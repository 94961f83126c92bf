package io.aiff.team.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.common.json.MergePatch;
import io.aiff.common.openapi.Docs;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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

    @Schema(name = "TeamMember")
    record MemberView(int userId, String roleInTeam, Instant joinedAt) {
        static MemberView of(MemberRepository.Member m) {
            return new MemberView(m.userId(), m.roleInTeam(), m.joinedAt().toInstant());
        }
    }

    @Schema(name = "TeamZoneLink")
    record ZoneLinkView(int zoneId, boolean isPrimary) {
        static ZoneLinkView of(Team.ZoneLink link) {
            return new ZoneLinkView(link.zoneId(), link.primary());
        }
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
    public Uni<Page<TeamView>> listTeams(
            @BeanParam PageParams page,
            @Parameter(description = "Primary zones by name, comma-separated", schema = @Schema(type = SchemaType.ARRAY))
            @QueryParam("zone") String zone,
            @Parameter(description = "Teams serving any of these zones (ids, comma-separated)",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Integer.class))
            @QueryParam("zone_id") String zoneId,
            @Parameter(description = "Statuses, comma-separated", schema = @Schema(type = SchemaType.ARRAY, pattern = TeamRequests.STATUSES))
            @QueryParam("status") String status,
            @Parameter(schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("active") String active,
            @Parameter(description = "Full text on the name") @QueryParam("q") String text) {
        int limit = page.limit();
        var filter = new TeamRepository.Filter(QueryParams.list("zone", zone, null), QueryParams.ids("zone_id", zoneId),
                QueryParams.list("status", status, STATUSES),
                QueryParams.bool("active", active), text == null || text.isBlank() ? null : text.substring(0, Math.min(text.length(), 200)));
        return teams.page(filter, page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, TeamView::of, t -> Cursors.encode(t.id())));
    }

    @GET
    @Path("/nearest")
    @Operation(summary = "Active teams near a point: those whose zones cover it first, then by distance to their "
            + "nearest zone centre (distance_km, great-circle); optional status filter (comma list), limit 1–50 (5)")
    public Uni<Items<TeamView>> listNearestTeams(
            @Parameter(required = true, schema = @Schema(type = SchemaType.NUMBER, format = "double", minimum = "-90", maximum = "90"))
            @QueryParam("lat") String lat,
            @Parameter(required = true, schema = @Schema(type = SchemaType.NUMBER, format = "double", minimum = "-180", maximum = "180"))
            @QueryParam("lon") String lon,
            @Parameter(description = "Statuses, comma-separated", schema = @Schema(type = SchemaType.ARRAY, pattern = TeamRequests.STATUSES))
            @QueryParam("status") String status,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "50", defaultValue = "5"))
            @QueryParam("limit") String limit) {
        return teams.nearest(Params.point(lat, lon), QueryParams.list("status", status, STATUSES),
                        QueryParams.integer("limit", limit, 5, 1, 50))
                .map(found -> Items.of(found, n -> TeamView.near(n.team(), n.covers(), n.distanceKm())));
    }

    @GET
    @Path("/performance")
    @Operation(summary = "Performance summaries (seed team_performance_summary) of all teams, or of one zone's")
    public Uni<Items<PerformanceView>> listTeamPerformance(@Parameter(description = "A zone's name; absent: every team")
                                                           @QueryParam("zone") String zone) {
        return teams.inZone(zone == null || zone.isBlank() ? null : zone.strip())
                .map(found -> Items.of(found, PerformanceView::of));
    }

    @GET
    @Path("/scope/{userId}")
    @PermissionsAllowed("users:read")
    @Operation(hidden = true) // moved to /internal/teams/scope/{userId}; kept one release for auth-service replicas of the last
    public Uni<InternalResource.ScopeView> getUserScopeOfLastRelease(@PathParam("userId") int userId) {
        return InternalResource.scope(teams, Caller.of(identity), userId);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One team, with a strong ETag (304 on If-None-Match)")
    @APIResponse(responseCode = "200", description = "The team", content = @Content(schema = @Schema(implementation = TeamView.class)))
    public Uni<Response> getTeam(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return teams.get(id).map(team -> Versions.tagged(TeamView.of(team), team.version(), ifNoneMatch));
    }

    @POST
    @PermissionsAllowed("teams:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a team (201) in an existing zone, which becomes its primary zone")
    @APIResponse(responseCode = "201", description = "The new team", content = @Content(schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "409", description = "The name is taken", content = @Content(mediaType = Docs.PROBLEM,
            schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> createTeam(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull TeamRequests.Create body) {
        Caller caller = Caller.of(identity);
        return idempotency.run(caller.actor(), "POST /api/teams", idempotencyKey, body,
                () -> teams.create(body.zone(), body.status(), body.fields(), caller)
                        .map(team -> Versions.created("/api/teams/" + team.id(), TeamView.of(team), team.version())));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("teams:manage")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change name, description or is_active (JSON merge patch; If-Match required); zones via PUT "
            + "/zones, status via POST /status; performance columns are read-only")
    @RequestBody(required = true, content = {
            @Content(mediaType = Docs.MERGE_PATCH, schema = @Schema(implementation = TeamRequests.Patch.class)),
            @Content(mediaType = Docs.JSON, schema = @Schema(implementation = TeamRequests.Patch.class))})
    @APIResponse(responseCode = "200", description = "The changed team", content = @Content(schema = @Schema(implementation = TeamView.class)))
    public Uni<Response> updateTeam(@PathParam("id") int id,
                                    @Parameter(required = true, description = "The ETag the change is based on")
                                    @HeaderParam("If-Match") String ifMatch, @NotNull ObjectNode body) {
        int version = Versions.required(ifMatch);
        Caller caller = Caller.of(identity);
        return teams.get(id)
                .map(current -> mergePatch.apply(TeamRequests.Patch.of(current), body, TeamRequests.Patch.class))
                .chain(p -> teams.update(id, version, p.fields(), caller))
                .map(team -> Versions.ok(TeamView.of(team), team.version()));
    }

    @DELETE
    @Path("/{id}")
    @PermissionsAllowed("teams:manage")
    @Operation(summary = "Deactivate the team (is_active=false); teams are never deleted")
    @APIResponse(responseCode = "204", description = "Deactivated")
    public Uni<Response> deactivateTeam(@PathParam("id") int id) {
        return teams.deactivate(id, Caller.of(identity)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/status")
    @PermissionsAllowed("teams:update_status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the status (available, busy, on_break, offline), recorded with who and when (If-Match "
            + "optional). Roles other than admin and manager: their own teams only (others are 404)")
    @APIResponse(responseCode = "200", description = "The team with its new status", content = @Content(schema = @Schema(implementation = TeamView.class)))
    public Uni<Response> setTeamStatus(@PathParam("id") int id, @HeaderParam("If-Match") String ifMatch,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull TeamRequests.Status body) {
        Integer version = Versions.optional(ifMatch);
        Caller caller = Caller.of(identity);
        return idempotency.run(caller.actor(), "POST /api/teams/" + id + "/status", idempotencyKey, body,
                () -> teams.changeStatus(id, version, body.status(), caller).map(team -> Response.ok(TeamView.of(team)).build()));
    }

    @GET
    @Path("/{id}/zones")
    @Operation(summary = "The team's zones, primary first")
    public Uni<Items<ZoneLinkView>> listTeamZones(@PathParam("id") int id) {
        return teams.zonesOf(id).map(links -> Items.of(links, ZoneLinkView::of));
    }

    @PUT
    @Path("/{id}/zones")
    @PermissionsAllowed("teams:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the team's zones: exactly one is_primary, which becomes the team's zone (If-Match optional)")
    public Uni<TeamView> replaceTeamZones(@PathParam("id") int id, @HeaderParam("If-Match") String ifMatch,
                                  @Valid @NotNull TeamRequests.Zones body) {
        Integer version = Versions.optional(ifMatch);
        return teams.setZones(id, version, body.zones().stream()
                        .map(z -> new TeamService.Link(z.zoneId(), Boolean.TRUE.equals(z.isPrimary()))).toList(), Caller.of(identity))
                .map(TeamView::of);
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "The team's members (auth-service user ids) and their role in the team")
    public Uni<Items<MemberView>> listTeamMembers(@PathParam("id") int id) {
        return teams.members(id).map(list -> Items.of(list, MemberView::of));
    }

    @PUT
    @Path("/{id}/members")
    @PermissionsAllowed("teams:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the members ({user_id, role_in_team: lead|member}); every user is checked with "
            + "auth-service (unknown: 400; auth-service unreachable: 503)")
    public Uni<Items<MemberView>> replaceTeamMembers(@PathParam("id") int id, @Valid @NotNull TeamRequests.Members body) {
        return teams.setMembers(id, body.members().stream()
                        .map(m -> new TeamService.Member(m.userId(), m.roleInTeam())).toList(), Caller.of(identity))
                .map(list -> Items.of(list, MemberView::of));
    }

    @GET
    @Path("/{id}/performance")
    @Operation(summary = "The team's performance summary (seed team_performance_summary): the numbers analytics-service "
            + "last published for it (analytics.team_performance_updated, over the last 30 days)")
    @APIResponse(responseCode = "200", description = "The summary", content = @Content(schema = @Schema(implementation = PerformanceView.class)))
    public Uni<PerformanceView> getTeamPerformance(@PathParam("id") int id) {
        return teams.get(id).map(PerformanceView::of);
    }
}
