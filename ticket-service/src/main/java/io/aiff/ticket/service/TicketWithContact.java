package io.aiff.ticket.service;

import io.aiff.ticket.Ticket;

/** A ticket and its customer contact decrypted, or null when the caller may not see it (it then sees the mask). */
public record TicketWithContact(Ticket ticket, String contact) {
}
