package io.aiff.analytics.service;

import java.util.List;

/**
 * What every number means, served by {@code GET /api/analytics/definitions} and written out in
 * {@code analytics-service/README.md} (a test holds the two equal). Raise {@link #VERSION} when a meaning changes.
 */
public final class Definitions {

    public static final int VERSION = 1;

    /** One number: its name in responses, its unit, and its meaning. */
    public record Definition(String name, String unit, String definition) {
    }

    public static final List<Definition> ALL = List.of(
            new Definition("tickets_created", "count", "Tickets created in the period, by the day they were created."),
            new Definition("tickets_resolved", "count", "Tickets resolved in the period, by the day of their last resolution; a ticket reopened and not resolved again is not resolved."),
            new Definition("tickets_closed", "count", "Tickets closed in the period, by the day they were closed."),
            new Definition("backlog", "count", "Tickets now open, assigned, in progress, on hold or pending, with their age (now minus created, paused time excluded) in days: under 1, 1 to 3, 3 to 7, 7 and over."),
            new Definition("response_time", "minutes", "Mean time to respond: from creation to the first move out of open (other than cancelling it), over the tickets first answered in the period; it counts for the team holding the ticket when it was resolved, or now."),
            new Definition("mean_time_to_resolve", "minutes", "From creation to the last resolution, time on hold or pending excluded, over the tickets resolved in the period."),
            new Definition("response_sla_compliance", "ratio", "Tickets answered within their response target divided by those answered (within or late), over the tickets first answered in the period; the verdict is ticket-service's SLA clock at that move."),
            new Definition("resolution_sla_compliance", "ratio", "Tickets resolved within their resolution target divided by those resolved (within or late), over the tickets resolved in the period; the verdict is ticket-service's SLA clock at the last resolution."),
            new Definition("first_time_fix_rate", "ratio", "Share of the tickets resolved in the period that were never reopened nor assigned more than once (a reassignment, or a hand-back followed by a new assignment)."),
            new Definition("reopen_rate", "ratio", "Share of the tickets resolved in the period that were reopened at least once."),
            new Definition("customer_rating", "rating", "Mean rating (1 to 5) of the tickets resolved in the period that were rated."),
            new Definition("csat_satisfied_share", "ratio", "Share of those ratings that are 4 or 5."),
            new Definition("tickets_completed", "count", "A team's tickets resolved in the period: a resolution counts for the team holding the assignment when it was resolved."),
            new Definition("completion_rate", "ratio", "Of the assignments a team received in the period, the share completed."),
            new Definition("avg_time_spent", "minutes", "Mean time spent of a team's assignments completed in the period (the team's own report, else the minutes in progress, pauses excluded)."),
            new Definition("avg_quality_score", "score", "Mean quality score (0 to 5) of a team's assignments completed in the period that have one."),
            new Definition("efficiency", "ratio", "Time spent on a team's tickets resolved in the period divided by their working time (creation to resolution, paused time excluded): the share of the working time the team spent on the work."),
            new Definition("active_assignments", "count", "A team's assignments now assigned or in progress."),
            new Definition("total_teams", "count", "Teams that received an assignment in the zone in the period."),
            new Definition("active_teams", "count", "Teams now holding an assignment in the zone that is assigned or in progress."));

    private Definitions() {
    }
}
