package io.aiff.team;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A field team (seed table {@code teams}); {@code zone} is the name of its primary zone. */
public record Team(int id, String name, String zone, String description, boolean active, int ticketsCompleted,
                   BigDecimal customerRating, int responseTime, BigDecimal completionRate, BigDecimal efficiency,
                   String status, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
