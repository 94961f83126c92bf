package io.aiff.analytics.service;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facts of a ticket, each number worked out by hand from the timeline written next to it. */
class TicketFactsTest {

    private static final String DAY = "2026-11-02T";

    /** An envelope as ticket-service writes it. */
    static TicketFacts.Event event(String type, int version, String time, Integer team, JsonObject data) {
        JsonObject d = data.copy().put("version", version).put("priority", data.getString("priority", "medium"))
                .put("category", "maintenance");
        if (type.equals("ticket.status_changed")) {
            d.put("occurred_at", DAY + time + ":00Z");
        }
        return TicketFacts.Event.of(new JsonObject().put("id", type + version).put("type", type).put("source", "ticket-service")
                .put("aggregate_id", "1").put("occurred_at", DAY + time + ":00Z").put("zone_id", 3).put("zone", "Klang")
                .put("team_id", team).put("data", d));
    }

    static TicketFacts.Event move(int version, String time, String from, String to, Integer team, JsonObject sla) {
        return event("ticket.status_changed", version, time, team, new JsonObject().put("from", from).put("to", to)
                .put("sla", sla == null ? new JsonObject() : sla).put("assignment_id", team == null ? null : 100 + version));
    }

    static JsonObject response(boolean breached) {
        return new JsonObject().put("response_breached", breached).put("resolution_breached", false);
    }

    static JsonObject resolution(boolean breached) {
        return new JsonObject().put("response_breached", false).put("resolution_breached", breached);
    }

    /**
     * 09:00 created; 09:10 assigned (answered within target); 09:30 in progress; 10:00–11:00 on hold; 12:00 resolved;
     * 13:00 reopened; 13:30–14:00 pending; 15:00 resolved again, late.
     */
    static List<TicketFacts.Event> reopenedWithPauses() {
        return List.of(
                event("ticket.created", 1, "09:00", null, new JsonObject()),
                move(2, "09:10", "open", "assigned", 7, response(false)),
                move(3, "09:30", "assigned", "in_progress", 7, null),
                move(4, "10:00", "in_progress", "on_hold", 7, null),
                move(5, "11:00", "on_hold", "in_progress", 7, null),
                move(6, "12:00", "in_progress", "resolved", 7, resolution(false)),
                move(7, "13:00", "resolved", "in_progress", 7, null),
                move(8, "13:30", "in_progress", "pending", 7, null),
                move(9, "14:00", "pending", "in_progress", 7, null),
                move(10, "15:00", "in_progress", "resolved", 7, resolution(true)));
    }

    @Test
    void pausesAreExcludedAndAReopenCountsWithTheLastResolution() {
        TicketFacts f = TicketFacts.of(1, reopenedWithPauses());
        assertEquals("resolved", f.status());
        assertEquals(Instant.parse(DAY + "15:00:00Z"), f.resolvedAt());
        // 60 min on hold + 30 min pending, both before the last resolution.
        assertEquals(90 * 60, f.pausedSeconds());
        // 09:00 → 15:00 is 360 min, less 90 paused.
        assertEquals(270L, f.resolutionMinutes());
        assertEquals(10L, f.responseMinutes());
        assertEquals(1, f.reopenCount());
        assertEquals(0, f.reassignmentCount());
        assertFalse(f.fixedFirstTime());
        assertTrue(f.responseMet());
        assertFalse(f.resolutionMet(), "the verdict of the last resolution");
        assertEquals(7, f.teamId());
        assertEquals(110, f.assignmentId());
    }

