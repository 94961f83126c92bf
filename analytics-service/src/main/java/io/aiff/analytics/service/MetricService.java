package io.aiff.analytics.service;

import io.aiff.analytics.Metric;
import io.aiff.analytics.repository.MetricRepository;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.aiff.common.security.Resource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code analytics} metrics table: read by the visibility rule (analytics row — a metric's zone is the seed's
 * zone name, so a supervisor reads the metrics of its zones' names, and one without a zone only callers who see
 * everything), written by callers holding {@code analytics:write}, each row naming its writer as {@code data_source}.
 */
@ApplicationScoped
public class MetricService {

    /** The width of {@code data_source}. */
    static final int SOURCE_WIDTH = 50;

    private final MetricRepository metrics;

    public MetricService(MetricRepository metrics) {
        this.metrics = metrics;
    }

    public Uni<List<Metric>> page(Caller caller, MetricRepository.Filter filter, int afterId, int limit) {
        return metrics.page(readsAll(caller), zones(caller), filter, afterId, limit);
    }

    /** One metric; 404 when it does not exist or lies outside the caller's reach. */
    public Uni<Metric> get(Caller caller, int id) {
        return metrics.find(readsAll(caller), zones(caller), id).onItem().ifNull().failWith(() -> ProblemException.notFound("Metric"));
    }

    private static boolean readsAll(Caller caller) {
        return caller.reads(Resource.ANALYTICS.readPermission()) == Caller.Reach.ALL;
    }

    /** The zones, by name, whose metrics a caller who does not read every one reads (none for a caller without zones). */
    private static String[] zones(Caller caller) {
        return caller.reads(Resource.ANALYTICS.readPermission()) == Caller.Reach.ZONES
                ? caller.zoneNames().toArray(String[]::new) : new String[0];
    }

    /** Records a metric; its source is the caller ({@code client:reports}, {@code user:12}). */
    public Uni<Metric> record(Caller caller, Metric metric) {
        String source = caller.actor().length() > SOURCE_WIDTH ? caller.actor().substring(0, SOURCE_WIDTH) : caller.actor();
        return metrics.insert(new Metric(0, metric.name(), metric.type(), metric.value(), metric.unit(), metric.teamId(),
                metric.zone(), metric.userId(), null, metric.periodStart(), metric.periodEnd(), metric.metadata(), metric.tags(),
                metric.confidenceScore() == null ? BigDecimal.ONE : metric.confidenceScore(), source));
    }
}
