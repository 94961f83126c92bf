package io.aiff.analytics;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** One recorded measurement (seed table {@code analytics}). */
public record Metric(int id, String name, String type, BigDecimal value, String unit, Integer teamId, String zone,
                     Integer userId, OffsetDateTime dateRecorded, OffsetDateTime periodStart, OffsetDateTime periodEnd,
                     JsonObject metadata, List<String> tags, BigDecimal confidenceScore, String dataSource) {

    public static final List<String> TYPES = List.of("performance", "efficiency", "satisfaction");
}
