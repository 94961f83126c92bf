package io.aiff.ticket.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SLA clock, derived from a ticket's history so that it can be recomputed and explained. The resolution clock
 * runs while the ticket is open, assigned or in progress; it pauses while {@code on_hold} or {@code pending} (the
 * deadline moves by the paused time) and stops while resolved, closed or cancelled (a reopened ticket continues where
 * it stopped). A priority change swaps the target and keeps the time already elapsed. The response target is met when
 * the ticket first leaves {@code open}. "At risk" starts when 80 % of the resolution target has elapsed.
 */
public final class SlaClock {

    /** Share of the target left when a ticket counts as at risk. */
    public static final double AT_RISK_SHARE = 0.2;

    /** A status change: from {@code at} on, the ticket is in {@code to}. */
    public record StatusChange(Instant at, TicketStatus to) {
    }

    /** From {@code at} on, the targets of a (new) priority apply. */
    public record TargetChange(Instant at, Duration response, Duration resolution) {
    }

    /**
     * @param deadline  when the resolution target is reached if the clock keeps its current state (while paused or
     *                  stopped, it moves with {@code now})
     * @param atRiskAt  the deadline minus {@link #AT_RISK_SHARE} of the target
     */
    public record Sla(Duration target, Duration elapsed, Duration paused, Duration remaining, Instant deadline,
                      Instant atRiskAt, boolean running, Duration responseTarget, Instant respondedAt,
                      boolean responseBreached, boolean resolutionBreached) {
    }

    private SlaClock() {
    }

    /**
     * @param createdAt the ticket's creation (status {@code open} from then on)
     * @param changes   status changes in any order
     * @param targets   at least the targets at creation; later ones after priority changes
     */
    public static Sla at(Instant now, Instant createdAt, List<StatusChange> changes, List<TargetChange> targets) {
        List<StatusChange> timeline = new ArrayList<>(changes);
        timeline.sort(Comparator.comparing(StatusChange::at));
        // The latest target applies (its time may be a moment after "now" when the database stamped it).
        TargetChange current = targets.stream().max(Comparator.comparing(TargetChange::at)).orElse(targets.get(0));

        Duration elapsed = Duration.ZERO;
        Duration paused = Duration.ZERO;
        Instant respondedAt = null;
        TicketStatus status = TicketStatus.OPEN;
        Instant since = createdAt;
        for (StatusChange change : timeline) {
            Instant at = change.at().isAfter(now) ? now : change.at();
            Duration spent = at.isAfter(since) ? Duration.between(since, at) : Duration.ZERO;
            if (Lifecycle.pausesSla(status)) {
                paused = paused.plus(spent);
            } else if (!Lifecycle.stopsSla(status)) {
                elapsed = elapsed.plus(spent);
            }
            if (respondedAt == null && status == TicketStatus.OPEN && change.to() != TicketStatus.OPEN) {
                respondedAt = change.at();
            }
            status = change.to();
            since = at.isAfter(since) ? at : since;
        }
        Duration tail = now.isAfter(since) ? Duration.between(since, now) : Duration.ZERO;
        boolean running = !Lifecycle.pausesSla(status) && !Lifecycle.stopsSla(status);
        if (Lifecycle.pausesSla(status)) {
            paused = paused.plus(tail);
        } else if (running) {
            elapsed = elapsed.plus(tail);
        }
        Duration target = current.resolution();
        Duration remaining = target.minus(elapsed);
        Instant deadline = now.plus(remaining);
        Instant atRiskAt = deadline.minus(Duration.ofMillis((long) (target.toMillis() * AT_RISK_SHARE)));
        Duration responseTarget = current.response();
        Instant responseDue = createdAt.plus(responseTarget);
        boolean responseBreached = respondedAt != null ? respondedAt.isAfter(responseDue) : now.isAfter(responseDue);
        return new Sla(target, elapsed, paused, remaining, deadline, atRiskAt, running, responseTarget, respondedAt,
                responseBreached, elapsed.compareTo(target) > 0);
    }
}
