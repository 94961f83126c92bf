package io.aiff.ticket.service;

import io.aiff.common.db.metrics.GaugeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * ticket-service's own figures (docs/api.md "Data lifecycle"): the age of the oldest open ticket (any state but
 * resolved, closed and cancelled: work retention never touches), and about how many tickets the archive holds (the
 * planner's estimate: a count would read the whole archive every tick). Read in the system scope.
 */
@ApplicationScoped
public class TicketGauges implements GaugeSource {

    @Override
    public Uni<Map<String, Double>> read(Pool db) {
        return db.withTransaction(tx -> Scope.SYSTEM.apply(tx).chain(() -> tx.query("SELECT coalesce(extract(epoch FROM now() - "
                + "(SELECT min(created_at) FROM tickets WHERE status NOT IN ('resolved', 'closed', 'cancelled'))), 0)::float8, "
                + "greatest((SELECT reltuples FROM pg_class WHERE oid = 'archive.tickets'::regclass), 0)::float8").execute())).map(rows -> {
                    Row row = rows.iterator().next();
                    return Map.of("aiff.tickets.oldest.open.age.seconds", row.getDouble(0),
                            "aiff.tickets.archived", row.getDouble(1));
                });
    }
}
