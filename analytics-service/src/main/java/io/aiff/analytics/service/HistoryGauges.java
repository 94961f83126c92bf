package io.aiff.analytics.service;

import io.aiff.common.db.metrics.GaugeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/** The daily history's age (the materialized view refreshed once a day): {@code aiff.analytics.daily.history.age.seconds}. */
@ApplicationScoped
public class HistoryGauges implements GaugeSource {

    @Override
    public Uni<Map<String, Double>> read(Pool db) {
        return db.query("SELECT extract(epoch FROM now() - history.refreshed_at())::float8").execute().map(rows -> {
            Double age = rows.iterator().next().getDouble(0);
            return Map.of("aiff.analytics.daily.history.age.seconds", age == null ? Double.NaN : age);
        });
    }
}
