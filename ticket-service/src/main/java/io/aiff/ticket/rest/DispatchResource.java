package io.aiff.ticket.rest;

import io.aiff.common.paging.Items;
import io.aiff.common.security.Caller;
import io.aiff.common.web.Idempotency;
import io.aiff.common.web.QueryParams;
import io.aiff.common.web.Versions;
import io.aiff.ticket.dispatch.DispatchPolicy;
import io.aiff.ticket.repository.DispatchRepository;
import io.aiff.ticket.service.AssignmentFlow;
import io.aiff.ticket.service.DispatchService;
import io.aiff.ticket.service.Scope;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Dispatch policies and decisions (docs/api.md "Who sees what": a decision is read by whoever may read its
 * assignment, by the ticket's zone; policies by everyone holding assignments:read, written with dispatch:manage).
 */
@Path("/api/dispatch")
@PermissionsAllowed(AssignmentFlow.READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dispatch", description = "Automatic assignment: versioned policies, and every decision with its inputs, "
        + "replayable")
public class DispatchResource {

    static final String RULES = DispatchPolicy.TEAM_ACTIVE + "|" + DispatchPolicy.TEAM_AVAILABLE + "|" + DispatchPolicy.SERVES_ZONE
            + "|" + DispatchPolicy.BELOW_CAPACITY;

    @Schema(name = "DispatchObjective", description = "An objective: its weight (0–1) and the raw values graded 1 (best) and 0 (worst)")
    public record ObjectiveView(@Schema(enumeration = {DispatchPolicy.DISTANCE_KM, DispatchPolicy.LOAD, DispatchPolicy.COMPLETION_RATE,
            DispatchPolicy.CUSTOMER_RATING, DispatchPolicy.CATEGORY_MATCH}) @NotNull String name,
                                @NotNull BigDecimal weight, @NotNull BigDecimal best, @NotNull BigDecimal worst) {
    }

    @Schema(name = "DispatchPolicyBody", description = "A policy as written: its hard rules and weighted objectives")
    public record PolicyRequest(@NotBlank @Size(max = 100) String name,
                                @NotNull @Size(max = 4) List<@NotNull @Pattern(regexp = RULES, message = "must be one of " + RULES) String> rules,
                                @NotNull @Size(min = 1, max = 5) List<@NotNull @Valid ObjectiveView> objectives) {
        JsonObject body() {
            JsonArray list = new JsonArray();
            objectives.forEach(o -> list.add(new JsonObject().put("name", o.name()).put("weight", o.weight()).put("best", o.best())
                    .put("worst", o.worst())));
            return new JsonObject().put("rules", new JsonArray(rules)).put("objectives", list);
        }
    }

    @Schema(name = "DispatchPolicy", description = "A version of a policy; hash is the SHA-256 of its canonical JSON (RFC 8785)")
    public record PolicyView(int id, int version, String name, List<String> rules, List<ObjectiveView> objectives, String hash,
                             String createdBy, Instant createdAt) {
        static PolicyView of(DispatchRepository.StoredPolicy p) {
            return new PolicyView(p.policy().id(), p.policy().version(), p.policy().name(), p.policy().rules(),
                    p.policy().objectives().stream().map(o -> new ObjectiveView(o.name(), o.weight(), o.best(), o.worst())).toList(),
                    p.hash(), p.createdBy(), p.createdAt().toInstant());
        }
    }

    @Schema(name = "DispatchDecision", description = "A decision: the inputs as used (the ticket; each candidate team's "
            + "values with the directory versions they came from) and the evaluation (per candidate every rule with pass, "
            + "reason and value, every objective with raw value, grade, weight and contribution, the total and the rank; "
            + "decimals as strings of fixed scale), the chosen team or none, and the assignment it made")
    public record DecisionView(long id, int ticketId, int ticketVersion, Integer zoneId, int policyId, int policyVersion,
                               String policyHash, Map<String, Object> inputs, Map<String, Object> evaluation, Integer chosenTeamId,
                               Integer assignmentId, String assignment, String decidedBy, Instant decidedAt) {
        static DecisionView of(DispatchRepository.Decision d) {
            return new DecisionView(d.id(), d.ticketId(), d.ticketVersion(), d.zoneId(), d.policyId(), d.policyVersion(), d.policyHash(),
                    d.inputs().getMap(), d.evaluation().getMap(), d.chosenTeamId(), d.assignmentId(),
                    d.assignmentId() == null ? null : "/api/assignments/" + d.assignmentId(), d.decidedBy(), d.decidedAt().toInstant());
        }
    }

    @Schema(name = "DispatchReplay", description = "A decision computed again from its stored inputs: with the policy version "
            + "it used, matches says whether it came out exactly as stored; with another version (policy_version), what that "
            + "version would have chosen. Nothing is changed")
    public record ReplayView(long decisionId, int policyId, int policyVersion, String policyHash, Boolean matches,
                             boolean policyHashMatches, Integer chosenTeamId, Integer storedChosenTeamId, Map<String, Object> evaluation) {
    }

    private final DispatchService dispatch;
    private final Idempotency idempotency;
    private final SecurityIdentity identity;

    public DispatchResource(DispatchService dispatch, Idempotency idempotency, SecurityIdentity identity) {
        this.dispatch = dispatch;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    private Scope scope() {
        return Scope.of(Caller.of(identity));
    }

    @GET
    @Path("/policies")
    @Operation(summary = "The current version of every dispatch policy (policy 1 is the default)")
    public Uni<Items<PolicyView>> listDispatchPolicies() {
        return dispatch.policies(scope()).map(all -> Items.of(all, PolicyView::of));
    }

    @GET
    @Path("/policies/{id}")
    @Operation(summary = "The current version of a policy (ETag: its version, 304 on If-None-Match)")
    @APIResponse(responseCode = "200", description = "The policy", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> getDispatchPolicy(@PathParam("id") int id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return dispatch.policy(scope(), id).map(p -> Versions.tagged(PolicyView.of(p), p.policy().version(), ifNoneMatch));
    }

    @GET
    @Path("/policies/{id}/versions/{version}")
    @Operation(summary = "One version of a policy, as decisions made with it used it")
    public Uni<PolicyView> getDispatchPolicyVersion(@PathParam("id") int id, @PathParam("version") int version) {
        return dispatch.policyVersion(scope(), id, version).map(PolicyView::of);
    }

    @POST
    @Path("/policies")
    @PermissionsAllowed(DispatchService.MANAGE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new policy (201, version 1)")
    @APIResponse(responseCode = "201", description = "The policy", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> createDispatchPolicy(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @Valid @NotNull PolicyRequest body) {
        Scope scope = scope();
        return idempotency.run(scope.actor(), "POST /api/dispatch/policies", idempotencyKey, body,
                () -> dispatch.createPolicy(scope, body.name().strip(), body.body())
                        .map(p -> Versions.created("/api/dispatch/policies/" + p.policy().id(), PolicyView.of(p), p.policy().version())));
    }

    @PUT
    @Path("/policies/{id}")
    @PermissionsAllowed(DispatchService.MANAGE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new version of the policy (versions are never changed: decisions keep pointing at theirs). "
            + "If-Match required (the current version): 428 without, 412 when another version came first")
    @APIResponse(responseCode = "200", description = "The new version", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> changeDispatchPolicy(@PathParam("id") int id,
                                              @Parameter(required = true, description = "The ETag of the current version")
                                              @HeaderParam("If-Match") String ifMatch,
                                              @Valid @NotNull PolicyRequest body) {
        int version = Versions.required(ifMatch);
        return dispatch.changePolicy(scope(), id, version, body.name().strip(), body.body())
                .map(p -> Versions.ok(PolicyView.of(p), p.policy().version()));
    }

    @GET
    @Path("/decisions/{id}")
    @Operation(summary = "One decision with its inputs and evaluation; 404 outside the caller's scope (the ticket's zone)")
    public Uni<DecisionView> getDispatchDecision(@PathParam("id") long id) {
        return dispatch.decision(scope(), id).map(DecisionView::of);
    }

    @POST
    @Path("/decisions/{id}/replay")
    @Operation(summary = "Compute the decision again from its stored inputs (matches: exactly as stored), or with another "
            + "version of its policy (policy_version): what that one would have chosen. Changes nothing")
    public Uni<ReplayView> replayDispatchDecision(
            @PathParam("id") long id,
            @Parameter(description = "Another version of the decision's policy", schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
            @QueryParam("policy_version") String policyVersion) {
        Integer version = policyVersion == null ? null : QueryParams.integer("policy_version", policyVersion, 1, 1, Integer.MAX_VALUE);
        return dispatch.replay(scope(), id, version).map(r -> new ReplayView(r.decision().id(), r.policy().policy().id(),
                r.policy().policy().version(), r.policy().hash(), r.matches(), r.hashMatches(), r.evaluation().getInteger("chosen_team_id"),
                r.decision().chosenTeamId(), r.evaluation().getMap()));
    }
}
