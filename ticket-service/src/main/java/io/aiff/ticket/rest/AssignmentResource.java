package io.aiff.ticket.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.common.json.MergePatch;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Cursors;
import io.aiff.common.paging.Page;
import io.aiff.common.paging.PageParams;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Idempotency;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.aiff.ticket.Assignment;
import io.aiff.ticket.repository.AssignmentRepository;
import io.aiff.ticket.repository.DispatchRepository;
import io.aiff.ticket.service.AssignmentFlow;
import io.aiff.ticket.service.AssignmentService;
import io.aiff.ticket.service.DispatchService;
import io.aiff.ticket.service.Scope;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assignments of tickets to teams (docs/api.md "Assignments and dispatch"). Who sees what follows the visibility rule
 * as tickets do: callers with scope:all every assignment, supervisors and technicians their zones'; changes by the
 * change reach (supervisors their zones', technicians their teams'). Every act has its permission.
 */
@Path("/api/assignments")
@PermissionsAllowed(AssignmentFlow.READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "assignments", description = "The work of a ticket given to a team: made and ended only through the ticket's "
        + "lifecycle; read by the visibility rule (docs/api.md, \"Who sees what\")")
public class AssignmentResource {

    static final String STATUSES = "assigned|in_progress|completed|cancelled|reassigned|declined|released";
    static final String STALE_ASSIGNMENT = Docs.STALE_PREFIX + "Assignment";
    /** The statuses, and "active" (the original model's summaries: assigned and in progress). */
    private static final Set<String> STATUS_VALUES = java.util.stream.Stream.concat(java.util.Arrays.stream(STATUSES.split("\\|")),
            java.util.stream.Stream.of("active")).collect(java.util.stream.Collectors.toSet());

    private static List<String> activeExpanded(List<String> statuses) {
        if (statuses == null || !statuses.contains("active")) {
            return statuses;
        }
        List<String> expanded = new java.util.ArrayList<>(statuses.stream().filter(s -> !s.equals("active")).toList());
        expanded.addAll(List.of(Assignment.ASSIGNED, Assignment.IN_PROGRESS));
        return expanded.stream().distinct().toList();
    }
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Schema(name = "BulkAssignmentResult", description = "One item's result, in request order: assigned with the "
            + "assignment's id (none in a dry run), or failed with the problem that refused it")
    public record BulkResultView(int ticketId, @Schema(enumeration = {"assigned", "failed"}) String status,
                                 Integer assignmentId, Map<String, Object> problem) {
    }

    @Schema(name = "BulkAssignmentResults")
    public record BulkView(List<BulkResultView> results, boolean atomic, boolean dryRun,
                           @Schema(description = "Whether anything was changed") boolean applied) {
    }

    @Schema(name = "AutoDispatchFilter", description = "Open tickets to dispatch: any of these zones, priorities, categories")
    public record AutoFilter(@Size(max = 100) List<@NotNull @Positive Integer> zoneId,
                             @Size(max = 4) List<@NotNull @Pattern(regexp = TicketRequests.PRIORITIES, message = "must be one of low, medium, high, critical") String> priority,
                             @Size(max = 9) List<@NotNull @Pattern(regexp = TicketRequests.CATEGORIES, message = "must be a ticket category") String> category) {
    }

    @Schema(name = "AutoDispatch", description = "Tickets by id, or a filter of open tickets (one of the two); at most 500, "
            + "most urgent first (priority, then SLA deadline); policy_id (default 1); dry_run: decide, change nothing")
    public record AutoRequest(@Size(max = 500) List<@NotNull @Positive Integer> ticketIds, @Valid AutoFilter filter,
                              @Positive Integer policyId, Boolean dryRun) {
    }

    @Schema(name = "AutoDispatchResult", description = "One ticket: assigned (team, assignment, decision), no_candidate "
            + "(the decision says why of each team), or failed (the problem: not open any more, out of reach)")
    public record AutoResultView(int ticketId, @Schema(enumeration = {"assigned", "no_candidate", "failed"}) String status,
                                 Long decisionId, Integer teamId, Integer assignmentId, Map<String, Object> problem) {
    }

