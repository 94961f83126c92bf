package io.aiff.ticket.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Request bodies of the ticket endpoints (unknown fields are refused by the strict JSON reading). */
public final class TicketRequests {

    static final String PRIORITIES = "low|medium|high|critical";
    static final String CATEGORIES = "network|power|water|hardware|software|installation|maintenance|inspection|other";
    static final String STATUSES = "open|assigned|in_progress|on_hold|pending|resolved|closed|cancelled";
    /** {@code custom_fields} as stored JSON may not exceed this many bytes. */
    static final int CUSTOM_FIELDS_MAX_BYTES = 16 * 1024;

    private TicketRequests() {
    }

    @Schema(name = "GeoPoint", description = "A point: latitude and longitude in degrees")
    public record Point(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
                        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
    }

    /** Attachment metadata only: the file itself lives elsewhere. */
    @Schema(name = "TicketAttachment", description = "Metadata of a file kept elsewhere")
    public record Attachment(@NotBlank @Size(max = 255) String name, @NotBlank @Size(max = 100) String contentType,
                             @NotNull @PositiveOrZero @Max(10L * 1024 * 1024 * 1024) Long size,
                             @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lower-case hex digits") String sha256,
                             @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url) {
    }

    @Schema(name = "TicketCreate", description = "A new ticket: its zone by zone_id (or, for one release, by name as zone)")
    public record Create(
            @NotBlank @Size(max = 200) String title,
            @Size(max = 10_000) String description,
            @Pattern(regexp = PRIORITIES, message = "must be one of low, medium, high, critical") String priority,
            @Pattern(regexp = CATEGORIES, message = "must be one of network, power, water, hardware, software, installation, maintenance, inspection, other") String category,
            @Size(max = 50) String subcategory,
            @Positive Integer zoneId,
            @Size(min = 1, max = 100) String zone,
            @Size(max = 200) String location,
            @Valid Point coordinates,
            OffsetDateTime dueDate,
            @Size(max = 100) String customerName,
            @Size(max = 100) String customerContact,
            @Size(max = 20) List<@NotBlank @Size(max = 32) String> tags,
            @Size(max = 20) List<@NotNull @Valid Attachment> attachments,
            Map<String, Object> customFields,
            @Schema(description = "Dispatch it at once with the default policy (needs tickets:assign): the answer is the "
                    + "ticket assigned, or still open when no team qualifies (the decision says why)") Boolean autoAssign) {
    }

    /**
     * What a PATCH merges into: status, assignment and zone change only through their own paths. As a request body
     * it is a merge patch: every member optional (title and priority may not be cleared).
     */
    @Schema(name = "TicketPatch", description = "A JSON merge patch of a ticket (RFC 7396): members given are set, null clears")
    public record Patch(
            @Schema(required = false) @NotBlank @Size(max = 200) String title,
            @Schema(nullable = true) @Size(max = 10_000) String description,
            @Schema(required = false) @NotNull @Pattern(regexp = PRIORITIES, message = "must be one of low, medium, high, critical") String priority,
            @Schema(nullable = true) @Pattern(regexp = CATEGORIES, message = "must be one of network, power, water, hardware, software, installation, maintenance, inspection, other") String category,
            @Schema(nullable = true) @Size(max = 50) String subcategory,
            @Schema(nullable = true) @Size(max = 200) String location,
            @Schema(nullable = true) @Valid Point coordinates,
            @Schema(nullable = true) OffsetDateTime dueDate,
            @Schema(nullable = true) @Size(max = 100) String customerName,
            @Schema(nullable = true) @Size(max = 20) List<@NotBlank @Size(max = 32) String> tags,
            @Schema(nullable = true) @Size(max = 20) List<@NotNull @Valid Attachment> attachments,
            @Schema(nullable = true) Map<String, Object> customFields) {
    }

    @Schema(name = "TicketRating")
    public record Rating(@NotNull @Min(1) @Max(5) Integer rating) {
    }

    @Schema(name = "TicketTransition", description = "A move through the lifecycle; to assigned names assigned_team")
    public record Transition(
            @NotNull @Pattern(regexp = STATUSES, message = "must be a ticket status") String to,
            @Size(max = 500) String reason,
            @Positive Integer assignedTeam,
            @Schema(description = "The member of the team who does the work (a user id)") @Positive Integer assignedTo,
            @Schema(description = "When it happened on the device, for work done offline: at most 2 minutes ahead, 24 "
                    + "hours back, not before the ticket's previous status change")
            OffsetDateTime occurredAt) {
    }

    @Schema(name = "LegalHold", description = "Why the ticket is held (a case, a claim): kept out of retention until released")
    public record Hold(@NotBlank @Size(max = 500) String reason) {
    }
}
