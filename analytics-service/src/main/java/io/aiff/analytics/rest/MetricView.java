package io.aiff.analytics.rest;

import io.aiff.analytics.Metric;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A metric as the API shows it, with the seed's column names. */
public record MetricView(
        int id,
        String metricName,
        String metricType,
        BigDecimal metricValue,
        String metricUnit,
        Integer teamId,
        String zone,
        Integer userId,
        Instant dateRecorded,
        Instant periodStart,
        Instant periodEnd,
        Map<String, Object> metadata,
        List<String> tags,
        BigDecimal confidenceScore,
        String dataSource) {

    public static MetricView of(Metric m) {
        return new MetricView(m.id(), m.name(), m.type(), m.value(), m.unit(), m.teamId(), m.zone(), m.userId(),
                instant(m.dateRecorded()), instant(m.periodStart()), instant(m.periodEnd()),
                m.metadata() == null ? null : m.metadata().getMap(), m.tags(), m.confidenceScore(), m.dataSource());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
