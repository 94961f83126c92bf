package io.aiff.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A ticket (seed table {@code tickets}) as the service reads it: {@code zoneId} is its zone (the identity), {@code zone}
 * the zone's name as shown. The customer contact stays out of this record (only its masked form is here).
 * {@code archivedAt} is set for a ticket read from the archive (docs/api.md "Data lifecycle").
 */
public record Ticket(int id, String ticketNumber, String title, String description, String priority, String category,
                     String subcategory, String status, Integer assignedTeam, String assignedTo, Integer assignedBy,
                     Integer zoneId, String zone, String location, Double lat, Double lon, OffsetDateTime createdAt,
                     OffsetDateTime updatedAt, OffsetDateTime dueDate, OffsetDateTime completedAt,
                     OffsetDateTime slaDeadline, OffsetDateTime slaAtRiskAt, boolean slaBreach,
                     OffsetDateTime respondedAt, String customerName, String customerContactMasked,
                     Integer customerRating, List<String> tags,
                     JsonArray attachments, JsonObject customFields, int version, boolean legalHold,
                     OffsetDateTime archivedAt) {

    /** Whether retention moved it to the archive (read-only from then on). */
    public boolean archived() {
        return archivedAt != null;
    }
}
