package io.aiff.analytics;

import java.time.OffsetDateTime;

/** A rebuild of the facts from ticket-service's export (table {@code rebuilds}). */
public record Rebuild(int id, int generation, String status, String streamPosition, int ticketsDone, int eventsReplayed,
                      String requestedBy, OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {

    public static final String BUILDING = "building";
    public static final String CATCHING_UP = "catching_up";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
