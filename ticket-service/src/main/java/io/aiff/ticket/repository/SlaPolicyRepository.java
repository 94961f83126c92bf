package io.aiff.ticket.repository;

import io.aiff.ticket.SlaPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** SQL of {@code sla_policies}; every value is a bound parameter. */
@ApplicationScoped
public class SlaPolicyRepository {

    private static final String COLUMNS = "priority, response_minutes, resolution_minutes, version, updated_at, updated_by";
    private static final String ORDER = " ORDER BY array_position(array['critical','high','medium','low']::varchar[], priority)";

    public Uni<List<SlaPolicy>> all(SqlClient db) {
        return db.query("SELECT " + COLUMNS + " FROM sla_policies" + ORDER).execute().map(rows -> {
            List<SlaPolicy> policies = new ArrayList<>();
            rows.forEach(row -> policies.add(policy(row)));
            return policies;
        });
    }

    public Uni<SlaPolicy> find(SqlClient db, String priority) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM sla_policies WHERE priority = $1").execute(Tuple.of(priority))
                .map(rows -> rows.size() == 0 ? null : policy(rows.iterator().next()));
    }

    /** Sets the targets when the version still matches (any version when null); null when it does not. */
    public Uni<SlaPolicy> update(SqlClient db, String priority, Integer version, int response, int resolution, String by) {
        return db.preparedQuery("UPDATE sla_policies SET response_minutes = $1, resolution_minutes = $2, version = version + 1, "
                        + "updated_at = now(), updated_by = $3 WHERE priority = $4 AND ($5::int IS NULL OR version = $5) RETURNING " + COLUMNS)
                .execute(Tuple.of(response, resolution, by, priority, version))
                .map(rows -> rows.size() == 0 ? null : policy(rows.iterator().next()));
    }

    private static SlaPolicy policy(Row row) {
        return new SlaPolicy(row.getString("priority"), row.getInteger("response_minutes"), row.getInteger("resolution_minutes"),
                row.getInteger("version"), row.getOffsetDateTime("updated_at"), row.getString("updated_by"));
    }
}
