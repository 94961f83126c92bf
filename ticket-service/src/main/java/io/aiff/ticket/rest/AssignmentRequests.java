package io.aiff.ticket.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Request bodies of the assignment endpoints (unknown fields are refused by the strict JSON reading). */
public final class AssignmentRequests {

    private AssignmentRequests() {
    }

    @Schema(name = "AssignmentCreate", description = "A manual assignment: the ticket moves to assigned (from open, or a "
            + "reassignment from assigned, in progress, on hold or pending)")
    public record Create(
            @NotNull @Positive Integer ticketId,
            @NotNull @Positive Integer teamId,
            @Schema(description = "The member of the team who does the work (a user id)") @Positive Integer assignedTo,
            @Size(max = 10_000) String notes,
            OffsetDateTime estimatedCompletion,
            @Schema(description = "Assign past the team rules (zone served, status, capacity) — needs "
                    + "assignments:override; recorded") @Size(max = 500) String overrideReason,
            @Schema(description = "The ticket version the assignment was decided on (412 when it moved on)") @Positive Integer expectedVersion,
            @Schema(description = "Why (a reassignment: recorded as the ending assignment's reason)") @Size(max = 500) String reason) {
    }

    @Schema(name = "AssignmentPatch", description = "A JSON merge patch of an assignment (RFC 7396): members given are set, "
            + "null clears; a time_spent given is the team's own report, kept over the one counted at completion")
    public record Patch(
            @Schema(nullable = true) @Size(max = 10_000) String notes,
            @Schema(nullable = true) OffsetDateTime estimatedCompletion,
            @Schema(nullable = true, description = "Minutes") @PositiveOrZero @Max(1_000_000) Integer timeSpent,
            @Schema(nullable = true) @DecimalMin("0") @DecimalMax("5") @Digits(integer = 1, fraction = 2) BigDecimal qualityScore,
            @Schema(nullable = true) Map<String, Object> feedback) {
    }

    @Schema(name = "AssignmentDecline", description = "Why the team declines (the ticket goes back to open)")
    public record Decline(@NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "BulkAssignmentItem")
    public record BulkItem(@NotNull @Positive Integer ticketId, @NotNull @Positive Integer teamId, @Positive Integer assignedTo,
                           @Schema(description = "The ticket version it was decided on") @Positive Integer expectedVersion) {
    }

    @Schema(name = "BulkAssignment", description = "Up to 500 assignments (413 beyond). atomic: all or nothing (default: "
            + "each item on its own); dry_run: the same answer, nothing changed")
    public record Bulk(@NotNull List<@NotNull @Valid BulkItem> items, Boolean atomic, Boolean dryRun) {
    }
}
