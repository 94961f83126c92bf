package io.aiff.ticket.rest;

import io.aiff.ticket.Ticket;

import java.time.Instant;
import java.time.OffsetDateTime;

/** A ticket as the API shows it. */
public record TicketView(
        int id,
        String ticketNumber,
        String title,
        String description,
        String priority,
        String category,
        String subcategory,
        String status,
        Integer assignedTeam,
        String assignedTo,
        String zone,
        String location,
        Instant createdAt,
        Instant updatedAt,
        Instant dueDate,
        Instant completedAt,
        Instant slaDeadline,
        boolean slaBreach) {

    public static TicketView of(Ticket t) {
        return new TicketView(t.id, t.ticketNumber, t.title, t.description, t.priority, t.category, t.subcategory,
                t.status, t.assignedTeam, t.assignedTo, t.zone, t.location, instant(t.createdAt), instant(t.updatedAt),
                instant(t.dueDate), instant(t.completedAt), instant(t.slaDeadline), t.slaBreach);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
