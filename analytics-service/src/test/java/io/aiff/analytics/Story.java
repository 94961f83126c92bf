package io.aiff.analytics;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events as ticket-service writes them (envelope and data fields of {@code docs/api.md} "Events"), for one ticket at a
 * time: {@code created}, then moves and assignment changes at times of one day, each a new version of the ticket.
 */
public final class Story {

    public static final String DAY = "2026-11-02";

    final int ticket;
    final int zoneId;
    final String zone;
    final String day;
    public final List<JsonObject> events = new ArrayList<>();
    private int version;
    private Integer team;
    private Integer assignment;
    private int assignmentVersion;
    private String assignedAt;

    public Story(int ticket, int zoneId, String zone, String createdAt) {
        this(ticket, zoneId, zone, DAY, createdAt);
    }

    /** A ticket whose changes all happen on {@code day} (YYYY-MM-DD). */
    public Story(int ticket, int zoneId, String zone, String day, String createdAt) {
        this.ticket = ticket;
        this.day = day;
        this.zoneId = zoneId;
        this.zone = zone;
        events.add(envelope("ticket.created", ticket, at(createdAt), new JsonObject()));
    }

    String at(String time) {
        return day + "T" + time + ":00Z";
    }

    /** A move of the ticket; {@code breached} is the SLA clock's verdict at that move (response or resolution). */
    public Story move(String time, String from, String to, boolean breached) {
        JsonObject sla = new JsonObject().put("response_breached", "open".equals(from) && breached)
                .put("resolution_breached", "resolved".equals(to) && breached);
        events.add(envelope("ticket.status_changed", ticket, at(time), new JsonObject().put("from", from).put("to", to)
                .put("occurred_at", at(time)).put("sla", sla).put("assignment_id", assignment)));
        return this;
    }

    /** Assigned to a team: the move, and the assignment's creation. */
    public Story assign(String time, int teamId, int assignmentId, boolean late) {
        String from = assignment == null ? "open" : "assigned";
        team = teamId;
        assignment = assignmentId;
        assignmentVersion = 0;
        assignedAt = at(time);
        move(time, from, "assigned", late);
        return assignment("assignment.created", "assigned", null, null, null);
    }

    /** Resolved, and the assignment completed with the time the team spent and its quality score. */
    public Story resolve(String time, boolean late, Integer timeSpent, Double quality) {
        move(time, "in_progress", "resolved", late);
        return assignment("assignment.completed", "completed", at(time), timeSpent, quality);
    }

    /** Reopened: back in progress, and so is its assignment (its completion undone). */
    public Story reopen(String time) {
        move(time, "resolved", "in_progress", false);
        return assignment("assignment.updated", "in_progress", null, null, null);
    }

    public Story rate(String time, int rating) {
        events.add(envelope("ticket.rated", ticket, at(time), new JsonObject().put("rating", rating)));
        return this;
    }

    private Story assignment(String type, String status, String completion, Integer timeSpent, Double quality) {
        assignmentVersion++;
        JsonObject data = new JsonObject().put("ticket_id", ticket).put("team_id", team).put("status", status)
                .put("assignment_type", "manual").put("assigned_at", assignedAt).put("actual_completion", completion)
                .put("time_spent", timeSpent).put("quality_score", quality).put("version", assignmentVersion);
        events.add(new JsonObject().put("id", UUID.randomUUID().toString()).put("type", type).put("source", "ticket-service")
                .put("aggregate_id", String.valueOf(assignment)).put("occurred_at", completion == null ? assignedAt : completion)
                .put("zone_id", zoneId).put("zone", zone).put("team_id", team).put("actor", "user:1").put("data", data)
                .put("version", 1));
        return this;
    }

    private JsonObject envelope(String type, int id, String occurredAt, JsonObject data) {
        version++;
        data.put("ticket_number", "TKT-" + id).put("status", data.getString("to", "open")).put("priority", "high")
                .put("category", "maintenance").put("version", version);
        return new JsonObject().put("id", UUID.randomUUID().toString()).put("type", type).put("source", "ticket-service")
                .put("aggregate_id", String.valueOf(id)).put("occurred_at", occurredAt).put("zone_id", zoneId)
                .put("zone", zone).put("team_id", team).put("actor", "user:1").put("data", data).put("version", 1);
    }
}
