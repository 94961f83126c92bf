package io.aiff.team;

import java.time.OffsetDateTime;
import java.util.List;

/** A zone (seed table {@code zones}): its centre, the polygon it covers, and how much it matters. */
public record Zone(int id, String name, String region, GeoPoint coordinates, List<GeoPoint> coverageArea,
                   Integer population, int priorityLevel, int version, OffsetDateTime createdAt,
                   OffsetDateTime updatedAt) {
}
