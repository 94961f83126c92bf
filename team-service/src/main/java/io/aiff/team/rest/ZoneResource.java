package io.aiff.team.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.common.json.MergePatch;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Items;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Idempotency;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.aiff.team.service.ZoneService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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


@Path("/api/zones")
@PermissionsAllowed("zones:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "zones", description = "Zones: a centre, the polygon they cover, a priority")
public class ZoneResource {

    private final ZoneService zones;
    private final MergePatch mergePatch;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;

    public ZoneResource(ZoneService zones, MergePatch mergePatch, Idempotency idempotency, SecurityIdentity identity) {
        this.zones = zones;
        this.mergePatch = mergePatch;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Zones in id order, cursor-paged; name filters by exact names (a comma list)")
    public Uni<Page<ZoneView>> listZones(@BeanParam PageParams page,
                                         @Parameter(description = "Exact names, comma-separated", schema = @Schema(type = SchemaType.ARRAY))
                                         @QueryParam("name") String name) {
        int limit = page.limit();
        return zones.page(QueryParams.list("name", name, null), page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, ZoneView::of, z -> Cursors.encode(z.id())));
    }

    @GET
    @Path("/locate")
    @Operation(summary = "The zones whose coverage contains the point (edge included), highest priority_level first")
    public Uni<Items<ZoneView>> locateZones(
            @Parameter(required = true, schema = @Schema(type = SchemaType.NUMBER, format = "double", minimum = "-90", maximum = "90"))
            @QueryParam("lat") String lat,
            @Parameter(required = true, schema = @Schema(type = SchemaType.NUMBER, format = "double", minimum = "-180", maximum = "180"))
            @QueryParam("lon") String lon) {
        return zones.locate(Params.point(lat, lon)).map(found -> Items.of(found, ZoneView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One zone, with a strong ETag (304 on If-None-Match)")
    @APIResponse(responseCode = "200", description = "The zone", content = @Content(schema = @Schema(implementation = ZoneView.class)))
    public Uni<Response> getZone(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return zones.get(id).map(zone -> Versions.tagged(ZoneView.of(zone), zone.version(), ifNoneMatch));
    }

    @POST
    @PermissionsAllowed("zones:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a zone (201); its name is unique (409 naming the field)")
    @APIResponse(responseCode = "201", description = "The new zone", content = @Content(schema = @Schema(implementation = ZoneView.class)))
    @APIResponse(responseCode = "409", description = "The name is taken (field names it)", content = @Content(mediaType = Docs.PROBLEM,
            schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> createZone(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull ZoneRequest body) {
        Caller caller = Caller.of(identity);
        return idempotency.run(caller.actor(), "POST /api/zones", idempotencyKey, body, () -> zones.create(input(body), caller)
                .map(zone -> Versions.created("/api/zones/" + zone.id(), ZoneView.of(zone), zone.version())));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("zones:manage")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a zone (JSON merge patch; If-Match required). A renamed zone stays its teams' primary zone.")
    @RequestBody(required = true, content = {
            @Content(mediaType = Docs.MERGE_PATCH, schema = @Schema(implementation = ZoneRequest.Patch.class)),
            @Content(mediaType = Docs.JSON, schema = @Schema(implementation = ZoneRequest.Patch.class))})
    @APIResponse(responseCode = "200", description = "The changed zone", content = @Content(schema = @Schema(implementation = ZoneView.class)))
    @APIResponse(responseCode = "409", description = "The name is taken (field names it)", content = @Content(mediaType = Docs.PROBLEM,
            schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> updateZone(@PathParam("id") int id,
                                    @Parameter(required = true, description = "The ETag the change is based on")
                                    @HeaderParam("If-Match") String ifMatch, @NotNull ObjectNode body) {
        int version = Versions.required(ifMatch);
        Caller caller = Caller.of(identity);
        return zones.get(id)
                .map(current -> mergePatch.apply(ZoneRequest.of(current), body, ZoneRequest.class))
                .chain(merged -> zones.update(id, version, input(merged), caller))
                .map(zone -> Versions.ok(ZoneView.of(zone), zone.version()));
    }

    private static ZoneService.Input input(ZoneRequest r) {
        return new ZoneService.Input(r.name(), r.region(), r.coordinates(), r.coverageArea(), r.population(), r.priorityLevel());
    }
}
