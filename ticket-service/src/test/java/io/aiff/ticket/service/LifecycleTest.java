package io.aiff.ticket.service;

import org.junit.jupiter.api.Test;

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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {

    /** The issues' table (reassignment: to assigned from every working state), written out independently. */
    private static final Map<TicketStatus, Set<TicketStatus>> EXPECTED = Map.of(
            OPEN, EnumSet.of(ASSIGNED, CANCELLED),
            ASSIGNED, EnumSet.of(ASSIGNED, IN_PROGRESS, ON_HOLD, OPEN, CANCELLED),
            IN_PROGRESS, EnumSet.of(ASSIGNED, ON_HOLD, PENDING, RESOLVED),
            ON_HOLD, EnumSet.of(ASSIGNED, IN_PROGRESS, CANCELLED),
            PENDING, EnumSet.of(ASSIGNED, IN_PROGRESS, RESOLVED, CANCELLED),
            RESOLVED, EnumSet.of(CLOSED, IN_PROGRESS),
            CLOSED, EnumSet.noneOf(TicketStatus.class),
            CANCELLED, EnumSet.noneOf(TicketStatus.class));

    @Test
    void everyMoveIsAllowedOrRefusedExactlyAsTheTableSays() {
        for (TicketStatus from : TicketStatus.values()) {
            for (TicketStatus to : TicketStatus.values()) {
                boolean expected = EXPECTED.get(from).contains(to);
                assertEquals(expected, Lifecycle.allows(from, to), from + " -> " + to);
            }
            assertEquals(EXPECTED.get(from), Lifecycle.allowedFrom(from), "allowed from " + from);
        }
    }

    @Test
    void eachMoveNamesItsPermission() {
        assertEquals(Lifecycle.ASSIGN, Lifecycle.permissionFor(ASSIGNED));
        assertEquals(Lifecycle.CLOSE, Lifecycle.permissionFor(CLOSED));
        assertEquals(Lifecycle.CANCEL, Lifecycle.permissionFor(CANCELLED));
        assertEquals(Lifecycle.TRANSITION, Lifecycle.permissionFor(IN_PROGRESS));
        assertEquals(Lifecycle.TRANSITION, Lifecycle.permissionFor(RESOLVED));
    }

    @Test
    void closedAndCancelledAreFinalAndWaitingPausesTheClock() {
        assertTrue(Lifecycle.isFinal(CLOSED) && Lifecycle.isFinal(CANCELLED));
        for (TicketStatus status : TicketStatus.values()) {
            assertEquals(status == ON_HOLD || status == PENDING, Lifecycle.pausesSla(status), status.value());
        }
        assertEquals("in_progress", IN_PROGRESS.value());
        assertEquals(ON_HOLD, TicketStatus.of("on_hold"));
    }
}
