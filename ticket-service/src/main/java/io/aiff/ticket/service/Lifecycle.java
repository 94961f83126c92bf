package io.aiff.ticket.service;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.aiff.ticket.service.TicketStatus.ASSIGNED;
import static io.aiff.ticket.service.TicketStatus.CANCELLED;
import static io.aiff.ticket.service.TicketStatus.CLOSED;
import static io.aiff.ticket.service.TicketStatus.IN_PROGRESS;
import static io.aiff.ticket.service.TicketStatus.ON_HOLD;
import static io.aiff.ticket.service.TicketStatus.OPEN;
import static io.aiff.ticket.service.TicketStatus.PENDING;
import static io.aiff.ticket.service.TicketStatus.RESOLVED;

/**
 * The ticket lifecycle as one declarative table: every status change goes through it
 * ({@code TicketService.transition}). Each move names the permission it needs: moving to {@code assigned} needs tickets:assign, to {@code closed}
 * tickets:close, to {@code cancelled} tickets:cancel, anything else tickets:transition.
 */
public final class Lifecycle {

    public static final String TRANSITION = "tickets:transition";
    public static final String ASSIGN = "tickets:assign";
    public static final String CLOSE = "tickets:close";
    public static final String CANCEL = "tickets:cancel";

    private static final Map<TicketStatus, Set<TicketStatus>> ALLOWED = new EnumMap<>(TicketStatus.class);

    static {
        allow(OPEN, ASSIGNED, CANCELLED);
        // To assigned again from any working state: a reassignment (the current assignment ends as reassigned).
        allow(ASSIGNED, ASSIGNED, IN_PROGRESS, ON_HOLD, OPEN, CANCELLED);
        allow(IN_PROGRESS, ASSIGNED, ON_HOLD, PENDING, RESOLVED);
        allow(ON_HOLD, ASSIGNED, IN_PROGRESS, CANCELLED);
        allow(PENDING, ASSIGNED, IN_PROGRESS, RESOLVED, CANCELLED);
        allow(RESOLVED, CLOSED, IN_PROGRESS);
        allow(CLOSED);
        allow(CANCELLED);
    }

    private Lifecycle() {
    }

    private static void allow(TicketStatus from, TicketStatus... to) {
        Set<TicketStatus> targets = EnumSet.noneOf(TicketStatus.class);
        Collections.addAll(targets, to);
        ALLOWED.put(from, Collections.unmodifiableSet(targets));
    }

    /** The states reachable from {@code from} (what a refused move answers as {@code allowed}). */
    public static Set<TicketStatus> allowedFrom(TicketStatus from) {
        return ALLOWED.get(from);
    }

    /** Whether the table has the move. */
    public static boolean allows(TicketStatus from, TicketStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The permission a move to {@code to} needs, whatever the state it starts from. */
    public static String permissionFor(TicketStatus to) {
        return switch (to) {
            case ASSIGNED -> ASSIGN;
            case CLOSED -> CLOSE;
            case CANCELLED -> CANCEL;
            default -> TRANSITION;
        };
    }

    public static boolean isFinal(TicketStatus status) {
        return ALLOWED.get(status).isEmpty();
    }

    /** The SLA clock does not run while the ticket waits on someone else. */
    public static boolean pausesSla(TicketStatus status) {
        return status == ON_HOLD || status == PENDING;
    }

    /** Done (for now): no resolution time accrues; a reopened ticket's clock runs again. */
    public static boolean stopsSla(TicketStatus status) {
        return status == RESOLVED || status == CLOSED || status == CANCELLED;
    }
}
