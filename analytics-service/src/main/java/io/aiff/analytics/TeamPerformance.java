package io.aiff.analytics;

import java.math.BigDecimal;

/**
 * A team's numbers over a period (definitions: {@code analytics-service/README.md}); a rate or mean is null when
 * nothing in the period counts towards it. The seed's {@code team_performance_summary} fields come first.
 */
public record TeamPerformance(int teamId, long ticketsCompleted, BigDecimal customerRating, BigDecimal responseTime,
                              BigDecimal completionRate, BigDecimal efficiency, long activeAssignments,
                              BigDecimal avgTimeSpent, BigDecimal avgQualityScore, BigDecimal meanTimeToResolve,
                              BigDecimal responseSlaCompliance, BigDecimal resolutionSlaCompliance,
                              BigDecimal firstTimeFixRate, BigDecimal reopenRate, BigDecimal csatSatisfiedShare,
                              long assignments, long assignmentsCompleted) {
}
