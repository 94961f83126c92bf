package io.aiff.team.rest;

import io.aiff.team.GeoPoint;
import io.aiff.team.Zone;

import java.time.Instant;
import java.util.List;

public record ZoneView(int id, String name, String region, GeoPoint coordinates, List<GeoPoint> coverageArea,
                       Integer population, int priorityLevel, Instant createdAt, Instant updatedAt) {

    public static ZoneView of(Zone z) {
        return new ZoneView(z.id(), z.name(), z.region(), z.coordinates(), z.coverageArea(), z.population(),
                z.priorityLevel(), z.createdAt().toInstant(), z.updatedAt().toInstant());
    }
}
