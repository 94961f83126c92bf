package io.aiff.ticket.rest;

import io.aiff.ticket.Ticket;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A ticket as the API shows it: {@code zone_id} is its zone, {@code zone} that zone's name as shown. */
public record TicketView(
        int id, String ticketNumber, String title, String description, String priority, String category,
        String subcategory, String status, Integer assignedTeam, Integer assignedTo, Integer zoneId, String zone, String location,
        TicketRequests.Point coordinates, Instant createdAt, Instant updatedAt, Instant dueDate, Instant completedAt,
        Instant slaDeadline, Instant slaAtRiskAt, boolean slaBreach, String customerName, String customerContact,
        Integer customerRating,
        List<String> tags, List<Object> attachments, Map<String, Object> customFields,
        @Schema(description = "On legal hold: retention never archives it while held") boolean legalHold,
        @Schema(description = "Archived by retention (closed or cancelled longer than the retention period): read-only")
        boolean archived) {

    /** With the contact masked. */
    public static TicketView of(Ticket t) {
        return of(t, t.customerContactMasked());
    }

    /** With the contact as given (decrypted for callers holding tickets:read_contact). */
    public static TicketView of(Ticket t, String customerContact) {
        return new TicketView(t.id(), t.ticketNumber(), t.title(), t.description(), t.priority(), t.category(),
                t.subcategory(), t.status(), t.assignedTeam(), userId(t.assignedTo()), t.zoneId(), t.zone(), t.location(),
                t.lat() == null ? null : new TicketRequests.Point(t.lat(), t.lon()), instant(t.createdAt()),
                instant(t.updatedAt()), instant(t.dueDate()), instant(t.completedAt()), instant(t.slaDeadline()),
                instant(t.slaAtRiskAt()), t.slaBreach(), t.customerName(), customerContact, t.customerRating(), t.tags(),
                t.attachments() == null ? null : t.attachments().getList(),
                t.customFields() == null ? null : t.customFields().getMap(), t.legalHold(), t.archived());
    }

    /** The assignee as stored (text: the previous release took any text); a user id, else none. */
    static Integer userId(String assignedTo) {
        return assignedTo != null && assignedTo.matches("[1-9][0-9]{0,8}") ? Integer.valueOf(assignedTo) : null;
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
