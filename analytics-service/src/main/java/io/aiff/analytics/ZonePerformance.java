package io.aiff.analytics;

import java.math.BigDecimal;

/**
 * A zone's numbers over a period, the seed's {@code zone_performance_summary} first; the backlog is as it stands now
 * (its age in days, paused time excluded). Definitions: {@code analytics-service/README.md}.
 */
public record ZonePerformance(int zoneId, String zone, long totalTeams, long activeTeams, long totalTickets,
                              long openTickets, long closedTickets, long resolvedTickets, BigDecimal avgResponseTime,
                              BigDecimal avgResolutionTime, BigDecimal avgCustomerRating, BigDecimal responseSlaCompliance,
                              BigDecimal resolutionSlaCompliance, BigDecimal firstTimeFixRate, BigDecimal reopenRate,
                              BigDecimal csatSatisfiedShare, Backlog backlog) {

    /** Tickets not yet resolved by age: under a day, one to three, three to seven, over seven days. */
    public record Backlog(long count, long underOneDay, long oneToThreeDays, long threeToSevenDays, long overSevenDays) {
    }
}
