package io.aiff.team.rest;

import io.aiff.team.GeoPoint;
import io.aiff.team.Zone;

import java.time.Instant;
import java.util.List;

/** A zone; {@code version} is what its ETag says (readers that keep a copy order by it). */
public record ZoneView(int id, String name, String region, GeoPoint coordinates, List<GeoPoint> coverageArea,
                       Integer population, int priorityLevel, int version, Instant createdAt, Instant updatedAt) {

    public static ZoneView of(Zone z) {
        return new ZoneView(z.id(), z.name(), z.region(), z.coordinates(), z.coverageArea(), z.population(),
                z.priorityLevel(), z.version(), z.createdAt().toInstant(), z.updatedAt().toInstant());
    }
}
