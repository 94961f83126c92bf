package io.aiff.analytics.service;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the numbers need of one ticket, derived from everything ticket-service said about it (its {@code ticket.*}
 * events), whatever order they arrived in: the events are put in the order of the changes and folded from the start
 * every time, so a late event corrects the facts and a repeated one changes nothing. The
 * definitions they serve are in {@code analytics-service/README.md} ({@link Definitions}).
 *
 * @param teamId          the team holding the ticket: when it was last resolved, otherwise now
 * @param createdAt       null when the ticket's creation was never seen (it then counts in no "created" number)
 * @param firstResponseAt the first time it left {@code open}
 * @param resolvedAt      its last resolution, while it is resolved or closed (a reopened ticket is not resolved)
 * @param pausedSeconds   time in {@code on_hold} or {@code pending}, up to the resolution (or up to now: the last
 *                        pause still running is counted from {@code pausedSince} at read time)
 * @param responseMet     ticket-service's verdict when it first left {@code open}: within the response target
 * @param resolutionMet   ticket-service's verdict at the last resolution: within the resolution target
 */
public record TicketFacts(int ticketId, Integer zoneId, String zone, Integer teamId, String priority, String category,
                          String status, Instant createdAt, Instant firstResponseAt, Instant resolvedAt,
                          Instant closedAt, long pausedSeconds, Instant pausedSince, int reopenCount,
                          int reassignmentCount, Integer rating, Boolean responseMet, Boolean resolutionMet,
                          Integer assignmentId) {

    static final Set<String> PAUSED = Set.of("on_hold", "pending");

    /**
     * One event about a ticket, as stored. {@code at} is when the change happened (a status change's own time).
     * {@code key} names the change itself, so that the same change told twice (by the stream and by the export of
     * a rebuild, whose events have ids of their own) counts once: the creation, the rating, a status move by its
     * from, to and time; other events by their id.
     */
    public record Event(String key, String type, Instant at, int version, Integer zoneId, String zone, Integer teamId,
                        JsonObject data) {

        public static Event of(JsonObject envelope) {
            JsonObject data = envelope.getJsonObject("data", new JsonObject());
            String type = envelope.getString("type");
            String when = "ticket.created".equals(type) ? data.getString("created_at") : data.getString("occurred_at");
            // PostgreSQL keeps microseconds: a move told by the export (from the database) and by its live event (from
            // the clock, which may carry nanoseconds) is the same move.
            Instant at = Instant.parse(when != null ? when : envelope.getString("occurred_at")).truncatedTo(ChronoUnit.MICROS);
            String key = switch (type) {
                case "ticket.created" -> "created";
                case "ticket.rated" -> "rated";
                case "ticket.status_changed" -> "status:" + data.getString("from") + ">" + data.getString("to") + "@" + at;
                default -> "event:" + envelope.getString("id");
            };
            return new Event(key, type, at, data.getInteger("version", 0), envelope.getInteger("zone_id"),
                    envelope.getString("zone"), envelope.getInteger("team_id"), data);
        }
    }

    /** The facts of a ticket from its events (any order, repeats allowed); null when none is a ticket event. */
    public static TicketFacts of(int ticketId, List<Event> events) {
        Map<String, Event> byKey = new LinkedHashMap<>();
        events.stream().filter(e -> e.type().startsWith("ticket.")).forEach(e -> byKey.putIfAbsent(e.key(), e));
        List<Event> ordered = new ArrayList<>(byKey.values());
        if (ordered.isEmpty()) {
            return null;
        }
        // The order of the changes: by when each happened (ticket-service never lets a move be earlier than the one
        // before it), then by the ticket's version — which a rebuild's export does not know, so time comes first.
        ordered.sort(Comparator.comparing(Event::at).thenComparingInt(Event::version));
        Event last = ordered.get(ordered.size() - 1);
        Instant createdAt = null;
        Instant firstResponseAt = null;
        Instant resolvedAt = null;
        Instant closedAt = null;
        Integer resolvedBy = null;
        Instant pausedSince = null;
        long paused = 0;
        long pausedBeforeResolution = 0;
        int reopens = 0;
        int reassignments = 0;
        Integer rating = null;
        Boolean responseMet = null;
        Boolean resolutionMet = null;
        Integer assignmentId = null;
        String status = "open";
        boolean assignedBefore = false;
        for (Event e : ordered) {
            switch (e.type()) {
                case "ticket.created" -> createdAt = e.at();
                case "ticket.rated" -> rating = e.data().getInteger("rating");
                case "ticket.status_changed" -> {
                    String from = e.data().getString("from");
                    String to = e.data().getString("to");
                    JsonObject sla = e.data().getJsonObject("sla", new JsonObject());
                    if (pausedSince != null) {
                        paused += seconds(pausedSince, e.at());
                        pausedSince = null;
                    }
                    if (PAUSED.contains(to)) {
                        pausedSince = e.at();
                    }
                    if (firstResponseAt == null && "open".equals(from) && !"open".equals(to) && !"cancelled".equals(to)) {
                        firstResponseAt = e.at();
                        responseMet = sla.containsKey("response_breached") ? !sla.getBoolean("response_breached") : null;
                    }
                    if ("resolved".equals(from) && "in_progress".equals(to)) {
                        reopens++;
                    }
                    // Every assignment after the first: a reassignment, or a hand-back followed by a new assignment.
                    if ("assigned".equals(to) && assignedBefore) {
                        reassignments++;
                    }
                    assignedBefore |= "assigned".equals(to);
                    if ("resolved".equals(to)) {
                        resolvedAt = e.at();
                        resolvedBy = e.teamId();
                        pausedBeforeResolution = paused;
                        resolutionMet = sla.containsKey("resolution_breached") ? !sla.getBoolean("resolution_breached") : null;
                    } else if (!"closed".equals(to)) {
                        resolvedAt = null;
                        resolutionMet = null;
                    }
                    if ("closed".equals(to)) {
                        closedAt = e.at();
                    }
                    if (e.data().containsKey("assignment_id")) {
                        assignmentId = e.data().getInteger("assignment_id");
                    }
                    status = to;
                }
                default -> {
                    // ticket.updated, ticket.assigned, SLA notices: only the summary every event carries
                }
            }
        }
        boolean resolved = resolvedAt != null && ("resolved".equals(status) || "closed".equals(status));
        return new TicketFacts(ticketId, last.zoneId(), last.zone(), resolved ? resolvedBy : last.teamId(),
                last.data().getString("priority"), latest(ordered, "category"), status, createdAt, firstResponseAt,
                resolved ? resolvedAt : null, "closed".equals(status) ? closedAt : null,
                resolved ? pausedBeforeResolution : paused, pausedSince, reopens, reassignments, rating, responseMet,
                resolved ? resolutionMet : null, assignmentId);
    }

    /** Minutes from creation to resolution, paused time excluded; null unless both are known. */
    public Long resolutionMinutes() {
        return createdAt == null || resolvedAt == null ? null : (seconds(createdAt, resolvedAt) - pausedSeconds) / 60;
    }

    /** Minutes from creation to the first response; null unless both are known. */
    public Long responseMinutes() {
        return createdAt == null || firstResponseAt == null ? null : seconds(createdAt, firstResponseAt) / 60;
    }

    /** Resolved without a reopen or a reassignment. */
    public boolean fixedFirstTime() {
        return resolvedAt != null && reopenCount == 0 && reassignmentCount == 0;
    }

    private static String latest(List<Event> ordered, String field) {
        for (int i = ordered.size() - 1; i >= 0; i--) {
            String value = ordered.get(i).data().getString(field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static long seconds(Instant from, Instant to) {
        return to.isAfter(from) ? Duration.between(from, to).toSeconds() : 0;
    }
}
