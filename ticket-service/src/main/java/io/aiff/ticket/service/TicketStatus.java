package io.aiff.ticket.service;

import java.util.Locale;

/** The seed's {@code ticket_status}; {@link #value()} is the lower-case name the API and the database use. */
public enum TicketStatus {
    OPEN, ASSIGNED, IN_PROGRESS, ON_HOLD, PENDING, RESOLVED, CLOSED, CANCELLED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of an API or database value; null when there is none. */
    public static TicketStatus of(String value) {
        if (value == null) {
            return null;
        }
        for (TicketStatus status : values()) {
            if (status.value().equals(value)) {
                return status;
            }
        }
        return null;
    }
}
