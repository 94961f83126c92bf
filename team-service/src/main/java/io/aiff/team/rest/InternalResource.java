package io.aiff.team.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.security.Caller;
import io.aiff.team.service.TeamService;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Service-to-service endpoints (docs/api.md, "Paths"): under {@code /internal/}, which the gateway does not route and
 * the published document leaves out; service tokens only: each needs its permission (annotated) and a service token
 * (checked first thing: a user token is 403 whatever its permissions).
 */
@Path("/internal/teams")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed("users:read")
@Tag(name = "internal", description = "For the suite's own services (service tokens); not routed by the gateway")
public class InternalResource {

    @Schema(name = "UserScope", description = "A user's active teams and those teams' zones, by id and by name")
    public record ScopeView(List<Integer> teamIds, List<Integer> zoneIds, List<String> zones) {
    }

    private final TeamService teams;
    private final SecurityIdentity identity;

    public InternalResource(TeamService teams, SecurityIdentity identity) {
        this.teams = teams;
        this.identity = identity;
    }

    @GET
    @Path("/scope/{userId}")
    @Operation(summary = "The user's active teams and their zones (auth-service puts them in tokens at login and refresh)")
    public Uni<ScopeView> getUserScope(@PathParam("userId") int userId) {
        return scope(teams, Caller.of(identity), userId);
    }

    @Schema(name = "TeamMemberIds", description = "A team's members by user id, with the team version they belong to")
    public record MembersView(int teamId, int version, List<Integer> userIds) {
    }

    @GET
    @Path("/members")
    @Operation(summary = "Every team's members by user id, team by team in id order, cursor-paged (ticket-service fills "
            + "its copy of the directory with it; team.members_changed events keep it current)")
    @PermissionsAllowed("teams:read")
    public Uni<Page<MembersView>> listMembersOfEveryTeam(@BeanParam PageParams page) {
        if (!Caller.of(identity).service()) {
            throw new ForbiddenException();
        }
        int limit = page.limit();
        return teams.membersByTeam(page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, m -> new MembersView(m.teamId(), m.version(), m.userIds()), m -> Cursors.encode(m.teamId())));
    }

    static Uni<ScopeView> scope(TeamService teams, Caller caller, int userId) {
        if (!caller.service()) {
            throw new ForbiddenException();
        }
        return teams.scopeOf(userId).map(s -> new ScopeView(s.teamIds(), s.zoneIds(), s.zones()));
    }
}
