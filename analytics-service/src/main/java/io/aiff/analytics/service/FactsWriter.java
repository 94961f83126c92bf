package io.aiff.analytics.service;

import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.FactsRepository;
import io.aiff.analytics.repository.RollupRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies one of ticket-service's events to generations of the facts — for the consumer (the current generation, and
 * a rebuild's while it runs) and for a rebuild (its own). A ticket event joins the ticket's history and the ticket's
 * facts are folded again from all of it ({@link TicketFacts}); an assignment event replaces the assignment's row when
 * it is newer.
 */
@ApplicationScoped
public class FactsWriter {

    public static final String SOURCE = "ticket-service";

    private final FactsRepository facts;
    private final RollupRepository rollup;
    private final String timeZone;

    public FactsWriter(FactsRepository facts, RollupRepository rollup, AnalyticsConfig config) {
        this.facts = facts;
        this.rollup = rollup;
        this.timeZone = config.timeZone().getId();
    }

    /** Whether the facts need this event at all: ticket-service's ticket and assignment events. */
    public static boolean wants(JsonObject envelope) {
        String type = envelope.getString("type", "");
        return SOURCE.equals(envelope.getString("source")) && (type.startsWith("ticket.") || type.startsWith("assignment."));
    }

    /** The current generation and the one a running rebuild builds. */
    public Uni<List<Integer>> generations(SqlConnection tx) {
        return facts.generations(tx);
    }

    /**
     * Applies events to each generation given, in one statement per table: the tickets are locked (ascending), each
     * ticket's events join its history, each ticket touched is folded once from its whole history, and each assignment
     * keeps its newest version. Answers the teams and zones whose numbers may have changed: of every event in the
     * touched tickets' histories (a reassignment changes the old team's numbers too) and of the assignments.
     */
    public Uni<Touched> apply(SqlConnection tx, List<Integer> generations, List<JsonObject> envelopes) {
        Map<Integer, List<JsonObject>> tickets = new LinkedHashMap<>();
        List<JsonObject> assignments = new ArrayList<>();
        Touched touched = named(envelopes);
        for (JsonObject envelope : envelopes) {
            Integer id = aggregateId(envelope);
            if (id == null) {
                continue; // not a ticket or assignment of ticket-service's: nothing to apply
            }
            if (envelope.getString("type").startsWith("assignment.")) {
                assignments.add(envelope);
            } else {
                tickets.computeIfAbsent(id, t -> new ArrayList<>()).add(envelope);
            }
        }
        // Tickets whose contribution to the day sums may change: those told of, and those whose assignment changes
        // (its reported time counts towards the ticket's efficiency).
        Set<Integer> affected = new TreeSet<>(tickets.keySet());
        Set<Integer> assignmentIds = new TreeSet<>();
        for (JsonObject a : assignments) {
            assignmentIds.add(aggregateId(a));
            Integer ticket = number(a.getJsonObject("data", new JsonObject()), "ticket_id");
            if (ticket != null) {
                affected.add(ticket);
            }
        }
        Uni<Void> chain = affected.isEmpty() ? Uni.createFrom().voidItem() : facts.lock(tx, affected);
        for (int generation : generations) {
            chain = chain.chain(() -> rollup.contributions(tx, generation, timeZone, affected, assignmentIds)
                    .call(before -> write(tx, generation, tickets, assignments, touched)
                            .chain(() -> rollup.contributions(tx, generation, timeZone, affected, assignmentIds))
                            .chain(after -> rollup.add(tx, generation, before, after))))
                    .replaceWithVoid();
        }
        return chain.replaceWith(touched);
    }

    /** The teams and zones the events themselves name (an assignment's team is in its data). */
    public static Touched named(List<JsonObject> envelopes) {
        Touched named = new Touched(new TreeSet<>(), new TreeSet<>());
        for (JsonObject envelope : envelopes) {
            if (aggregateId(envelope) != null) {
                named.add(number(envelope, "team_id"), number(envelope, "zone_id"));
                named.add(number(envelope.getJsonObject("data", new JsonObject()), "team_id"), null);
            }
        }
        return named;
    }

    private static Integer aggregateId(JsonObject envelope) {
        try {
            return Integer.valueOf(envelope.getString("aggregate_id"));
        } catch (NumberFormatException | ClassCastException notOurs) {
            return null;
        }
    }

    private static Integer number(JsonObject json, String field) {
        return json.getValue(field) instanceof Number n ? n.intValue() : null;
    }

    /** The batch's changes of one generation: histories recorded, tickets folded, assignments put. */
    private Uni<Void> write(SqlConnection tx, int generation, Map<Integer, List<JsonObject>> tickets, List<JsonObject> assignments,
                            Touched touched) {
        Uni<Void> folded = tickets.isEmpty() ? Uni.createFrom().voidItem() : facts.record(tx, generation, tickets)
                .chain(histories -> {
                    List<TicketFacts> all = new ArrayList<>();
                    histories.forEach((id, history) -> {
                        history.forEach(e -> touched.add(e.teamId(), e.zoneId()));
                        TicketFacts f = TicketFacts.of(id, history);
                        if (f != null) {
                            all.add(f);
                        }
                    });
                    return facts.put(tx, generation, all);
                });
        return folded.chain(() -> facts.putAssignments(tx, generation, assignments));
    }

    /** Teams and zones whose numbers an applied batch may have changed. */
    public record Touched(Set<Integer> teams, Set<Integer> zones) {

        void add(Integer team, Integer zone) {
            if (team != null) {
                teams.add(team);
            }
            if (zone != null) {
                zones.add(zone);
            }
        }
    }
}
