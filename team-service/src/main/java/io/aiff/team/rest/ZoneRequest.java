package io.aiff.team.rest;

import io.aiff.team.GeoPoint;
import io.aiff.team.Zone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A zone as clients write it (POST, and what a PATCH merges into). */
public record ZoneRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 100) String region,
        @NotNull @Valid GeoPoint coordinates,
        @NotNull @Size(min = 3, max = 1001) List<@NotNull @Valid GeoPoint> coverageArea,
        @PositiveOrZero Integer population,
        @Min(1) @Max(10) Integer priorityLevel) {

    static ZoneRequest of(Zone zone) {
        return new ZoneRequest(zone.name(), zone.region(), zone.coordinates(), zone.coverageArea(), zone.population(),
                zone.priorityLevel());
    }
}
