package io.aiff.ticket;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * The work of a ticket given to a team (table {@code assignments}): current while {@code assigned}, {@code in_progress}
 * or {@code completed}; ended as {@code cancelled}, {@code reassigned}, {@code declined} or {@code released}, with who
 * ended it and why. {@code assignedTo} is a member of the team (a user id); {@code timeSpent} minutes, reported by the
 * team ({@code timeSpentReported}) or counted from the ticket's time in progress.
 */
public record Assignment(int id, int ticketId, int teamId, Integer assignedTo, Integer zoneId, String zone,
                         Integer assignedBy, String assignedByActor, OffsetDateTime assignedAt, String type, String status,
                         String notes, OffsetDateTime estimatedCompletion, OffsetDateTime actualCompletion,
                         Integer timeSpent, boolean timeSpentReported, BigDecimal qualityScore, JsonObject criteria,
                         JsonObject feedback, String overrideReason, Long decisionId, int reopenCount,
                         OffsetDateTime endedAt, String endedBy, String endReason, int version, OffsetDateTime updatedAt,
                         String updatedBy) {

    public static final String ASSIGNED = "assigned";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";
    public static final String REASSIGNED = "reassigned";
    public static final String DECLINED = "declined";
    public static final String RELEASED = "released";

    /** "Active assignments" of the original model's summaries: assigned or in progress. */
    public boolean active() {
        return ASSIGNED.equals(status) || IN_PROGRESS.equals(status);
    }
}
