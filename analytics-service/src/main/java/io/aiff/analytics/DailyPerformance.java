package io.aiff.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One zone's numbers for one day, ISO week or month (its first day) — the seed's {@code daily_performance_metrics}. */
public record DailyPerformance(LocalDate period, int zoneId, String zone, long ticketsCreated, long ticketsResolved,
                               long ticketsClosed, BigDecimal avgResolutionTime, BigDecimal resolutionSlaCompliance) {
}
