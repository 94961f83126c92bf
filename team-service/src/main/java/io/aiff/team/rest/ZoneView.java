package io.aiff.team.rest;

import io.aiff.team.Zone;

import java.time.Instant;

public record ZoneView(int id, String name, String region, Integer population, int priorityLevel, Instant createdAt) {

    public static ZoneView of(Zone z) {
        return new ZoneView(z.id, z.name, z.region, z.population, z.priorityLevel, z.createdAt.toInstant());
    }
}
