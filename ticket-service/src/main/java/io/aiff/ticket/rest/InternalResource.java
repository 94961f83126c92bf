package io.aiff.ticket.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Items;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.QueryParams;
import io.aiff.ticket.repository.ExportRepository;
import io.aiff.ticket.service.AnalyticsExport;
import io.aiff.ticket.service.Scope;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Service-to-service endpoints (docs/api.md, "Paths"): under {@code /internal/}, which the gateway does not route and
 * the published document leaves out. Service tokens only (a user token is 403 whatever its permissions), each with
 * {@code tickets:read} and {@code assignments:read}: what analytics-service rebuilds and reconciles from.
 */
@Path("/internal/analytics")
@Produces(MediaType.APPLICATION_JSON)
@PermissionsAllowed(value = {"tickets:read", "assignments:read"}, inclusive = true)
@Tag(name = "internal", description = "For the suite's own services (service tokens); not routed by the gateway")
public class InternalResource {

    @Schema(name = "TicketStory", description = "A ticket's whole story as the events ticket-service publishes")
    public record StoryView(int ticketId, List<Map<String, Object>> events) {
    }

    @Schema(name = "DayCounts", description = "One zone's tickets created, resolved and closed on one day")
    public record CountsView(int zoneId, String day, int created, int resolved, int closed) {
    }

    private final AnalyticsExport export;
    private final SecurityIdentity identity;

    public InternalResource(AnalyticsExport export, SecurityIdentity identity) {
        this.export = export;
        this.identity = identity;
    }

    @GET
    @Path("/tickets")
    @Operation(summary = "Every ticket, live and archived, in id order with its story (created, each status change with its SLA verdict, "
            + "the rating, its assignments as they are), cursor-paged: analytics-service's rebuild reads it")
    public Uni<Page<StoryView>> exportTicketStories(@BeanParam PageParams page) {
        Scope scope = serviceScope();
        int limit = page.limit();
        return export.page(scope, page.afterId(), limit + 1).map(stories -> Page.of(stories, limit,
                s -> new StoryView(s.ticketId(), s.events().stream().map(JsonObject::getMap).toList()),
                s -> Cursors.encode(s.ticketId())));
    }

    @GET
    @Path("/counts")
    @Operation(summary = "Per zone and day of time_zone, from..to (RFC 3339, to exclusive), live and archived: tickets created, resolved "
            + "(now resolved or closed, by the day of the last resolution) and closed — analytics-service's reconcile")
    public Uni<Items<CountsView>> countTicketsPerZoneAndDay(@QueryParam("from") String from, @QueryParam("to") String to,
                                                            @QueryParam("time_zone") String timeZone) {
        Scope scope = serviceScope();
        OffsetDateTime start = QueryParams.time("from", from);
        OffsetDateTime end = QueryParams.time("to", to);
        if (start == null || end == null) {
            throw ProblemException.badRequest(start == null ? "from" : "to", "is required");
        }
        String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        // Region names only: PostgreSQL reads a bare offset such as +08:00 with the POSIX sign, the other way round.
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw ProblemException.badRequest("time_zone", "must be an IANA time zone name such as Asia/Kuala_Lumpur");
        }
        return export.counts(scope, start, end, zone).map(rows -> Items.of(rows,
                (ExportRepository.DayCounts c) -> new CountsView(c.zoneId(), c.day().toString(), c.created(), c.resolved(), c.closed())));
    }

    private Scope serviceScope() {
        Caller caller = Caller.of(identity);
        if (!caller.service()) {
            throw new ForbiddenException();
        }
        return Scope.of(caller);
    }
}
