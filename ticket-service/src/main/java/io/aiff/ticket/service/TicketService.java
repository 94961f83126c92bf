package io.aiff.ticket.service;

import io.aiff.common.db.Outbox;
import io.aiff.common.events.Envelope;
import io.aiff.common.problem.Problem;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.problem.ProblemResponses;
import io.aiff.common.ratelimit.RateLimiter;
import io.aiff.common.security.Caller;
import io.aiff.common.security.RedisKeys;
import io.aiff.common.web.Versions;
import io.aiff.ticket.Assignment;
import io.aiff.ticket.SlaPolicy;
import io.aiff.ticket.Team;
import io.aiff.ticket.Ticket;
import io.aiff.ticket.config.TicketConfig;
import io.aiff.ticket.repository.AssignmentRepository;
import io.aiff.ticket.repository.SlaPolicyRepository;
import io.aiff.ticket.repository.TicketRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.data.Point;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Tickets: every database access runs in a transaction that first sets the caller's {@link Scope} (row-level
 * security decides what it sees), every status change goes through {@link Lifecycle}, every change writes its event
 * to the outbox in the same transaction, and the zones and teams tickets name come from the {@link Directory}.
 */
@ApplicationScoped
public class TicketService {

    public static final String SOURCE = "ticket-service";
    /** Putting a legal hold on a ticket and releasing it (admin, manager). */
    public static final String HOLD = "tickets:hold";
    static final Duration CONTACT_LOOKUP_PERIOD = Duration.ofMinutes(1);

    private final Pool db;
    private final TicketRepository tickets;
    private final AssignmentRepository assignments;
    private final AssignmentFlow flow;
    private final SlaPolicyRepository policies;
    private final Directory directory;
    private final Contacts contacts;
    private final RateLimiter limiter;
    private final RedisKeys keys;
    private final int contactLookupsPerMinute;
    private final Clock clock;

    public TicketService(Pool db, TicketRepository tickets, AssignmentRepository assignments, AssignmentFlow flow,
                         SlaPolicyRepository policies, Directory directory, Contacts contacts, RateLimiter limiter,
                         RedisKeys keys, TicketConfig config, Clock clock) {
        this.db = db;
        this.tickets = tickets;
        this.assignments = assignments;
        this.flow = flow;
        this.policies = policies;
        this.directory = directory;
        this.contacts = contacts;
        this.limiter = limiter;
        this.keys = keys;
        this.contactLookupsPerMinute = config.contactLookupsPerMinute();
        this.clock = clock;
    }

    /** Runs {@code work} in one transaction under the caller's scope. */
    public <T> Uni<T> inScope(Scope scope, Function<SqlConnection, Uni<T>> work) {
        return db.withTransaction(tx -> scope.apply(tx).chain(() -> work.apply(tx)));
    }

    public Uni<List<Ticket>> search(Scope scope, String q, int limit) {
        return inScope(scope, tx -> tickets.search(tx, SearchText.normalise(q), limit));
    }