    @Schema(name = "AutoDispatchResults")
    public record AutoView(List<AutoResultView> results, boolean dryRun) {
    }

    private final AssignmentService assignments;
    private final DispatchService dispatch;
    private final DispatchRepository dispatchRows;
    private final MergePatch mergePatch;
    private final Idempotency idempotency;
    private final ObjectMapper json;
    private final SecurityIdentity identity;

    public AssignmentResource(AssignmentService assignments, DispatchService dispatch, DispatchRepository dispatchRows,
                              MergePatch mergePatch, Idempotency idempotency, ObjectMapper json, SecurityIdentity identity) {
        this.assignments = assignments;
        this.dispatch = dispatch;
        this.dispatchRows = dispatchRows;
        this.mergePatch = mergePatch;
        this.idempotency = idempotency;
        this.json = json;
        this.identity = identity;
    }

    private Scope scope() {
        return Scope.of(Caller.of(identity));
    }

    @GET
    @Operation(summary = "Assignments in the caller's scope, in id order, cursor-paged. Filters: ticket_id, team_id "
            + "(comma list), status (comma list; \"active\" in the original model's summaries means assigned and "
            + "in_progress), assigned_after (RFC 3339)")
    public Uni<Page<AssignmentView>> listAssignments(
            @BeanParam PageParams page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("ticket_id") String ticketId,
            @Parameter(description = "Team ids, comma-separated", schema = @Schema(type = SchemaType.ARRAY, implementation = Integer.class))
            @QueryParam("team_id") String teamIds,
            @Parameter(description = "Statuses, comma-separated; active means assigned and in_progress",
                    schema = @Schema(type = SchemaType.ARRAY, pattern = STATUSES + "|active"))
            @QueryParam("status") String statuses,
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("assigned_after") String assignedAfter) {
        int limit = page.limit();
        Integer ticket = ticketId == null ? null : QueryParams.integer("ticket_id", ticketId, 0, 1, Integer.MAX_VALUE);
        var filter = new AssignmentRepository.Filter(ticket, QueryParams.ids("team_id", teamIds),
                activeExpanded(QueryParams.list("status", statuses, STATUS_VALUES)), QueryParams.time("assigned_after", assignedAfter));
        return assignments.page(scope(), filter, page.afterId(), limit + 1)
                .map(rows -> Page.of(rows, limit, AssignmentView::of, a -> Cursors.encode(a.id())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One assignment (strong ETag, 304 on If-None-Match); 404 outside the caller's scope. decision "
            + "links the dispatch decision behind an automatic one. An archived ticket's assignment is read from the archive "
            + "(changing it is 409 archived)")
    @APIResponse(responseCode = "200", description = "The assignment", content = @Content(schema = @Schema(implementation = AssignmentView.class)))
    public Uni<Response> getAssignment(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return assignments.get(scope(), id).map(a -> Versions.tagged(AssignmentView.of(a), a.version(), ifNoneMatch));
    }

    @POST
    @PermissionsAllowed("tickets:assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign a ticket to a team (201): the ticket moves to assigned, from open or as a reassignment "
            + "(the current assignment ends as reassigned). The team must exist (400), be active and not offline, serve "
            + "the ticket's zone and be below its capacity (409 naming the rule) unless override_reason is given "
            + "(assignments:override); assigned_to must be a member of the team (400); a ticket in a final state is 409 "
            + "with current and allowed")
    @APIResponse(responseCode = "201", description = "The new assignment", content = @Content(schema = @Schema(implementation = AssignmentView.class)))
    @APIResponse(responseCode = "409", description = "The lifecycle has no such move (current, allowed), or a team rule "
            + "refuses it (field, with zone_id and zone when the team does not serve the ticket's zone)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.TRANSITION_PROBLEM)))
    @APIResponse(responseCode = "412", description = "The ticket moved on from expected_version")
    public Uni<Response> createAssignment(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
                                          @Valid @NotNull AssignmentRequests.Create body) {
        Scope scope = scope();
        var assign = new AssignmentFlow.Assign(body.teamId(), body.assignedTo(), "manual", body.notes(), body.estimatedCompletion(),
                body.overrideReason(), null, null);
        return idempotency.run(scope.actor(), "POST /api/assignments", idempotencyKey, body,
                () -> assignments.assign(scope, body.ticketId(), assign, body.expectedVersion(),
                        body.reason() == null || body.reason().isBlank() ? null : body.reason().strip())
                        .map(a -> Versions.created("/api/assignments/" + a.id(), AssignmentView.of(a), a.version())));
    }

    @PATCH
    @Path("/{id}")
    @PermissionsAllowed(AssignmentFlow.UPDATE)
    @Consumes({MediaType.APPLICATION_JSON, Docs.MERGE_PATCH})
    @Operation(summary = "Record notes, estimated_completion, time_spent (minutes, the team's report), quality_score (0–5) "
            + "and feedback (JSON merge patch; If-Match required: 428 without, 412 when stale). Technicians change their "
            + "teams' assignments, supervisors their zones'")
    @RequestBody(required = true, description = "The members to change (absent: unchanged; null: cleared)", content = {
            @Content(mediaType = Docs.MERGE_PATCH, schema = @Schema(implementation = AssignmentRequests.Patch.class)),
            @Content(mediaType = Docs.JSON, schema = @Schema(implementation = AssignmentRequests.Patch.class))})
    @APIResponse(responseCode = "200", description = "The changed assignment", content = @Content(schema = @Schema(implementation = AssignmentView.class)))
    @APIResponse(responseCode = "412", description = "The assignment changed since that ETag: current is the assignment now",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = STALE_ASSIGNMENT)))
    @APIResponse(responseCode = "409", description = "The assignment's ticket is archived (read-only)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.CONFLICT_PROBLEM)))
    public Uni<Response> updateAssignment(@PathParam("id") int id,
                                          @Parameter(required = true, description = "The ETag of the version the change is based on")
                                          @HeaderParam("If-Match") String ifMatch,
                                          @NotNull ObjectNode body) {
        int version = Versions.required(ifMatch);
        Scope scope = scope();
        return Versions.staleWithCurrent(assignments.update(scope, id, version, current -> {
                    AssignmentRequests.Patch p = mergePatch.apply(patchOf(current), body, AssignmentRequests.Patch.class);
                    boolean reported = body.has("time_spent") ? p.timeSpent() != null : current.timeSpentReported();
                    return new AssignmentRepository.Changes(p.notes(), p.estimatedCompletion(), p.timeSpent(), reported,
                            p.qualityScore(), p.feedback() == null ? null : new JsonObject(p.feedback()));
                }).map(a -> Versions.ok(AssignmentView.of(a), a.version())),
                () -> assignments.get(scope, id), AssignmentView::of, Assignment::version);
    }

    private AssignmentRequests.Patch patchOf(Assignment a) {
        return new AssignmentRequests.Patch(a.notes(), a.estimatedCompletion(), a.timeSpent(), a.qualityScore(),
                a.feedback() == null ? null : json.convertValue(a.feedback().getMap(), OBJECT));
    }

    @POST
    @Path("/{id}/decline")
    @PermissionsAllowed(AssignmentFlow.DECLINE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The team declines the assignment, with its reason: the ticket goes back to open and the "
            + "assignment ends as declined. Only while the ticket is assigned (work not started; else 409). Technicians "
            + "decline their teams' assignments, supervisors their zones'")
    @APIResponse(responseCode = "200", description = "The declined assignment", content = @Content(schema = @Schema(implementation = AssignmentView.class)),
            headers = @Header(name = Docs.ETAG, ref = Docs.ETAG))
    @APIResponse(responseCode = "409", description = "The work has started or the assignment ended (current names its status)",
            content = @Content(mediaType = Docs.PROBLEM, schema = @Schema(ref = Docs.TRANSITION_PROBLEM)))
    public Uni<Response> declineAssignment(@PathParam("id") int id, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                                           @Valid @NotNull AssignmentRequests.Decline body) {
        Scope scope = scope();
        return idempotency.run(scope.actor(), "POST /api/assignments/" + id + "/decline", idempotencyKey, body,
                () -> assignments.decline(scope, id, body.reason().strip()).map(a -> Versions.ok(AssignmentView.of(a), a.version())));
    }

    @POST
    @Path("/bulk")
    @PermissionsAllowed("tickets:assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Up to 500 manual assignments; one result per item in request order ({ticket_id, status: "
            + "assigned | failed, assignment_id | problem}). atomic false (default): each item on its own, a bad one never "
            + "stops the rest; atomic true: all or nothing; dry_run: the same answer, nothing changed. Refused up front "
            + "only when malformed (400) or with more than 500 items (413)")
    @APIResponse(responseCode = "200", description = "Each item's result", content = @Content(schema = @Schema(implementation = BulkView.class)))
    @APIResponse(responseCode = "413", description = "More than 500 items")
    public Uni<Response> bulkAssign(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull AssignmentRequests.Bulk body) {
        if (body.items().size() > AssignmentService.BULK_MAX) {
            throw new ProblemException(Problem.of(413, "too-many-items", "Content Too Large", "A bulk assignment takes at most "
                    + AssignmentService.BULK_MAX + " items; this one has " + body.items().size() + ".")
                    .with("field", "items").with("limit", AssignmentService.BULK_MAX));
        }
        Scope scope = scope();
        boolean atomic = Boolean.TRUE.equals(body.atomic());
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        List<AssignmentService.BulkItem> items = body.items().stream()
                .map(i -> new AssignmentService.BulkItem(i.ticketId(), i.teamId(), i.assignedTo(), i.expectedVersion())).toList();
        return idempotency.run(scope.actor(), "POST /api/assignments/bulk", idempotencyKey, body,
                () -> assignments.bulk(scope, items, atomic, dryRun).map(results -> Response.ok(new BulkView(
                        results.stream().map(r -> new BulkResultView(r.ticketId(), r.assigned() ? "assigned" : "failed",
                                r.assignmentId(), r.problem() == null ? null : json.convertValue(r.problem(), OBJECT))).toList(),
                        atomic, dryRun, !dryRun && results.stream().anyMatch(AssignmentService.BulkResult::assigned))).build()));
    }

    @POST
    @Path("/auto")
    @PermissionsAllowed("tickets:assign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Automatic dispatch of up to 500 open tickets (ticket_ids or filter), most urgent first: each "
            + "decision is made by the policy (hard rules, weighted objectives, ties to the lowest team id), stored with its "
            + "inputs (GET /api/dispatch/decisions/{id}) and, when a team is chosen, made an assignment of type auto. Each "
            + "ticket on its own: one that is no longer open is failed (409), one out of the caller's reach 404")
    @APIResponse(responseCode = "200", description = "Each ticket's result", content = @Content(schema = @Schema(implementation = AutoView.class)))
    public Uni<Response> autoAssign(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull AutoRequest body) {
        if ((body.ticketIds() == null) == (body.filter() == null)) {
            throw ProblemException.badRequest("ticket_ids", "give either ticket_ids or filter");
        }
        Scope scope = scope();
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        int policy = body.policyId() == null ? DispatchService.DEFAULT_POLICY : body.policyId();
        AutoFilter f = body.filter();
        return idempotency.run(scope.actor(), "POST /api/assignments/auto", idempotencyKey, body,
                () -> dispatch.auto(scope, body.ticketIds(), f == null ? null
                                : tx -> dispatchRows.openTickets(tx, f.zoneId(), f.priority(), f.category(), DispatchService.MAX_TICKETS),
                        policy, dryRun).map(results -> Response.ok(new AutoView(results.stream().map(r -> new AutoResultView(
                        r.ticketId(), r.status(), r.decisionId(), r.teamId(), r.assignmentId(),
                        r.problem() == null ? null : json.convertValue(r.problem(), OBJECT))).toList(), dryRun)).build()));
    }
}
