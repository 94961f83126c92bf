package io.aiff.ticket.rest;

import io.aiff.common.paging.Items;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Versions;
import io.aiff.ticket.SlaPolicy;
import io.aiff.ticket.service.SlaPolicyService;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

@Path("/api/sla/policies")
@PermissionsAllowed("tickets:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sla", description = "Response and resolution targets per priority")
public class SlaPolicyResource {

    /** A year, in minutes: the longest target that makes sense. */
    static final int MAX_MINUTES = 525_600;

    @Schema(name = "SlaPolicy", description = "The targets of one priority")
    public record PolicyView(String priority, int responseMinutes, int resolutionMinutes, Instant updatedAt, String updatedBy) {
        static PolicyView of(SlaPolicy p) {
            return new PolicyView(p.priority(), p.responseMinutes(), p.resolutionMinutes(), p.updatedAt().toInstant(), p.updatedBy());
        }
    }

    @Schema(name = "SlaTargets")
    public record Targets(@NotNull @Min(1) @Max(MAX_MINUTES) Integer responseMinutes,
                          @NotNull @Min(1) @Max(MAX_MINUTES) Integer resolutionMinutes) {
    }

    private final SlaPolicyService policies;
    private final SecurityIdentity identity;

    public SlaPolicyResource(SlaPolicyService policies, SecurityIdentity identity) {
        this.policies = policies;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The targets of every priority, critical first")
    public Uni<Items<PolicyView>> listSlaPolicies() {
        return policies.all().map(all -> Items.of(all, PolicyView::of));
    }

    @GET
    @Path("/{priority}")
    @Operation(summary = "The targets of one priority (strong ETag)")
    @APIResponse(responseCode = "200", description = "The priority's targets", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> getSlaPolicy(@PathParam("priority") @Parameter(schema = @Schema(enumeration = {"low", "medium", "high", "critical"}))
                                      String priority, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return policies.get(priority).map(p -> Versions.tagged(PolicyView.of(p), p.version(), ifNoneMatch));
    }

    @PUT
    @Path("/{priority}")
    @PermissionsAllowed("sla:manage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the targets of a priority (minutes; response ≤ resolution; If-Match optional). Applies to "
            + "tickets created or re-prioritised from now on")
    @APIResponse(responseCode = "200", description = "The priority's new targets", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> replaceSlaPolicy(@PathParam("priority") @Parameter(schema = @Schema(enumeration = {"low", "medium", "high", "critical"}))
                                          String priority, @HeaderParam("If-Match") String ifMatch, @Valid @NotNull Targets body) {
        return policies.set(priority, Versions.optional(ifMatch), body.responseMinutes(), body.resolutionMinutes(),
                        Caller.of(identity).actor())
                .map(p -> Versions.ok(PolicyView.of(p), p.version()));
    }
}
