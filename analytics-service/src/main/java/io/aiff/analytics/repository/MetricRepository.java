package io.aiff.analytics.repository;

import io.aiff.analytics.Metric;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The seed's {@code analytics} table: metrics recorded by the daily rollup and by other services. */
@ApplicationScoped
public class MetricRepository {

    private static final String COLUMNS = "id, metric_name, metric_type, metric_value, metric_unit, team_id, zone, user_id, "
            + "date_recorded, period_start, period_end, metadata::text, tags, confidence_score, data_source";
    /**
     * A keyset page in id order, filtered: $1 after id, $2 limit, $3 name, $4 type, $5 team, $6 zone, $7 and $8 a
     * period the metric's must overlap; the caller's reach as $9 (everything) and $10 (its zones, by name — the
     * seed's column): a metric without a zone is for callers who see everything only.
     */
    private static final String PAGE = "SELECT " + COLUMNS + " FROM analytics WHERE id > $1 "
            + "AND ($3::text IS NULL OR metric_name = $3) AND ($4::text IS NULL OR metric_type = $4) "
            + "AND ($5::int IS NULL OR team_id = $5) AND ($6::text IS NULL OR zone = $6) "
            + "AND ($7::timestamptz IS NULL OR coalesce(period_end, date_recorded) >= $7) "
            + "AND ($8::timestamptz IS NULL OR coalesce(period_start, date_recorded) < $8) "
            + "AND ($9 OR zone = ANY($10)) ORDER BY id LIMIT $2";
    private static final String INSERT = "INSERT INTO analytics (metric_name, metric_type, metric_value, metric_unit, team_id, zone, "
            + "user_id, period_start, period_end, metadata, tags, confidence_score, data_source) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11, $12, $13) RETURNING " + COLUMNS;

    /** What a list asks for; nulls are "any". */
    public record Filter(String name, String type, Integer teamId, String zone, OffsetDateTime from, OffsetDateTime to) {
    }

    private final Pool db;

    public MetricRepository(Pool db) {
        this.db = db;
    }

    /** @param all whether the caller sees every metric; else {@code zones}, by name */
    public Uni<List<Metric>> page(boolean all, String[] zones, Filter f, int afterId, int limit) {
        return db.preparedQuery(PAGE).execute(Tuple.tuple(Arrays.asList(afterId, limit, f.name(), f.type(), f.teamId(), f.zone(),
                        f.from(), f.to(), all, zones)))
                .map(rows -> {
                    List<Metric> metrics = new ArrayList<>();
                    rows.forEach(r -> metrics.add(metric(r)));
                    return metrics;
                });
    }

    /** One metric, if the caller reaches it ({@code all}, else its zones by name). */
    public Uni<Metric> find(boolean all, String[] zones, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM analytics WHERE id = $1 AND ($2 OR zone = ANY($3))")
                .execute(Tuple.of(id, all, zones)).map(rows -> rows.size() == 0 ? null : metric(rows.iterator().next()));
    }

    public Uni<Metric> insert(Metric m) {
        return db.preparedQuery(INSERT).execute(Tuple.tuple(Arrays.asList(m.name(), m.type(), m.value(), m.unit(), m.teamId(),
                        m.zone(), m.userId(), m.periodStart(), m.periodEnd(), m.metadata() == null ? null : m.metadata().encode(),
                        m.tags() == null ? null : m.tags().toArray(String[]::new), m.confidenceScore(), m.dataSource())))
                .map(rows -> metric(rows.iterator().next()));
    }

    private static Metric metric(Row r) {
        String metadata = r.getString(11);
        String[] tags = r.getArrayOfStrings(12);
        return new Metric(r.getInteger(0), r.getString(1), r.getString(2), r.getBigDecimal(3), r.getString(4), r.getInteger(5),
                r.getString(6), r.getInteger(7), r.getOffsetDateTime(8), r.getOffsetDateTime(9), r.getOffsetDateTime(10),
                metadata == null ? null : new JsonObject(metadata), tags == null ? null : List.of(tags), r.getBigDecimal(13),
                r.getString(14));
    }
}
