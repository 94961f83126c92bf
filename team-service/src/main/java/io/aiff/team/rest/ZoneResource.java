package io.aiff.team.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.team.repository.ZoneRepository;
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

@Path("/api/zones")
@PermissionsAllowed("zones:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "zones", description = "Field zones")
public class ZoneResource {

    private final ZoneRepository zones;

    public ZoneResource(ZoneRepository zones) {
        this.zones = zones;
    }

    @GET
    @WithSession
    @Operation(summary = "Zones in id order, cursor-paged")
    public Uni<Page<ZoneView>> list(@BeanParam PageParams page) {
        int limit = page.limit();
        return zones.pageAfter(page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, ZoneView::of, t -> Cursors.encode(t.id)));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One zone")
    public Uni<ZoneView> get(@PathParam("id") int id) {
        return zones.findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Zone"))
                .map(ZoneView::of);
    }
}
