package io.aiff.analytics.service;

import io.aiff.analytics.repository.FactsRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

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

    public FactsWriter(FactsRepository facts) {
        this.facts = facts;
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

    public Uni<Void> apply(SqlConnection tx, List<Integer> generations, JsonObject envelope) {
        int id;
        try {
            id = Integer.parseInt(envelope.getString("aggregate_id"));
        } catch (NumberFormatException notOurs) {
            return Uni.createFrom().voidItem();
        }
        boolean assignment = envelope.getString("type").startsWith("assignment.");
        Uni<Void> chain = assignment ? Uni.createFrom().voidItem() : facts.lock(tx, id);
        for (int generation : generations) {
            chain = chain.chain(() -> assignment ? facts.putAssignment(tx, generation, envelope)
                    : facts.record(tx, generation, id, envelope).chain(history -> {
                        TicketFacts folded = TicketFacts.of(id, history);
                        return folded == null ? Uni.createFrom().voidItem() : facts.put(tx, generation, folded);
                    }));
        }
        return chain;
    }
}
