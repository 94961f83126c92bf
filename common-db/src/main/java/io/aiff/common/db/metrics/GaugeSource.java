package io.aiff.common.db.metrics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import java.util.Map;

/**
 * Figures of a service's own tables that {@link DatabaseMetrics} publishes beside the common ones: metric name (in
 * Micrometer's dotted form) to value, read with the service's pool (in its system scope where row-level security
 * applies). Read on the metrics tick, never on a scrape.
 */
public interface GaugeSource {

    Uni<Map<String, Double>> read(Pool db);
}
