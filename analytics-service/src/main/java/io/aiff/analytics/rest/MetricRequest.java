package io.aiff.analytics.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A metric another service records ({@code data_source} is the caller, never given). */
@Schema(name = "MetricCreate")
public record MetricRequest(
        @NotBlank @Size(max = 100) String metricName,
        @NotNull @Pattern(regexp = "performance|efficiency|satisfaction", message = "must be one of performance, efficiency, satisfaction")
        @Schema(enumeration = {"performance", "efficiency", "satisfaction"}) String metricType,
        @NotNull @Digits(integer = 8, fraction = 2) BigDecimal metricValue,
        @Size(max = 20) String metricUnit,
        @Positive Integer teamId,
        @Size(max = 100) String zone,
        @Positive Integer userId,
        OffsetDateTime periodStart,
        OffsetDateTime periodEnd,
        Map<String, Object> metadata,
        @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
        @DecimalMin("0") @DecimalMax("1") @Digits(integer = 1, fraction = 2) BigDecimal confidenceScore) {
}