    /**
     * A page of the caller's tickets. A lookup by customer contact needs tickets:read_contact, finds only tickets whose
     * contact the caller may see, and is limited per caller ({@code aiff.tickets.contact-lookups-per-minute}), so
     * that a masked contact cannot be recovered by guessing the digits it hides.
     */
    public Uni<List<Ticket>> page(Scope scope, TicketQuery q) {
        if (q.customerContact() == null) {
            return inScope(scope, tx -> tickets.page(tx, filter(q, null), q.afterId(), q.limit()));
        }
        if (!scope.may(Caller.READ_CONTACT)) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    "Looking tickets up by customer contact needs the permission tickets:read_contact.")
                    .with("field", "customer_contact")));
        }
        String index = contacts.blindIndex(q.customerContact());
        return limiter.check(keys.key("contact_lookups:" + scope.actor()), contactLookupsPerMinute, CONTACT_LOOKUP_PERIOD)
                .chain(decision -> decision.allowed()
                        ? inScope(scope, tx -> tickets.page(tx, filter(q, index), q.afterId(), q.limit()))
                        : Uni.createFrom().failure(new ProblemException(Problem.of(429, "contact-lookups-limited",
                                "Too Many Requests", "At most " + contactLookupsPerMinute + " lookups by customer contact "
                                        + "per minute; retry after " + decision.retryAfterSeconds() + " s.")
                                .with(ProblemResponses.RETRY_AFTER, decision.retryAfterSeconds()))));
    }

    private static TicketRepository.Filter filter(TicketQuery q, String contactIndex) {
        return new TicketRepository.Filter(q.statuses(), q.priorities(), q.zoneNames(), q.zoneIds(), q.teams(),
                q.categories(), q.tags(), q.allTags(), q.createdAfter(), q.createdBefore(), q.dueBefore(), q.sla(),
                q.updatedSince(), contactIndex, q.archived());
    }

    /** The ticket, or 404 — also when it exists outside the caller's scope. */
    public Uni<Ticket> get(Scope scope, int id) {
        return inScope(scope, tx -> visible(tx, id));
    }

    /**
     * The ticket and its decrypted customer contact when the caller holds tickets:read_contact and the rule lets it
     * see this ticket's contact (else null: the mask is shown).
     */
    public Uni<TicketWithContact> getWithContact(Scope scope, int id) {
        return inScope(scope, tx -> visible(tx, id).chain(ticket -> scope.contacts() == Caller.Reach.NONE
                ? Uni.createFrom().item(new TicketWithContact(ticket, null))
                : tickets.contact(tx, ticket, contacts.keys()).map(contact -> new TicketWithContact(ticket, contact))));
    }

    /**
     * The live ticket locked for a change; 404 when it does not exist in the caller's scope, 409 when it is archived
     * (read-only: retention moved it, docs/api.md "Data lifecycle").
     */
    public Uni<Ticket> lockedForChange(SqlConnection tx, int id) {
        return tickets.lockForChange(tx, id).onItem().ifNull().switchTo(() -> tickets.findArchived(tx, id).map(archived -> {
            if (archived == null) {
                throw ProblemException.notFound("Ticket");
            }
            throw archived("This ticket is archived", archived.status());
        }));
    }

    /**
     * 409 {@code archived}: {@code what} (a ticket, or something that went with one) was moved by retention and can be
     * read, not changed; {@code current} its status.
     */
    static ProblemException archived(String what, String current) {
        return new ProblemException(Problem.of(409, "archived", "Conflict",
                what + " (closed or cancelled longer than the retention period): it can be read, not changed.").with("current", current));
    }

    private Uni<Ticket> visible(SqlConnection tx, int id) {
        return tickets.find(tx, id).onItem().ifNull().failWith(() -> ProblemException.notFound("Ticket"));
    }

    /** Creating follows reading: a caller creates tickets only in zones it may read (403 naming the field it gave). */
    public Uni<Ticket> create(Scope scope, CreateTicket input) {
        String field = input.zoneId() != null ? "zone_id" : "zone";
        return directory.zone(input.zoneId(), input.zoneName(), field).chain(zone -> {
            if (!scope.readsZone(zone.id(), zone.name())) {
                return Uni.createFrom().failure(new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                        "You can create tickets only in your zones.").with("field", field)));
            }
            Instant now = clock.instant();
            return inScope(scope, tx -> policy(tx, input.priority()).chain(policy -> {
                SlaClock.Sla sla = SlaClock.at(now, now, List.of(), List.of(targets(policy, now)));
                JsonObject first = historyEntry(null, TicketStatus.OPEN.value(), null, scope.actor(), now);
                var row = new TicketRepository.NewTicket(input.title(), input.description(), input.priority(),
                        input.category(), input.subcategory(), zone.id(), zone.name(), input.location(),
                        point(input.lat(), input.lon()), input.dueDate(), input.customerName(), input.tags(),
                        input.attachments(), input.customFields(), time(sla.deadline()), time(sla.atRiskAt()), first,
                        input.customerContact() == null ? null : contacts.stored(input.customerContact()));
                return tickets.insert(tx, row)
                        .call(t -> tickets.recordEvent(tx, t.id(), null, t.status(), t.priority(), null, scope.actor()))
                        .call(t -> Outbox.append(tx, event("ticket.created", t, scope.actor(),
                                new JsonObject().put("created_at", t.createdAt().toInstant().toString()))));
            }));
        });
    }

    /** Offline work may be reported at most this far in the future (clock skew of the device) ... */
    static final Duration OFFLINE_AHEAD = Duration.ofMinutes(2);
    /** ... and at most this late. */
    static final Duration OFFLINE_LATE = Duration.ofHours(24);
    /** History marks a change offline when it was heard of this much later than it happened. */
    public static final Duration OFFLINE_GAP = Duration.ofMinutes(5);

    /**
     * One move through the lifecycle as asked: to {@code to} with a reason; to assigned with the assignment
     * ({@code assign}); {@code decline}: a move from assigned back to open is the team declining (else, for callers
     * holding tickets:assign, a release); {@code expectedVersion}: the ticket version the caller saw (null: any);
     * {@code occurredAt}/{@code lastSync}: work done offline and the session's last sync; {@code assignmentId}: the
     * current assignment the caller acts on (a decline of that one, not of one made since; null: whichever it is).
     */
    public record Move(TicketStatus to, String reason, AssignmentFlow.Assign assign, boolean decline, Integer expectedVersion,
                       Instant occurredAt, Instant lastSync, Integer assignmentId) {

        public Move(TicketStatus to, String reason, AssignmentFlow.Assign assign, boolean decline, Integer expectedVersion,
                    Instant occurredAt, Instant lastSync) {
            this(to, reason, assign, decline, expectedVersion, occurredAt, lastSync, null);
        }
    }

    /** The ticket after a move, and its current assignment (null when it has none). */
    public record Moved(Ticket ticket, Assignment assignment) {
    }

    /** A move as POST /api/tickets/{id}/transitions asks it. */
    public Uni<Ticket> transition(Scope scope, int id, TicketStatus to, String reason, Integer assignedTeam, Integer assignedTo,
                                  Instant occurredAt, Instant lastSync) {
        AssignmentFlow.Assign assign = assignedTeam == null ? null : AssignmentFlow.Assign.manual(assignedTeam, assignedTo);
        return move(scope, id, new Move(to, reason, assign, false, null, occurredAt, lastSync), "assigned_team").map(Moved::ticket);
    }

    /**
     * Moves a ticket, its assignment following (AssignmentFlow): 404 when it is out of the caller's reach
     * (technicians: other teams' tickets), 409 with {@code current} and {@code allowed} when the lifecycle has no such
     * move, 403 without the move's permission. An assignment names a team that exists (400 naming {@code teamField})
     * and keeps the team rules (409) unless overridden with a reason (assignments:override); a technician's move from
     * assigned back to open is a decline, with its reason (assignments:decline).
     *
     * <p>Work done offline names when it happened ({@code occurredAt}): at most 2 minutes ahead, 24 hours back, and not
     * before the ticket's previous change (else 400). The SLA clock counts from then — offline work done in time is in
     * time — unless the session synced after that moment ({@code lastSync}: the device was online, so it counts from
     * when the server heard of it). When that undoes a breach already announced, {@code ticket.sla_recomputed} says so.
     */
    public Uni<Moved> move(Scope scope, int id, Move move, String teamField) {
        Instant received = clock.instant();
        try {
            precheck(scope, move, teamField, received);
        } catch (ProblemException refused) {
            return Uni.createFrom().failure(refused);
        }
        TicketStatus to = move.to();
        AssignmentFlow.Assign assign = move.assign();
        Uni<Team> team = to == TicketStatus.ASSIGNED ? directory.team(assign.teamId(), teamField) : Uni.createFrom().nullItem();
        return team.chain(assignee -> inScope(scope, tx -> moveIn(tx, scope, id, move, assignee, received)));
    }

    private static void precheck(Scope scope, Move move, String teamField, Instant received) {
        TicketStatus to = move.to();
        // The permission depends on the target state only: refused before the ticket is even looked at. A decline is
        // its own act: assignments:decline (checked with the ticket, below), not the move's permission.
        if (move.decline() && !scope.may(AssignmentFlow.DECLINE)) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    "Declining an assignment needs the permission " + AssignmentFlow.DECLINE + "."));
        }
        if (!move.decline() && !scope.may(Lifecycle.permissionFor(to))) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                    "Moving a ticket to " + to.value() + " needs the permission " + Lifecycle.permissionFor(to) + "."));
        }
        AssignmentFlow.Assign assign = move.assign();
        if (to == TicketStatus.ASSIGNED && assign == null) {
            throw ProblemException.badRequest(teamField, "is required to assign a ticket");
        }
        if (assign != null && assign.overrideReason() != null) {
            if (!scope.may(AssignmentFlow.OVERRIDE)) {
                throw new ProblemException(Problem.of(403, "forbidden", "Forbidden",
                        "Assigning past the team rules needs the permission " + AssignmentFlow.OVERRIDE + ".").with("field", "override_reason"));
            }
            if (assign.overrideReason().isBlank()) {
                throw ProblemException.badRequest("override_reason", "must say why the team rules are set aside");
            }
        }
        Instant occurredAt = move.occurredAt();
        if (occurredAt != null && occurredAt.isAfter(received.plus(OFFLINE_AHEAD))) {
            throw ProblemException.badRequest("occurred_at", "is more than 2 minutes in the future");
        }
        if (occurredAt != null && occurredAt.isBefore(received.minus(OFFLINE_LATE))) {
            throw ProblemException.badRequest("occurred_at", "is more than 24 hours ago");
        }
    }

    /**
     * The move in the caller's transaction (its scope set): {@code assignee} is the team of an assignment, resolved
     * through the directory beforehand (null for other moves). Checks come before any write, so a refused move leaves
     * the transaction as it was (bulk assignment relies on it, with a savepoint per item for failures of the writes).
     */
    public Uni<Moved> moveIn(SqlConnection tx, Scope scope, int id, Move move, Team assignee, String teamField) {
        Instant received = clock.instant();
        try {
            precheck(scope, move, teamField, received);
        } catch (ProblemException refused) {
            return Uni.createFrom().failure(refused);
        }
        return moveIn(tx, scope, id, move, assignee, received);
    }

    private Uni<Moved> moveIn(SqlConnection tx, Scope scope, int id, Move move, Team assignee, Instant received) {
        TicketStatus to = move.to();
        AssignmentFlow.Assign assign = move.assign();
        Instant occurredAt = move.occurredAt();
        return lockedForChange(tx, id)
                .chain(ticket -> tickets.events(tx, id).chain(history -> assignments.currentForChange(tx, id).chain(current -> {
                    TicketStatus from = TicketStatus.of(ticket.status());
                    if (move.expectedVersion() != null && ticket.version() != move.expectedVersion()) {
                        throw Versions.stale();
                    }
                    if (!Lifecycle.allows(from, to)) {
                        throw illegal(from, to);
                    }
                    if (move.assignmentId() != null && (current == null || current.id() != move.assignmentId())) {
                        throw new ProblemException(Problem.of(409, "assignment-moved-on", "Conflict", "Assignment "
                                + move.assignmentId() + " is no longer the ticket's current one.")
                                .with("current", current == null ? null : current.status()).with("allowed", List.of()));
                    }
                    boolean declined = from == TicketStatus.ASSIGNED && to == TicketStatus.OPEN && (move.decline() || !scope.may(Lifecycle.ASSIGN));
                    if (declined && !scope.may(AssignmentFlow.DECLINE)) {
                        throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "Handing an assigned ticket back "
                                + "is declining it, which needs the permission " + AssignmentFlow.DECLINE + "."));
                    }
                    if (declined && (move.reason() == null || move.reason().isBlank())) {
                        throw ProblemException.badRequest("reason", "is required to decline an assignment");
                    }
                    // The previous change of state: a legal hold put on or released meanwhile is not one (offline work done
                    // before a manager's hold still counts when it happened).
                    Instant previous = history.stream().filter(e -> !e.hold()).reduce((first, second) -> second)
                            .map(e -> e.changedAt().toInstant()).orElse(ticket.createdAt().toInstant());
                    if (occurredAt != null && occurredAt.isBefore(previous)) {
                        throw ProblemException.badRequest("occurred_at", "is before the ticket's previous status change (" + previous + ")");
                    }
                    boolean believed = occurredAt != null && (move.lastSync() == null || occurredAt.isAfter(move.lastSync()));
                    // A device clock a little ahead is believed only up to now: history never runs ahead of the server.
                    Instant told = believed && occurredAt.isBefore(received) ? occurredAt : received;
                    // Replicas' clocks differ a little: a move is never before the one it follows (readers order by time).
                    Instant at = told.isBefore(previous) ? previous : told;
                    Uni<Void> rules = assignee == null ? Uni.createFrom().voidItem() : flow.check(tx, ticket, assignee, assign, current);
                    return rules.chain(() -> tickets.recordEvent(tx, id, from.value(), to.value(), ticket.priority(), move.reason(),
                                    scope.actor(), time(at), occurredAt == null ? null : time(occurredAt)))
                            // The history as it now stands: what was read, and this move (no second read).
                            .chain(() -> slaAt(tx, ticket, received, withMove(history, new TicketRepository.StatusEvent(from.value(),
                                    to.value(), ticket.priority(), move.reason(), scope.actor(), time(at),
                                    occurredAt == null ? null : time(occurredAt), time(received), "status"))))
                            .chain(sla -> {
                                boolean breachUndone = ticket.slaBreach() && !sla.resolutionBreached();
                                Integer team = assign == null ? null : assign.teamId();
                                String member = assign == null || assign.assignedTo() == null ? null : String.valueOf(assign.assignedTo());
                                return tickets.changeStatus(tx, id, to.value(), team, member, scope.userId(),
                                                time(sla.deadline()), time(sla.atRiskAt()),
                                                historyEntry(from.value(), to.value(), move.reason(), scope.actor(), at), time(at),
                                                breachUndone ? Boolean.FALSE : null)
                                        .chain(changed -> flow.follow(tx, scope, changed, from, to, at, history, assign, declined,
                                                        move.reason(), current)
                                                .call(outcome -> {
                                                    List<JsonObject> events = new ArrayList<>();
                                                    events.add(event("ticket.status_changed", changed, scope.actor(),
                                                            new JsonObject().put("from", from.value()).put("to", to.value())
                                                                    .put("occurred_at", at.toString())
                                                                    .put("sla", slaVerdict(sla))
                                                                    .put("assignment_id", outcome.current() == null ? null : outcome.current().id())));
                                                    if (to == TicketStatus.ASSIGNED) {
                                                        events.add(event("ticket.assigned", changed, scope.actor(),
                                                                new JsonObject().put("assigned_team", team)
                                                                        .put("assignment_id", outcome.current().id())));
                                                    }
                                                    if (breachUndone) {
                                                        events.add(event("ticket.sla_recomputed", changed, scope.actor(),
                                                                new JsonObject().put("resolution_breached", false)
                                                                        .put("previously_breached", true).put("occurred_at", at.toString())));
                                                    }
                                                    events.addAll(outcome.events());
                                                    return Outbox.append(tx, events.toArray(JsonObject[]::new));
                                                })
                                                .map(outcome -> new Moved(changed, outcome.current())));
                            });
                })));
    }

    /**
     * A PATCH made against {@code version}: 412 when the ticket changed since, 404 when it is out of reach. A priority
     * change is recorded as an event (status unchanged) and recomputes the deadline, keeping elapsed time and pauses.
     */
    public Uni<Ticket> update(Scope scope, int id, int version, Function<Ticket, TicketChanges> merge) {
        Instant now = clock.instant();
        return inScope(scope, tx -> lockedForChange(tx, id)
                .chain(current -> {
                    if (current.version() != version) {
                        return Uni.createFrom().failure(Versions.stale());
                    }
                    TicketChanges changes = merge.apply(current);
                    boolean reprioritised = !changes.priority().equals(current.priority());
                    Uni<Void> event = reprioritised
                            ? tickets.recordEvent(tx, id, current.status(), current.status(), changes.priority(),
                                    "priority " + current.priority() + " -> " + changes.priority(), scope.actor())
                            : Uni.createFrom().voidItem();
                    return event.chain(() -> reprioritised ? slaAt(tx, current, now).map(sla -> new Instant[] {sla.deadline(), sla.atRiskAt()})
                                    : Uni.createFrom().item(new Instant[] {instantOf(current.slaDeadline()), instantOf(current.slaAtRiskAt())}))
                            .chain(sla -> tickets.update(tx, id, version, stored(changes), time(sla[0]), time(sla[1])))
                            .onItem().ifNull().failWith(Versions::stale)
                            .call(updated -> Outbox.append(tx, event("ticket.updated", updated, scope.actor(),
                                    reprioritised ? new JsonObject().put("previous_priority", current.priority()) : null)));
                }));
    }

    private static TicketRepository.Changes stored(TicketChanges c) {
        return new TicketRepository.Changes(c.title(), c.description(), c.priority(), c.category(), c.subcategory(),
                c.location(), point(c.lat(), c.lon()), c.dueDate(), c.customerName(), c.tags(), c.attachments(), c.customFields());
    }

    /** A rating (1–5) of a resolved or closed ticket, once. */
    public Uni<Ticket> rate(Scope scope, int id, int rating) {
        return inScope(scope, tx -> lockedForChange(tx, id)
                .chain(ticket -> {
                    if (!ticket.status().equals("resolved") && !ticket.status().equals("closed")) {
                        throw new ProblemException(Problem.of(409, "not-rateable", "Conflict",
                                "Only a resolved or closed ticket can be rated.").with("current", ticket.status()));
                    }
                    return tickets.rate(tx, id, rating).onItem().ifNull().failWith(() -> new ProblemException(
                            Problem.conflict("This ticket has been rated already.").with("current", ticket.status())));
                })
                .call(rated -> Outbox.append(tx, event("ticket.rated", rated, scope.actor(), new JsonObject().put("rating", rating)))));
    }

    /**
     * Puts a legal hold on the ticket (retention never archives it while held) or releases it; recorded in its
     * history and announced as {@code ticket.updated} with {@code legal_hold}. Asking for the state it is in changes
     * nothing (a retried request answers the same).
     */
    public Uni<Ticket> hold(Scope scope, int id, boolean on, String reason) {
        return inScope(scope, tx -> lockedForChange(tx, id).chain(ticket -> ticket.legalHold() == on
                ? Uni.createFrom().item(ticket)
                : tickets.recordHold(tx, ticket, on, reason, scope.actor())
                        .chain(() -> tickets.hold(tx, id, on, reason, scope.actor()))
                        .call(held -> Outbox.append(tx, event("ticket.updated", held, scope.actor(),
                                new JsonObject().put("legal_hold", on).put("reason", reason))))));
    }

    /** The breach job's work: marks running tickets past their deadline, one event each (system scope). */
    public Uni<Integer> markBreaches(SqlConnection tx, int limit) {
        return tickets.markBreaches(tx, limit).call(breached -> breached.isEmpty() ? Uni.createFrom().voidItem()
                        : Outbox.append(tx, breached.stream().map(t -> event("ticket.sla_breached", t, "system",
                                new JsonObject().put("sla_deadline", t.slaDeadline().toInstant().toString()))).toArray(JsonObject[]::new)))
                .map(List::size);
    }

    public Uni<List<TicketRepository.StatusEvent>> history(Scope scope, int id) {
        return inScope(scope, tx -> visible(tx, id).chain(ticket -> tickets.events(tx, ticket)));
    }

    public Uni<SlaClock.Sla> sla(Scope scope, int id) {
        return inScope(scope, tx -> visible(tx, id).chain(ticket -> slaAt(tx, ticket, clock.instant())));
    }

    /**
     * The SLA of a ticket from its recorded events: status changes move the clock, priority changes (events whose
     * priority differs from the one before) swap the target. Targets are the policies' current values.
     */
    private Uni<SlaClock.Sla> slaAt(SqlConnection tx, Ticket ticket, Instant now) {
        return tickets.events(tx, ticket).chain(events -> slaAt(tx, ticket, now, events));
    }

    /** The SLA from these events (the ticket's, as recorded). */
    private Uni<SlaClock.Sla> slaAt(SqlConnection tx, Ticket ticket, Instant now, List<TicketRepository.StatusEvent> events) {
        return policies.all(tx).map(all -> sla(byPriority(all), ticket, now, events));
    }

    static Map<String, SlaPolicy> byPriority(List<SlaPolicy> all) {
        Map<String, SlaPolicy> byPriority = new HashMap<>();
        all.forEach(p -> byPriority.put(p.priority(), p));
        return byPriority;
    }

    /** The SLA at {@code now} from these recorded events, under these policies (plain arithmetic: {@link SlaClock}). */
    static SlaClock.Sla sla(Map<String, SlaPolicy> byPriority, Ticket ticket, Instant now, List<TicketRepository.StatusEvent> events) {
        Instant created = ticket.createdAt().toInstant();
        List<SlaClock.StatusChange> changes = new ArrayList<>();
        List<SlaClock.TargetChange> targets = new ArrayList<>();
        String priority = events.isEmpty() ? ticket.priority() : events.get(0).priority();
        targets.add(targets(byPriority.get(priority), created));
        for (TicketRepository.StatusEvent e : events) {
            Instant at = e.changedAt().toInstant();
            if (e.fromStatus() != null && !e.fromStatus().equals(e.toStatus())) {
                changes.add(new SlaClock.StatusChange(at, TicketStatus.of(e.toStatus())));
            }
            if (!e.priority().equals(priority)) {
                priority = e.priority();
                targets.add(targets(byPriority.get(priority), at));
            }
        }
        return SlaClock.at(now, created, changes, targets);
    }

    private static List<TicketRepository.StatusEvent> withMove(List<TicketRepository.StatusEvent> history,
                                                               TicketRepository.StatusEvent move) {
        List<TicketRepository.StatusEvent> all = new ArrayList<>(history);
        all.add(move);
        return all;
    }

    private Uni<SlaPolicy> policy(SqlConnection tx, String priority) {
        return policies.find(tx, priority).onItem().ifNull().failWith(() -> ProblemException.badRequest("priority", "has no SLA policy"));
    }

    private static SlaClock.TargetChange targets(SlaPolicy policy, Instant from) {
        return new SlaClock.TargetChange(from, Duration.ofMinutes(policy.responseMinutes()), Duration.ofMinutes(policy.resolutionMinutes()));
    }

    private static ProblemException illegal(TicketStatus from, TicketStatus to) {
        return new ProblemException(Problem.of(409, "illegal-transition", "Conflict",
                        "A ticket in " + from.value() + " cannot move to " + to.value() + ".")
                .with("current", from.value())
                .with("allowed", Lifecycle.allowedFrom(from).stream().map(TicketStatus::value).sorted().toList()));
    }

    private static JsonObject historyEntry(String from, String to, String reason, String actor, Instant at) {
        return new JsonObject().put("from", from).put("to", to).put("reason", reason).put("by", actor).put("at", at.toString());
    }

    /** Events carry ids, zone, team, status, priority and category — never customer data. */
    private static JsonObject event(String type, Ticket t, String actor, JsonObject data) {
        JsonObject summary = new JsonObject().put("ticket_number", t.ticketNumber()).put("status", t.status())
                .put("priority", t.priority()).put("category", t.category()).put("version", t.version());
        return Envelope.of(type, SOURCE, t.id(), t.zoneId(), t.zone(), t.assignedTeam(), actor,
                data == null ? summary : summary.mergeIn(data));
    }

    /** The SLA as the move left it, for readers that judge it (analytics): the verdicts and the deadline. */
    static JsonObject slaVerdict(SlaClock.Sla sla) {
        return new JsonObject().put("response_breached", sla.responseBreached())
                .put("resolution_breached", sla.resolutionBreached()).put("deadline", sla.deadline().toString())
                .put("response_target_minutes", sla.responseTarget().toMinutes()).put("resolution_target_minutes", sla.target().toMinutes());
    }

    private static Point point(Double lat, Double lon) {
        return lat == null || lon == null ? null : new Point(lon, lat);
    }

    private static Instant instantOf(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
