package io.aiff.team;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A point as docs/api.md writes it: {@code {"lat": 3.139, "lon": 101.687}}. In PostgreSQL x = lon, y = lat. */
@Schema(name = "GeoPoint", description = "A point: latitude and longitude in degrees")
public record GeoPoint(
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
}
