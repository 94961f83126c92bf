package io.aiff.ticket.rest;

import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.web.Versions;
import io.aiff.ticket.repository.TicketRepository;
import io.aiff.ticket.service.Scope;
import io.aiff.ticket.service.SlaClock;
import io.aiff.ticket.service.TicketService;
import io.aiff.ticket.service.TicketStatus;
import io.quarkus.security.PermissionsAllowed;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Point;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Path("/api/tickets")
@PermissionsAllowed("tickets:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tickets", description = "Service tickets: only those in the caller's scope exist for the caller")
public class TicketResource {

    record HistoryView(String from, String to, String priority, String reason, String changedBy, Instant changedAt) {
    }

    record SlaView(long targetMinutes, long elapsedMinutes, long pausedMinutes, long remainingMinutes, Instant deadline,
                   Instant atRiskAt, boolean running, long responseTargetMinutes, Instant respondedAt,
                   boolean responseBreached, boolean resolutionBreached) {
        static SlaView of(SlaClock.Sla s) {
            return new SlaView(s.target().toMinutes(), s.elapsed().toMinutes(), s.paused().toMinutes(),
                    s.remaining().toMinutes(), s.deadline(), s.atRiskAt(), s.running(), s.responseTarget().toMinutes(),
                    s.respondedAt(), s.responseBreached(), s.resolutionBreached());
        }
    }

    private final TicketService tickets;
    private final JsonWebToken jwt;

    public TicketResource(TicketService tickets, JsonWebToken jwt) {
        this.tickets = tickets;
        this.jwt = jwt;
    }

    @GET
    @Operation(summary = "Tickets in the caller's scope, in id order, cursor-paged")
    public Uni<Page<TicketView>> list(@BeanParam PageParams page) {
        int limit = page.limit();
        return tickets.page(Scope.of(jwt), page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, TicketView::of, t -> Cursors.encode(t.id())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One ticket (strong ETag, 304 on If-None-Match); 404 outside the caller's scope")
    public Uni<Response> get(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return tickets.get(Scope.of(jwt), id).map(t -> Versions.tagged(TicketView.of(t), t.version(), ifNoneMatch));
    }

    @POST
    @PermissionsAllowed("tickets:create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a ticket (201) in a zone of the caller's scope; status open, SLA deadline from the "
            + "priority's policy, ticket_number TKT-<year>-<number>")
    public Uni<Response> create(@Valid @NotNull TicketRequests.Create body) {
        JsonObject customFields = body.customFields() == null ? null : new JsonObject(body.customFields());
        if (customFields != null && customFields.encode().getBytes(StandardCharsets.UTF_8).length > TicketRequests.CUSTOM_FIELDS_MAX_BYTES) {
            throw ProblemException.badRequest("custom_fields", "must be at most 16 KiB of JSON");
        }
        List<String> tags = body.tags() == null ? null
                : body.tags().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        JsonArray attachments = body.attachments() == null ? null : new JsonArray(body.attachments().stream()
                .map(a -> new JsonObject().put("name", a.name()).put("content_type", a.contentType()).put("size", a.size())
                        .put("sha256", a.sha256()).put("url", a.url())).toList());
        var input = new TicketRepository.NewTicket(body.title().strip(), body.description(),
                body.priority() == null ? "medium" : body.priority(), body.category(), body.subcategory(),
                body.zone().strip(), body.location(),
                body.coordinates() == null ? null : new Point(body.coordinates().lon(), body.coordinates().lat()),
                body.dueDate(), body.customerName(), tags, attachments, customFields, null, null, null);
        return tickets.create(Scope.of(jwt), input).map(t -> Response.created(URI.create("/api/tickets/" + t.id()))
                .tag(new EntityTag(String.valueOf(t.version()))).entity(TicketView.of(t)).build());
    }

    @POST
    @Path("/{id}/transitions")
    @PermissionsAllowed("tickets:transition")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the ticket through its lifecycle ({to, reason}; to assigned also assigned_team and "
            + "assigned_to). 409 with current and allowed for a move the lifecycle does not have; moving to assigned "
            + "needs tickets:assign, to closed tickets:close, to cancelled tickets:cancel")
    public Uni<Response> transition(@PathParam("id") int id, @Valid @NotNull TicketRequests.Transition body) {
        return tickets.transition(Scope.of(jwt), id, TicketStatus.of(body.to()), body.reason(), body.assignedTeam(), body.assignedTo())
                .map(t -> Response.ok(TicketView.of(t)).tag(new EntityTag(String.valueOf(t.version()))).build());
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every status change: who, when, from, to, reason")
    public Uni<Map<String, List<HistoryView>>> history(@PathParam("id") int id) {
        return tickets.history(Scope.of(jwt), id).map(events -> Map.of("items", events.stream()
                .map(e -> new HistoryView(e.fromStatus(), e.toStatus(), e.priority(), e.reason(), e.changedBy(),
                        e.changedAt().toInstant())).toList()));
    }

    @GET
    @Path("/{id}/sla")
    @Operation(summary = "The SLA clock: target, elapsed, paused, remaining (minutes), deadline and both breach flags")
    public Uni<SlaView> sla(@PathParam("id") int id) {
        return tickets.sla(Scope.of(jwt), id).map(SlaView::of);
    }
}
