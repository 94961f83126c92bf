package io.aiff.ticket.service;

import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.dispatch.Canonical;
import io.aiff.ticket.dispatch.DispatchPolicy;
import io.aiff.ticket.dispatch.Dispatcher;
import io.aiff.ticket.repository.DirectoryRepository;
import io.aiff.ticket.repository.DispatchRepository;
import io.aiff.ticket.repository.DispatchRepository.Decision;
import io.aiff.ticket.repository.DispatchRepository.StoredPolicy;
import io.aiff.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.data.Point;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Function;

/**
 * Automatic dispatch (ticket-service README, "Dispatch"): for each open ticket, the candidates from the directory (so
 * it works while team-service is down) with their loads from ticket-service's own assignments, their rows locked as
 * read; the decision ({@link Dispatcher}) stored with its inputs; the chosen team assigned through the lifecycle in
 * the same transaction. Replays run the same function on what was stored.
 */
@ApplicationScoped
public class DispatchService {

    public static final String MANAGE = "dispatch:manage";
    public static final int DEFAULT_POLICY = 1;
    /** Most tickets of one automatic dispatch. */
    public static final int MAX_TICKETS = 500;

    /** One ticket's result: assigned (with the assignment), no candidate, or refused (the ticket moved on, out of reach). */
    public record Result(int ticketId, String status, Long decisionId, Integer teamId, Integer assignmentId, Problem problem) {
    }

    /** A replay: the evaluation computed again, and whether it matches the stored one (same policy version). */
    public record Replay(Decision decision, StoredPolicy policy, JsonObject evaluation, Boolean matches, boolean hashMatches) {
    }

    private final Pool db;
    private final TicketService tickets;
    private final TicketRepository ticketRows;
    private final DispatchRepository dispatch;
    private final DirectoryRepository directory;

    public DispatchService(Pool db, TicketService tickets, TicketRepository ticketRows, DispatchRepository dispatch,
                           DirectoryRepository directory) {
        this.db = db;
        this.tickets = tickets;
        this.ticketRows = ticketRows;
        this.dispatch = dispatch;
        this.directory = directory;
    }

