package io.aiff.ticket.service;

import io.aiff.ticket.service.SlaClock.StatusChange;
import io.aiff.ticket.service.SlaClock.TargetChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.aiff.ticket.service.TicketStatus.ASSIGNED;
import static io.aiff.ticket.service.TicketStatus.IN_PROGRESS;
import static io.aiff.ticket.service.TicketStatus.ON_HOLD;
import static io.aiff.ticket.service.TicketStatus.PENDING;
import static io.aiff.ticket.service.TicketStatus.RESOLVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SLA clock with an explicit "now" (the injected clock of the service). */
class SlaClockTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final TargetChange HIGH = new TargetChange(T0, Duration.ofMinutes(240), Duration.ofMinutes(1440));

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void runningClockCountsFromCreation() {
        var sla = SlaClock.at(at(100), T0, List.of(new StatusChange(at(30), ASSIGNED)), List.of(HIGH));
        assertEquals(Duration.ofMinutes(100), sla.elapsed());
        assertEquals(Duration.ofMinutes(1340), sla.remaining());
        assertEquals(at(1440), sla.deadline());
        assertEquals(at(1440 - 288), sla.atRiskAt());
        assertEquals(at(30), sla.respondedAt());
        assertFalse(sla.responseBreached());
        assertFalse(sla.resolutionBreached());
    }

    @Test
    void pausesMoveTheDeadlineByThePausedTime() {
        List<StatusChange> history = List.of(new StatusChange(at(10), ASSIGNED), new StatusChange(at(20), IN_PROGRESS),
                new StatusChange(at(60), ON_HOLD), new StatusChange(at(180), IN_PROGRESS),
                new StatusChange(at(200), PENDING), new StatusChange(at(230), IN_PROGRESS));
        var sla = SlaClock.at(at(300), T0, history, List.of(HIGH));
        assertEquals(Duration.ofMinutes(150), sla.paused());
        assertEquals(Duration.ofMinutes(150), sla.elapsed());
        assertEquals(at(1440 + 150), sla.deadline());
        assertTrue(sla.running());

        var whilePaused = SlaClock.at(at(190), T0, history.subList(0, 3), List.of(HIGH));
        assertFalse(whilePaused.running());
        assertEquals(Duration.ofMinutes(60), whilePaused.elapsed(), "frozen at the pause");
        assertEquals(Duration.ofMinutes(130), whilePaused.paused());
        assertEquals(at(190).plus(Duration.ofMinutes(1380)), whilePaused.deadline(), "moves with now while paused");
    }

    @Test
    void priorityChangeKeepsElapsedTimeAndPauses() {
        List<StatusChange> history = List.of(new StatusChange(at(10), ASSIGNED), new StatusChange(at(20), ON_HOLD),
                new StatusChange(at(80), IN_PROGRESS));
        TargetChange critical = new TargetChange(at(100), Duration.ofMinutes(60), Duration.ofMinutes(240));
        var sla = SlaClock.at(at(120), T0, history, List.of(HIGH, critical));
        assertEquals(Duration.ofMinutes(240), sla.target());
        assertEquals(Duration.ofMinutes(60), sla.elapsed(), "20 before the pause, 40 after it");
        assertEquals(Duration.ofMinutes(60), sla.paused());
        assertEquals(at(120 + 180), sla.deadline(), "created + 240 + 60 paused");
    }

    @Test
    void breachesOfResponseAndResolution() {
        var late = SlaClock.at(at(1500), T0, List.of(new StatusChange(at(300), ASSIGNED)), List.of(HIGH));
        assertTrue(late.responseBreached(), "left open after 300 of 240 minutes");
        assertTrue(late.resolutionBreached());
        var stillOpen = SlaClock.at(at(241), T0, List.of(), List.of(HIGH));
        assertTrue(stillOpen.responseBreached());
        var resolvedInTime = SlaClock.at(at(5000), T0, List.of(new StatusChange(at(10), ASSIGNED),
                new StatusChange(at(20), IN_PROGRESS), new StatusChange(at(600), RESOLVED)), List.of(HIGH));
        assertFalse(resolvedInTime.resolutionBreached(), "the clock stopped at resolution");
        assertEquals(Duration.ofMinutes(600), resolvedInTime.elapsed());
        assertFalse(resolvedInTime.running());
    }
}
