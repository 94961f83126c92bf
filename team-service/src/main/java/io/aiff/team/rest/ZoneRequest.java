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
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A zone as clients write it (POST, and what a PATCH merges into). */
@Schema(name = "ZoneCreate")
public record ZoneRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 100) String region,
        @NotNull @Valid GeoPoint coordinates,
        @NotNull @Size(min = 3, max = 1001) List<@NotNull @Valid GeoPoint> coverageArea,
        @PositiveOrZero Integer population,
        @Min(1) @Max(10) Integer priorityLevel) {

    /** A PATCH body as documented: a merge patch of these members (the merged zone is then checked as above). */
    @Schema(name = "ZonePatch", description = "A JSON merge patch of a zone (RFC 7396)")
    public record Patch(@Schema(maxLength = 100) String name, @Schema(maxLength = 100) String region, GeoPoint coordinates,
                        @Schema(minItems = 3, maxItems = 1001) List<GeoPoint> coverageArea,
                        @Schema(minimum = "0", nullable = true) Integer population,
                        @Schema(minimum = "1", maximum = "10", nullable = true) Integer priorityLevel) {
    }

    static ZoneRequest of(Zone zone) {
        return new ZoneRequest(zone.name(), zone.region(), zone.coordinates(), zone.coverageArea(), zone.population(),
                zone.priorityLevel());
    }
}
