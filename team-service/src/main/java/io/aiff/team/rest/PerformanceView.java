package io.aiff.team.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.aiff.team.Team;

import java.math.BigDecimal;

/**
 * The seed's {@code team_performance_summary}. {@code active_assignments}, {@code avg_time_spent} and
 * {@code avg_quality_score} come from ticket-service's assignments and stay null until its events feed them.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class) // also as cached in Redis (Vert.x JSON)
public record PerformanceView(int id, String name, String zone, int ticketsCompleted, BigDecimal customerRating,
                              int responseTime, BigDecimal completionRate, BigDecimal efficiency, String status,
                              Integer activeAssignments, BigDecimal avgTimeSpent, BigDecimal avgQualityScore) {

    public static PerformanceView of(Team t) {
        return new PerformanceView(t.id(), t.name(), t.zone(), t.ticketsCompleted(), t.customerRating(),
                t.responseTime(), t.completionRate(), t.efficiency(), t.status(), null, null, null);
    }
}
