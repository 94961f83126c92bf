package io.aiff.team.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.team.repository.TeamRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/teams")
@PermissionsAllowed("teams:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "teams", description = "Field teams")
public class TeamResource {

    private final TeamRepository teams;

    public TeamResource(TeamRepository teams) {
        this.teams = teams;
    }

    @GET
    @WithSession
    @Operation(summary = "Teams in id order, cursor-paged")
    public Uni<Page<TeamView>> list(@BeanParam PageParams page) {
        int limit = page.limit();
        return teams.pageAfter(page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, TeamView::of, t -> Cursors.encode(t.id)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One team")
    public Uni<TeamView> get(@PathParam("id") int id) {
        return teams.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Team"))
                .map(TeamView::of);
    }
}