    /** The current version of a policy (the default one is written when first needed); 404 when there is none. */
    public Uni<StoredPolicy> policy(SqlConnection tx, int id) {
        return dispatch.current(tx, id).chain(found -> found != null || id != DEFAULT_POLICY ? Uni.createFrom().item(found)
                        : dispatch.ensure(tx, DispatchPolicy.of(DEFAULT_POLICY, 1, "default", DispatchPolicy.defaultBody()), "system")
                                .chain(() -> dispatch.current(tx, id)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Dispatch policy"));
    }

    public Uni<StoredPolicy> policy(Scope scope, int id) {
        return tickets.inScope(scope, tx -> policy(tx, id));
    }

    public Uni<StoredPolicy> policyVersion(Scope scope, int id, int version) {
        return tickets.inScope(scope, tx -> policy(tx, id).chain(current -> dispatch.version(tx, id, version)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Dispatch policy version"));
    }

    public Uni<List<StoredPolicy>> policies(Scope scope) {
        return tickets.inScope(scope, tx -> policy(tx, DEFAULT_POLICY).chain(() -> dispatch.currentAll(tx)));
    }

    /** A new policy (id from a sequence, version 1). */
    public Uni<StoredPolicy> createPolicy(Scope scope, String name, JsonObject body) {
        DispatchPolicy parsed = DispatchPolicy.of(0, 1, name, body);
        return tickets.inScope(scope, tx -> dispatch.insertNew(tx, parsed, scope.actor()));
    }

    /** A new version of a policy made against its current {@code version} (412 when that moved on). */
    public Uni<StoredPolicy> changePolicy(Scope scope, int id, int version, String name, JsonObject body) {
        DispatchPolicy parsed = DispatchPolicy.of(id, version + 1, name, body);
        return tickets.inScope(scope, tx -> policy(tx, id).chain(current -> dispatch.insertVersion(tx, id, version, parsed, scope.actor())))
                .onItem().ifNull().failWith(io.aiff.common.web.Versions::stale);
    }

    public Uni<Decision> decision(Scope scope, long id) {
        return tickets.inScope(scope, tx -> dispatch.decision(tx, id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Dispatch decision"));
    }

    /**
     * Dispatches the tickets, most urgent first (priority, then SLA deadline), each in its own transaction (team rows
     * are locked only while its decision is made); a dry run answers the same and rolls each back.
     */
    public Uni<List<Result>> auto(Scope scope, List<Integer> ticketIds, Function<SqlConnection, Uni<List<Integer>>> filter,
                                  int policyId, boolean dryRun) {
        // The policy first: an unknown one is the request's 400, not every ticket's failure.
        Uni<List<Integer>> order = tickets.inScope(scope, tx -> policy(tx, policyId)
                .onFailure(ProblemException.class).transform(unknown -> ProblemException.badRequest("policy_id", "is not a dispatch policy"))
                .chain(known -> ticketIds != null ? dispatch.byUrgency(tx, ticketIds) : filter.apply(tx)));
        return order.chain(ids -> Multi.createFrom().iterable(ids).onItem()
                .transformToUniAndConcatenate(id -> one(scope, id, policyId, dryRun))
                .collect().asList()
                .map(results -> {
                    if (ticketIds == null) {
                        return results;
                    }
                    // Tickets asked for that the caller cannot read: out of reach, said so.
                    List<Result> all = new java.util.ArrayList<>(results);
                    ticketIds.stream().distinct().filter(id -> !ids.contains(id)).forEach(id -> all.add(new Result(id, "failed", null,
                            null, null, ProblemException.notFound("Ticket").problem())));
                    return all;
                }));
    }

    /** One ticket's dispatch in its own transaction; its refusal is its result, not the batch's failure. */
    public Uni<Result> one(Scope scope, int ticketId, int policyId, boolean dryRun) {
        Function<SqlConnection, Uni<Result>> work = tx -> scope.apply(tx).chain(() -> policy(tx, policyId))
                .chain(policy -> dispatchIn(tx, scope, ticketId, policy, dryRun));
        Uni<Result> run = dryRun
                ? db.withConnection(conn -> conn.begin().chain(t -> work.apply(conn).call(r -> t.rollback()).onFailure().call(() -> t.rollback())))
                : db.withTransaction(work);
        return run.onFailure(ProblemException.class).recoverWithItem(failure -> new Result(ticketId, "failed", null, null, null,
                ((ProblemException) failure).problem()));
    }

    /** A decision made on a chosen team whose facts changed before its row was locked is made again, this often. */
    static final int ATTEMPTS = 3;

    private Uni<Result> dispatchIn(SqlConnection tx, Scope scope, int ticketId, StoredPolicy policy, boolean dryRun) {
        return tickets.lockedForChange(tx, ticketId)
                .chain(ticket -> {
                    if (!TicketStatus.OPEN.value().equals(ticket.status())) {
                        return Uni.createFrom().failure(new ProblemException(Problem.of(409, "not-open", "Conflict",
                                "Only open tickets are dispatched; this one is " + ticket.status() + ".")
                                .with("current", ticket.status()).with("allowed", List.of(TicketStatus.ASSIGNED.value()))));
                    }
                    return origin(tx, ticket).chain(point -> decide(tx, ticket, point, policy, ATTEMPTS).chain(decided -> {
                        Dispatcher.Inputs inputs = decided.inputs();
                        JsonObject evaluation = decided.evaluation();
                        Integer chosen = evaluation.getInteger("chosen_team_id");
                        return dispatch.insertDecision(tx, new Decision(0, ticket.id(), ticket.version(), ticket.zoneId(), ticket.zone(),
                                        policy.policy().id(), policy.policy().version(), policy.hash(), inputs.json(), evaluation, chosen, null,
                                        scope.actor(), null))
                                .chain(decisionId -> chosen == null
                                        ? Uni.createFrom().item(new Result(ticketId, "no_candidate", dryRun ? null : decisionId, null, null, null))
                                        : assign(tx, scope, ticket, chosen, decisionId, evaluation)
                                                .map(assignmentId -> new Result(ticketId, "assigned", dryRun ? null : decisionId, chosen,
                                                        dryRun ? null : assignmentId, null)));
                    }));
                });
    }

    record Decided(Dispatcher.Inputs inputs, JsonObject evaluation) {
    }

    /**
     * The decision on the candidates as read; the chosen team's row is then locked (until the assignment commits) and
     * its facts read again: when they changed in between (another assignment took its last place, its status
     * changed), the decision is made again on fresh values, so that what is stored is exactly what it was made on.
     */
    private Uni<Decided> decide(SqlConnection tx, Ticket ticket, Point point, StoredPolicy policy, int attempts) {
        return dispatch.candidates(tx, ticket.zoneId(), point).chain(teams -> {
            var inputs = new Dispatcher.Inputs(Dispatcher.ticket(ticket.id(), ticket.version(), ticket.zoneId(),
                    ticket.priority(), ticket.category(), point == null ? null : point.y, point == null ? null : point.x,
                    ticket.lat() != null ? "ticket" : point == null ? "none" : "zone_centre"), teams);
            JsonObject evaluation = Dispatcher.decide(policy.policy(), inputs);
            Integer chosen = evaluation.getInteger("chosen_team_id");
            if (chosen == null) {
                return Uni.createFrom().item(new Decided(inputs, evaluation));
            }
            JsonObject used = teams.stream().filter(t -> chosen.equals(t.getInteger("team_id"))).findFirst().orElseThrow();
            return directory.lockLoads(tx, List.of(chosen)).chain(locked -> {
                var now = locked.isEmpty() ? null : locked.get(0);
                boolean same = now != null && now.open() == used.getInteger("open_assignments") && now.capacity() == used.getInteger("capacity")
                        && now.active() == used.getBoolean("is_active") && now.status().equals(used.getString("status"));
                if (same) {
                    return Uni.createFrom().item(new Decided(inputs, evaluation));
                }
                if (attempts <= 1) {
                    return Uni.createFrom().failure(new ProblemException(Problem.of(409, "dispatch-contended", "Conflict",
                            "The teams of this ticket kept changing while it was being dispatched; try again.")
                            .with(io.aiff.common.problem.ProblemResponses.RETRY_AFTER, 1)));
                }
                return decide(tx, ticket, point, policy, attempts - 1);
            });
        });
    }

    /** Where the ticket is measured from: its coordinates, else its zone's centre (null when neither is known). */
    private Uni<Point> origin(SqlConnection tx, Ticket ticket) {
        return ticket.lat() != null ? Uni.createFrom().item(new Point(ticket.lon(), ticket.lat())) : dispatch.centre(tx, ticket.zoneId());
    }

    private Uni<Integer> assign(SqlConnection tx, Scope scope, Ticket ticket, int teamId, long decisionId, JsonObject evaluation) {
        JsonObject chosen = evaluation.getJsonArray("candidates").stream().map(c -> (JsonObject) c)
                .filter(c -> Integer.valueOf(teamId).equals(c.getInteger("team_id"))).findFirst().orElseThrow();
        JsonObject criteria = new JsonObject().put("decision_id", decisionId).put("total", chosen.getString("total"))
                .put("rank", chosen.getInteger("rank")).put("objectives", chosen.getJsonArray("objectives"));
        var assign = new AssignmentFlow.Assign(teamId, null, "auto", null, null, null, criteria, decisionId);
        var move = new TicketService.Move(TicketStatus.ASSIGNED, "dispatch decision " + decisionId, assign, false, ticket.version(), null, null);
        return directory.team(tx, teamId)
                .chain(team -> tickets.moveIn(tx, scope, ticket.id(), move, team, "team_id"))
                .chain(moved -> dispatch.linkAssignment(tx, decisionId, moved.assignment().id()).replaceWith(moved.assignment().id()));
    }

    /**
     * The decision computed again from its stored inputs with the policy version it used — or, given
     * {@code policyVersion}, another version of that policy: what it would have chosen. Changes nothing.
     */
    public Uni<Replay> replay(Scope scope, long id, Integer policyVersion) {
        return tickets.inScope(scope, tx -> dispatch.decision(tx, id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Dispatch decision"))
                .chain(decision -> dispatch.version(tx, decision.policyId(), policyVersion == null ? decision.policyVersion() : policyVersion)
                        .onItem().ifNull().failWith(() -> ProblemException.badRequest("policy_version", "is not a version of policy "
                                + decision.policyId()))
                        .map(policy -> {
                            JsonObject evaluation = Dispatcher.decide(policy.policy(), Dispatcher.Inputs.of(decision.inputs()));
                            boolean same = policy.policy().version() == decision.policyVersion();
                            return new Replay(decision, policy, evaluation,
                                    same ? Canonical.of(evaluation).equals(Canonical.of(decision.evaluation())) : null,
                                    policy.hash().equals(policy.policy().hash()) && (!same || decision.policyHash().equals(policy.hash())));
                        })));
    }
}
