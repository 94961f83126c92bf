package io.aiff.analytics.rest;

import io.aiff.analytics.Rebuild;
import io.aiff.analytics.service.PerformanceService;
import io.aiff.analytics.service.Rebuilder;
import io.aiff.analytics.service.Reconciler;
import io.aiff.common.security.Caller;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Keeping the numbers true: the reconcile (analytics row of the visibility rule: {@code analytics:read}, within the
 * caller's reach) and the rebuild from the source (administrators: {@code system:admin}).
 */
@Path("/api/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "performance", description = "Team and zone performance and daily numbers, live from ticket-service's events")
public class RebuildResource {

    @Schema(name = "AnalyticsRebuild", description = "A rebuild of the facts from ticket-service's export, and how far it got")
    public record RebuildView(int id, @Schema(enumeration = {"building", "catching_up", "completed", "failed"}) String status,
                              @Schema(description = "The stream entry it started after") String streamPosition,
                              int ticketsDone, int eventsReplayed, String requestedBy, Instant startedAt, Instant finishedAt,
                              String error) {

        static RebuildView of(Rebuild r) {
            return new RebuildView(r.id(), r.status(), r.streamPosition(), r.ticketsDone(), r.eventsReplayed(), r.requestedBy(),
                    instant(r.startedAt()), instant(r.finishedAt()), r.error());
        }
    }

    @Schema(name = "ReconcileDifference", description = "A count per zone and day that differs from ticket-service's")
    public record DifferenceView(int zoneId, String day, @Schema(enumeration = {"created", "resolved", "closed"}) String measure,
                                 long analytics, long source) {
    }

    @Schema(name = "Reconcile", description = "Counts per zone and day compared with ticket-service's: every difference")
    public record ReconcileView(String from, String to, String timeZone, int compared, List<DifferenceView> differences) {
    }

    private final Rebuilder rebuilder;
    private final Reconciler reconciler;
    private final PerformanceService performance;
    private final SecurityIdentity identity;

    public RebuildResource(Rebuilder rebuilder, Reconciler reconciler, PerformanceService performance, SecurityIdentity identity) {
        this.rebuilder = rebuilder;
        this.reconciler = reconciler;
        this.performance = performance;
        this.identity = identity;
    }

    @POST
    @Path("/rebuild")
    @PermissionsAllowed("system:admin")
    @Operation(summary = "Rebuild every number from ticket-service's export (in the background; 409 while one runs): "
            + "the new facts replace the old in one step when done, events arriving meanwhile included")
    @APIResponse(responseCode = "202", description = "Started; follow Location",
            content = @Content(schema = @Schema(implementation = RebuildView.class)))
    public Uni<Response> startRebuild(@Context UriInfo uri) {
        return rebuilder.start(Caller.of(identity).actor()).map(r -> Response.accepted(RebuildView.of(r))
                .location(uri.getBaseUriBuilder().path("api/analytics/rebuild/{id}").build(r.id())).build());
    }

    @GET
    @Path("/rebuild/{id}")
    @PermissionsAllowed("system:admin")
    @Operation(summary = "A rebuild's progress: tickets read from the export, events replayed, its status")
    public Uni<RebuildView> getRebuild(@PathParam("id") int id) {
        return rebuilder.find(id).map(RebuildView::of);
    }

    @GET
    @Path("/reconcile")
    @PermissionsAllowed("analytics:read")
    @Operation(summary = "Tickets created, resolved and closed per zone and day, compared with ticket-service's count of "
            + "the same: every difference (expected: none), within the caller's reach")
    public Uni<ReconcileView> reconcileCounts(
            @Parameter(description = "First day (YYYY-MM-DD); default: 29 days before to") @QueryParam("from") String from,
            @Parameter(description = "Last day, inclusive; default: today") @QueryParam("to") String to) {
        return reconciler.reconcile(Caller.of(identity), performance.period(from, to)).map(report -> new ReconcileView(
                report.period().from().toString(), report.period().to().toString(), report.period().zone().getId(),
                report.compared(), report.differences().stream().map(d -> new DifferenceView(d.zoneId(), d.day().toString(),
                        d.measure(), d.analytics(), d.source())).toList()));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
