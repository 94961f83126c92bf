package io.aiff.ticket.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.common.json.MergePatch;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Items;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.security.TokenClaims;
import io.aiff.common.web.Idempotency;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.repository.TicketRepository;
import io.aiff.ticket.service.AssignmentFlow;
import io.aiff.ticket.service.AssignmentService;
import io.aiff.ticket.service.CreateTicket;
import io.aiff.ticket.service.DispatchService;
import io.aiff.ticket.service.Lifecycle;
import io.aiff.ticket.service.Scope;
import io.aiff.ticket.service.SlaClock;
import io.aiff.ticket.service.SyncSessions;
import io.aiff.ticket.service.TicketChanges;
import io.aiff.ticket.service.TicketService;
import io.aiff.ticket.service.TicketStatus;
import io.aiff.ticket.service.TicketWithContact;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

@Path("/api/tickets")
@PermissionsAllowed("tickets:read")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tickets", description = "Service tickets: only those in the caller's scope exist for the caller (docs/api.md, "
        + "\"Who sees what\": callers with scope:all see every ticket, supervisors and technicians their zones')")
public class TicketResource {

    @Schema(name = "TicketHistoryEntry", description = "One status change: changed_at is the time the SLA clock counts; "
            + "work done offline also names when it happened on the device (occurred_at) and when the server heard of it "
            + "(received_at), offline when those are more than 5 minutes apart")
    record HistoryView(String from, String to, String priority, String reason, String changedBy, Instant changedAt,
                       Instant occurredAt, Instant receivedAt, boolean offline,
                       @Schema(description = "status (a move, or a priority change with the status unchanged), hold or "
                               + "release (a legal hold put on or released)", enumeration = {"status", "hold", "release"})
                       String kind) {
        static HistoryView of(TicketRepository.StatusEvent e) {
            Instant occurred = e.occurredAt() == null ? null : e.occurredAt().toInstant();
            Instant received = e.receivedAt() == null ? e.changedAt().toInstant() : e.receivedAt().toInstant();
            return new HistoryView(e.fromStatus(), e.toStatus(), e.priority(), e.reason(), e.changedBy(), e.changedAt().toInstant(),
                    occurred, received, occurred != null && Duration.between(occurred, received).abs().compareTo(TicketService.OFFLINE_GAP) > 0,
                    e.kind());
        }
    }

    @Schema(name = "TicketSla", description = "The SLA clock of a ticket (minutes)")
    record SlaView(long targetMinutes, long elapsedMinutes, long pausedMinutes, long remainingMinutes, Instant deadline,
                   Instant atRiskAt, boolean running, long responseTargetMinutes, Instant respondedAt,
                   boolean responseBreached, boolean resolutionBreached) {
        static SlaView of(SlaClock.Sla s) {
            return new SlaView(s.target().toMinutes(), s.elapsed().toMinutes(), s.paused().toMinutes(),
                    s.remaining().toMinutes(), s.deadline(), s.atRiskAt(), s.running(), s.responseTarget().toMinutes(),
                    s.respondedAt(), s.responseBreached(), s.resolutionBreached());
        }
    }

    /** The 412 of a ticket change: the problem with the ticket as it now is ({@link Docs#STALE_PREFIX}). */
    static final String STALE_TICKET = Docs.STALE_PREFIX + "TicketView";

    private static final TypeReference<List<TicketRequests.Attachment>> ATTACHMENTS = new TypeReference<>() {
    };

    private final TicketService tickets;
    private final MergePatch mergePatch;
    private final Idempotency idempotency;
    private final ObjectMapper json;
    private final SecurityIdentity identity;
    private final SyncSessions sessions;
    private final AssignmentService assignments;
    private final DispatchService dispatch;

    public TicketResource(TicketService tickets, MergePatch mergePatch, Idempotency idempotency, ObjectMapper json,
                          SecurityIdentity identity, SyncSessions sessions, AssignmentService assignments, DispatchService dispatch) {
        this.sessions = sessions;
        this.assignments = assignments;
        this.dispatch = dispatch;
        this.tickets = tickets;
        this.mergePatch = mergePatch;
        this.idempotency = idempotency;
        this.json = json;
        this.identity = identity;
    }

    private Scope scope() {
        return Scope.of(Caller.of(identity));
    }

    /** The ticket as GET answers it: the contact decrypted when the caller may see it, else masked. */
    private static TicketView view(TicketWithContact found) {
        return found.contact() == null ? TicketView.of(found.ticket()) : TicketView.of(found.ticket(), found.contact());
    }

