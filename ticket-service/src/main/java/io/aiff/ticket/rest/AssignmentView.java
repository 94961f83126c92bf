package io.aiff.ticket.rest;

import io.aiff.ticket.Assignment;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An assignment as the API shows it: {@code assigned_by} is who assigned it (user:&lt;id&gt;, client:&lt;id&gt; or
 * system), {@code decision} the dispatch decision behind an automatic one; {@code ended_*} who ended it and why.
 */
@Schema(name = "Assignment")
public record AssignmentView(
        int id, int ticketId, int teamId, Integer assignedTo, Integer zoneId, String zone, String assignedBy,
        Instant assignedAt,
        @Schema(enumeration = {"manual", "auto", "bulk"}) String assignmentType,
        @Schema(enumeration = {"assigned", "in_progress", "completed", "cancelled", "reassigned", "declined", "released"}) String status,
        String notes, Instant estimatedCompletion, Instant actualCompletion,
        @Schema(description = "Minutes: the team's report, or the ticket's time in progress (pauses excluded)") Integer timeSpent,
        boolean timeSpentReported, BigDecimal qualityScore, Map<String, Object> assignmentCriteria,
        Map<String, Object> feedback, String overrideReason, Long decisionId,
        @Schema(description = "The dispatch decision behind an automatic assignment") String decision,
        int reopenCount, Instant endedAt, String endedBy, String endReason, int version, Instant updatedAt,
        String updatedBy) {

    public static AssignmentView of(Assignment a) {
        return new AssignmentView(a.id(), a.ticketId(), a.teamId(), a.assignedTo(), a.zoneId(), a.zone(), a.assignedByActor(),
                TicketView.instant(a.assignedAt()), a.type(), a.status(), a.notes(), TicketView.instant(a.estimatedCompletion()),
                TicketView.instant(a.actualCompletion()), a.timeSpent(), a.timeSpentReported(), a.qualityScore(),
                a.criteria() == null ? Map.of() : a.criteria().getMap(), a.feedback() == null ? null : a.feedback().getMap(),
                a.overrideReason(), a.decisionId(), a.decisionId() == null ? null : "/api/dispatch/decisions/" + a.decisionId(),
                a.reopenCount(), TicketView.instant(a.endedAt()), a.endedBy(), a.endReason(), a.version(),
                TicketView.instant(a.updatedAt()), a.updatedBy());
    }
}