    @Test
    void lateAndRepeatedEventsGiveTheSameFacts() {
        TicketFacts inOrder = TicketFacts.of(1, reopenedWithPauses());
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            List<TicketFacts.Event> shuffled = new ArrayList<>(reopenedWithPauses());
            shuffled.addAll(reopenedWithPauses().subList(0, random.nextInt(10)));
            Collections.shuffle(shuffled, random);
            assertEquals(inOrder, TicketFacts.of(1, shuffled));
        }
        // Until the late resolution arrives, the ticket is in progress after its reopen: not resolved, 60 min paused.
        TicketFacts before = TicketFacts.of(1, reopenedWithPauses().subList(0, 9));
        assertEquals("in_progress", before.status());
        assertNull(before.resolvedAt());
        assertNull(before.resolutionMet());
        assertEquals(90 * 60, before.pausedSeconds());
    }

    /**
     * 08:00 created low; 08:05 raised to high; 08:20 assigned to team 7 (answered late); 08:40 reassigned to team 9;
     * 09:00 in progress; 10:00 resolved by team 9 within target; 10:30 closed; rated 5.
     */
    @Test
    void aPriorityChangeAndAReassignmentAreCountedAndTheResolvingTeamHoldsTheResolution() {
        List<TicketFacts.Event> events = List.of(
                event("ticket.created", 1, "08:00", null, new JsonObject().put("priority", "low")),
                event("ticket.updated", 2, "08:05", null, new JsonObject().put("priority", "high").put("previous_priority", "low")),
                move(3, "08:20", "open", "assigned", 7, response(true).put("priority", "high")),
                move(4, "08:40", "assigned", "assigned", 9, null),
                move(5, "09:00", "assigned", "in_progress", 9, null),
                move(6, "10:00", "in_progress", "resolved", 9, resolution(false)),
                move(7, "10:30", "resolved", "closed", 9, null),
                event("ticket.rated", 8, "11:00", 9, new JsonObject().put("rating", 5)));
        TicketFacts f = TicketFacts.of(1, events);
        assertEquals("closed", f.status());
        assertEquals(9, f.teamId());
        assertEquals(1, f.reassignmentCount());
        assertEquals(20L, f.responseMinutes());
        assertFalse(f.responseMet());
        assertEquals(120L, f.resolutionMinutes(), "08:00 → 10:00, no pause");
        assertTrue(f.resolutionMet());
        assertFalse(f.fixedFirstTime(), "reassigned");
        assertEquals(Instant.parse(DAY + "10:30:00Z"), f.closedAt());
        assertEquals(5, f.rating());
    }

    /** 08:00 created; 08:30 on hold, still: the pause runs from 08:30 and is counted at read time. */
    @Test
    void aRunningPauseIsKeptOpenAndNothingIsResolved() {
        TicketFacts f = TicketFacts.of(1, List.of(event("ticket.created", 1, "08:00", null, new JsonObject()),
                move(2, "08:10", "open", "assigned", 7, response(false)),
                move(3, "08:20", "assigned", "in_progress", 7, null),
                move(4, "08:30", "in_progress", "on_hold", 7, null)));
        assertEquals("on_hold", f.status());
        assertEquals(0, f.pausedSeconds());
        assertEquals(Instant.parse(DAY + "08:30:00Z"), f.pausedSince());
        assertNull(f.resolutionMinutes());
        assertFalse(f.fixedFirstTime());
    }

    @Test
    void withoutItsCreationATicketHasNoDurationsButKeepsItsCounts() {
        TicketFacts f = TicketFacts.of(1, reopenedWithPauses().subList(1, 10));
        assertNull(f.createdAt());
        assertNull(f.resolutionMinutes());
        assertNull(f.responseMinutes());
        assertEquals(1, f.reopenCount());
        assertNull(TicketFacts.of(1, List.of()));
    }

    /** 08:00 created; 08:10 assigned to team 7, which hands it back at 08:20; 08:30 assigned to team 9; 09:30 resolved. */
    @Test
    void aHandBackFollowedByANewAssignmentIsNotAFirstTimeFix() {
        TicketFacts f = TicketFacts.of(1, List.of(event("ticket.created", 1, "08:00", null, new JsonObject()),
                move(2, "08:10", "open", "assigned", 7, response(false)),
                move(3, "08:20", "assigned", "open", null, null),
                move(4, "08:30", "open", "assigned", 9, null),
                move(5, "08:40", "assigned", "in_progress", 9, null),
                move(6, "09:30", "in_progress", "resolved", 9, resolution(false))));
        assertEquals(1, f.reassignmentCount());
        assertFalse(f.fixedFirstTime());
        assertEquals(10L, f.responseMinutes(), "the first answer, not the second assignment");
        assertEquals(9, f.teamId());
    }

    /** 08:00 created; cancelled as a duplicate at 11:00: never answered, so no response time. */
    @Test
    void cancellingAnOpenTicketIsNotAnAnswer() {
        TicketFacts f = TicketFacts.of(1, List.of(event("ticket.created", 1, "08:00", null, new JsonObject()),
                move(2, "11:00", "open", "cancelled", null, null)));
        assertEquals("cancelled", f.status());
        assertNull(f.firstResponseAt());
        assertNull(f.responseMinutes());
    }

    /** The same move told by its live event (nanoseconds) and by the export (microseconds, from PostgreSQL) counts once. */
    @Test
    void theSameMoveToldWithNanosecondsAndWithMicrosecondsCountsOnce() {
        JsonObject sla = resolution(false);
        TicketFacts.Event live = TicketFacts.Event.of(new JsonObject().put("id", "live").put("type", "ticket.status_changed")
                .put("occurred_at", DAY + "12:00:00.123456789Z").put("zone_id", 3).put("team_id", 7)
                .put("data", new JsonObject().put("from", "resolved").put("to", "in_progress").put("occurred_at", DAY + "12:00:00.123456789Z")
                        .put("sla", sla).put("version", 5)));
        TicketFacts.Event exported = TicketFacts.Event.of(new JsonObject().put("id", "export").put("type", "ticket.status_changed")
                .put("occurred_at", DAY + "12:00:00.123456Z").put("zone_id", 3).put("team_id", 7)
                .put("data", new JsonObject().put("from", "resolved").put("to", "in_progress").put("occurred_at", DAY + "12:00:00.123456Z")
                        .put("sla", sla).put("version", 3)));
        assertEquals(live.key(), exported.key());
        List<TicketFacts.Event> both = new ArrayList<>(reopenedWithPauses().subList(0, 6));
        both.add(live);
        both.add(exported);
        assertEquals(1, TicketFacts.of(1, both).reopenCount());
    }
}