    @GET
    @Operation(summary = "Tickets in the caller's scope, in id order, cursor-paged. Filters (comma lists): status, "
            + "priority, zone (names) or zone_id, assigned_team, category, tags (tags_match=any|all), created_after, "
            + "created_before, due_before, updated_since (RFC 3339), sla (at_risk | breached), customer_contact (a phone "
            + "number or e-mail, matched through a keyed blind index among the tickets whose contact the caller may see; "
            + "needs tickets:read_contact, 30 lookups a minute per caller)")
    public Uni<Page<TicketView>> listTickets(@BeanParam PageParams page, @BeanParam TicketFilterParams filter) {
        int limit = page.limit();
        return tickets.page(scope(), filter.query(page))
                .map(rows -> Page.of(rows, limit, TicketView::of, t -> Cursors.encode(t.id())));
    }

    @GET
    @Path("/search")
    @Operation(summary = "Tickets in the caller's scope matching q, best first: full text over title (weight A), "
            + "description (B) and customer name (C) in web-search syntax, ranking the newest 2,000 matches when there "
            + "are more; when that finds nothing, ticket numbers one edit away, or the search again with misspelt "
            + "words corrected from the words of titles and customer names. limit 1–100 (20)")
    public Uni<Items<TicketView>> searchTickets(
            @Parameter(description = "The search text, 1–200 characters", required = true) @QueryParam("q") String q,
            @Parameter(description = "Most results, 1–100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @QueryParam("limit") String limit) {
        if (q == null || q.isBlank() || q.length() > 200) {
            throw ProblemException.badRequest("q", "must be 1 to 200 characters");
        }
        return tickets.search(scope(), q.strip(), QueryParams.integer("limit", limit, 20, 1, 100))
                .map(found -> Items.of(found, TicketView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One ticket (strong ETag, 304 on If-None-Match); 404 outside the caller's scope. The customer "
            + "contact is decrypted for callers holding tickets:read_contact who may see it (callers with scope:all and "
            + "services: every ticket's; supervisors: their zones'; technicians: their teams'), masked for others")
    @APIResponse(responseCode = "200", description = "The ticket", content = @Content(schema = @Schema(implementation = TicketView.class)))
    public Uni<Response> getTicket(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return tickets.getWithContact(scope(), id).map(found -> Versions.tagged(view(found), found.ticket().version(), ifNoneMatch));
    }

    @POST
    @PermissionsAllowed("tickets:create")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a ticket (201) in a zone of the caller's scope, named by zone_id or by its name "
            + "(zone); status open, SLA deadline from the priority's policy, ticket_number TKT-<year>-<number>. A zone "
            + "that does not exist is a 400 naming it; while team-service cannot confirm a zone ticket-service does not "
            + "know yet, 503 with Retry-After")
    @APIResponse(responseCode = "201", description = "The new ticket", content = @Content(schema = @Schema(implementation = TicketView.class)))
    @APIResponse(responseCode = "403", description = "The zone is not one of the caller's (field names it)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> createTicket(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
                                      @Valid @NotNull TicketRequests.Create body) {
        Scope scope = scope();
        return idempotency.run(scope.actor(), "POST /api/tickets", idempotencyKey, body, () -> create(scope, body));
    }

    private Uni<Response> create(Scope scope, TicketRequests.Create body) {
        if (body.zoneId() == null && (body.zone() == null || body.zone().isBlank())) {
            throw ProblemException.badRequest("zone_id", "is required (or the zone's name as zone)");
        }
        var input = new CreateTicket(body.title().strip(), body.description(),
                body.priority() == null ? "medium" : body.priority(), body.category(), body.subcategory(),
                body.zoneId(), body.zone() == null ? null : body.zone().strip(), body.location(),
                body.coordinates() == null ? null : body.coordinates().lat(), body.coordinates() == null ? null : body.coordinates().lon(),
                body.dueDate(), body.customerName(),
                body.customerContact() == null || body.customerContact().isBlank() ? null : body.customerContact(),
                tags(body.tags()), attachments(body.attachments()), customFields(body.customFields()));
        if (!Boolean.TRUE.equals(body.autoAssign())) {
            return tickets.create(scope, input).map(t -> Versions.created("/api/tickets/" + t.id(), TicketView.of(t), t.version()));
        }
        if (!scope.may(Lifecycle.ASSIGN)) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "auto_assign needs the permission tickets:assign.")
                    .with("field", "auto_assign"));
        }
        return tickets.create(scope, input)
                // The ticket exists whatever dispatch answers: a dispatch that fails leaves it open (the decision, when one
                // was made, is in /api/dispatch/decisions), never the create.
                .call(t -> dispatch.one(scope, t.id(), DispatchService.DEFAULT_POLICY, false).onFailure().recoverWithNull())
                .chain(t -> tickets.get(scope, t.id()))
                .map(t -> Versions.created("/api/tickets/" + t.id(), TicketView.of(t), t.version()));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed("tickets:update")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a ticket (JSON merge patch; If-Match required: 428 without, 412 when stale). Status "
            + "and assignment change through transitions, the zone not at all; a priority change recomputes the "
            + "deadline keeping elapsed time and pauses")
    @RequestBody(required = true, description = "The fields to change (absent: unchanged; null: cleared)", content = {
            @Content(mediaType = Docs.MERGE_PATCH, schema = @Schema(implementation = TicketRequests.Patch.class)),
            @Content(mediaType = Docs.JSON, schema = @Schema(implementation = TicketRequests.Patch.class))})
    @APIResponse(responseCode = "200", description = "The changed ticket", content = @Content(schema = @Schema(implementation = TicketView.class)))
    @APIResponse(responseCode = "412", description = "The ticket changed since that ETag: current is the ticket now",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = STALE_TICKET)))
    public Uni<Response> updateTicket(@PathParam("id") int id,
                                      @Parameter(required = true, description = "The ETag of the version the change is based on")
                                      @HeaderParam("If-Match") String ifMatch,
                                      @NotNull ObjectNode body) {
        int version = Versions.required(ifMatch);
        Function<Ticket, TicketChanges> merge = current -> {
            TicketRequests.Patch p = mergePatch.apply(patchOf(current), body, TicketRequests.Patch.class);
            return new TicketChanges(p.title().strip(), p.description(), p.priority(), p.category(), p.subcategory(),
                    p.location(), p.coordinates() == null ? null : p.coordinates().lat(),
                    p.coordinates() == null ? null : p.coordinates().lon(), p.dueDate(), p.customerName(),
                    tags(p.tags()), attachments(p.attachments()), customFields(p.customFields()));
        };
        Scope scope = scope();
        return Versions.staleWithCurrent(tickets.update(scope, id, version, merge).map(t -> Versions.ok(TicketView.of(t), t.version())),
                () -> tickets.getWithContact(scope, id), TicketResource::view, now -> now.ticket().version());
    }

    @POST
    @Path("/{id}/rating")
    @PermissionsAllowed("tickets:rate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rate a resolved or closed ticket once ({\"rating\": 1..5}); otherwise 409")
    @APIResponse(responseCode = "200", description = "The rated ticket", content = @Content(schema = @Schema(implementation = TicketView.class)),
            headers = @Header(name = Docs.ETAG, ref = Docs.ETAG))
    @APIResponse(responseCode = "409", description = "Not resolved or closed (current names its state), or rated already",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.TRANSITION_PROBLEM)))
    public Uni<Response> rateTicket(@PathParam("id") int id, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                                    @Valid @NotNull TicketRequests.Rating body) {
        Scope scope = scope();
        return idempotency.run(scope.actor(), "POST /api/tickets/" + id + "/rating", idempotencyKey, body,
                () -> tickets.rate(scope, id, body.rating()).map(t -> Versions.ok(TicketView.of(t), t.version())));
    }

    @POST
    @Path("/{id}/hold")
    @PermissionsAllowed(TicketService.HOLD)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Put a legal hold on the ticket ({\"reason\": ...}): retention never "
            + "archives it while held; recorded in its history (kind hold). Holding a held ticket changes nothing. "
            + "Needs tickets:hold (admin, manager)")
    @APIResponse(responseCode = "200", description = "The held ticket", content = @Content(schema = @Schema(implementation = TicketView.class)),
            headers = @Header(name = Docs.ETAG, ref = Docs.ETAG))
    @APIResponse(responseCode = "409", description = "The ticket is archived (read-only)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> holdTicket(@PathParam("id") int id, @Valid @NotNull TicketRequests.Hold body) {
        return tickets.hold(scope(), id, true, body.reason().strip()).map(t -> Versions.ok(TicketView.of(t), t.version()));
    }

    @DELETE
    @Path("/{id}/hold")
    @PermissionsAllowed(TicketService.HOLD)
    @Operation(summary = "Release the legal hold (recorded in the history, kind "
            + "release); retention counts from the ticket's closing as before. Needs tickets:hold (admin, manager)")
    @APIResponse(responseCode = "200", description = "The released ticket", content = @Content(schema = @Schema(implementation = TicketView.class)),
            headers = @Header(name = Docs.ETAG, ref = Docs.ETAG))
    @APIResponse(responseCode = "409", description = "The ticket is archived (read-only)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> releaseTicketHold(@PathParam("id") int id,
                                           @Parameter(description = "Why the hold ends") @QueryParam("reason") String reason) {
        if (reason != null && reason.length() > 500) {
            throw ProblemException.badRequest("reason", "must be at most 500 characters");
        }
        return tickets.hold(scope(), id, false, reason == null || reason.isBlank() ? null : reason.strip())
                .map(t -> Versions.ok(TicketView.of(t), t.version()));
    }

    @POST
    @Path("/{id}/transitions")
    @PermissionsAllowed("tickets:transition")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the ticket through its lifecycle ({to, reason}; to assigned also assigned_team and "
            + "assigned_to, a member of it: an assignment, as POST /api/assignments makes). 409 with current and allowed "
            + "for a move the lifecycle does not have; moving to assigned needs tickets:assign, to closed tickets:close, "
            + "to cancelled tickets:cancel. The team must exist (400 naming assigned_team), be active, serve the ticket's "
            + "zone and be below its capacity (409 naming the rule). From assigned back to open is a release for callers "
            + "holding tickets:assign and a decline for others (assignments:decline, with its reason). The assignment "
            + "follows each move (ticket-service README, \"Assignments\")")
    @APIResponse(responseCode = "200", description = "The ticket in its new state", content = @Content(schema = @Schema(implementation = TicketView.class)),
            headers = @Header(name = Docs.ETAG, ref = Docs.ETAG))
    @APIResponse(responseCode = "409", description = "The lifecycle has no such move (current and allowed), or the team "
            + "does not serve the ticket's zone (field zone_id, with zone_id and zone)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.TRANSITION_PROBLEM)))
    public Uni<Response> transitionTicket(@PathParam("id") int id, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                                          @Valid @NotNull TicketRequests.Transition body) {
        Scope scope = scope();
        return idempotency.run(scope.actor(), "POST /api/tickets/" + id + "/transitions", idempotencyKey, body,
                () -> sessions.lastServed(TokenClaims.sessionOf(identity)).chain(lastSync -> tickets.transition(scope, id, TicketStatus.of(body.to()),
                                body.reason(), body.assignedTeam(), body.assignedTo(),
                                body.occurredAt() == null ? null : body.occurredAt().toInstant(), lastSync))
                        .map(t -> Versions.ok(TicketView.of(t), t.version())));
    }

    private TicketRequests.Patch patchOf(Ticket t) {
        return new TicketRequests.Patch(t.title(), t.description(), t.priority(), t.category(), t.subcategory(),
                t.location(), t.lat() == null ? null : new TicketRequests.Point(t.lat(), t.lon()),
                t.dueDate(), t.customerName(), t.tags(),
                t.attachments() == null ? null : json.convertValue(t.attachments().getList(), ATTACHMENTS),
                t.customFields() == null ? null : t.customFields().getMap());
    }

    /** Tags are stored lower case, once each. */
    private static List<String> tags(List<String> tags) {
        return tags == null ? null : tags.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    private static JsonArray attachments(List<TicketRequests.Attachment> attachments) {
        return attachments == null ? null : new JsonArray(attachments.stream()
                .map(a -> new JsonObject().put("name", a.name()).put("content_type", a.contentType()).put("size", a.size())
                        .put("sha256", a.sha256()).put("url", a.url())).toList());
    }

    private static JsonObject customFields(Map<String, Object> fields) {
        JsonObject object = fields == null ? null : new JsonObject(fields);
        if (object != null && object.encode().getBytes(StandardCharsets.UTF_8).length > TicketRequests.CUSTOM_FIELDS_MAX_BYTES) {
            throw ProblemException.badRequest("custom_fields", "must be at most 16 KiB of JSON");
        }
        return object;
    }

    @GET
    @Path("/{id}/history")
    @Operation(summary = "Every status change: who, when, from, to, reason")
    public Uni<Items<HistoryView>> getTicketHistory(@PathParam("id") int id) {
        return tickets.history(scope(), id).map(events -> Items.of(events, HistoryView::of));
    }

    @GET
    @Path("/{id}/assignments")
    @PermissionsAllowed(AssignmentFlow.READ)
    @Operation(summary = "Every assignment of the ticket, oldest first (the current one last); 404 when the ticket is "
            + "outside the caller's scope")
    public Uni<Items<AssignmentView>> listTicketAssignments(@PathParam("id") int id) {
        return assignments.ofTicket(scope(), id).map(found -> Items.of(found, AssignmentView::of));
    }

    @GET
    @Path("/{id}/sla")
    @Operation(summary = "The SLA clock: target, elapsed, paused, remaining (minutes), deadline and both breach flags")
    public Uni<SlaView> getTicketSla(@PathParam("id") int id) {
        return tickets.sla(scope(), id).map(SlaView::of);
    }
}
