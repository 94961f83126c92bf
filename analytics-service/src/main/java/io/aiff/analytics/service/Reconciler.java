package io.aiff.analytics.service;

import io.aiff.analytics.DailyPerformance;
import io.aiff.analytics.client.TicketSource;
import io.aiff.analytics.repository.PerformanceRepository;
import io.aiff.common.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the counts per zone and day — tickets created, resolved, closed — with ticket-service's own count of the
 * same (its export), and reports every difference; expected: none. Within the caller's reach only.
 */
@ApplicationScoped
public class Reconciler {

    /** A count that differs: which zone, day and measure, and the two numbers. */
    public record Difference(int zoneId, LocalDate day, String measure, long analytics, long source) {
    }

    /** The comparison: how many zone-days were compared, and what differs. */
    public record Report(Period period, int compared, List<Difference> differences) {
    }

    /** The counts compared: analytics' three, then ticket-service's three, in each zone-day's row. */
    private static final String[] MEASURES = {"created", "resolved", "closed"};

    private final PerformanceRepository numbers;
    private final TicketSource source;

    public Reconciler(PerformanceRepository numbers, TicketSource source) {
        this.numbers = numbers;
        this.source = source;
    }

    public Uni<Report> reconcile(Caller caller, Period period) {
        Reach reach = Reach.of(caller);
        return numbers.daily(reach, period, null, "day").chain(ours -> source.counts(period.start(), period.end(), period.zone().getId())
                .map(theirs -> {
                    Map<ZoneDay, long[]> both = new TreeMap<>();
                    for (DailyPerformance d : ours) {
                        long[] row = both.computeIfAbsent(new ZoneDay(d.period(), d.zoneId()), k -> new long[6]);
                        row[0] = d.ticketsCreated();
                        row[1] = d.ticketsResolved();
                        row[2] = d.ticketsClosed();
                    }
                    for (TicketSource.DayCounts c : theirs) {
                        if (reach.all() || Arrays.asList(reach.zoneIds()).contains(c.zoneId())) {
                            long[] row = both.computeIfAbsent(new ZoneDay(c.day(), c.zoneId()), k -> new long[6]);
                            row[3] = c.created();
                            row[4] = c.resolved();
                            row[5] = c.closed();
                        }
                    }
                    List<Difference> differences = new ArrayList<>();
                    both.forEach((key, row) -> {
                        for (int m = 0; m < MEASURES.length; m++) {
                            if (row[m] != row[m + MEASURES.length]) {
                                differences.add(new Difference(key.zoneId(), key.day(), MEASURES[m], row[m], row[m + MEASURES.length]));
                            }
                        }
                    });
                    return new Report(period, both.size(), differences);
                }));
    }

    /** A zone's day, in day order then zone order. */
    private record ZoneDay(LocalDate day, int zoneId) implements Comparable<ZoneDay> {
        @Override
        public int compareTo(ZoneDay other) {
            int byDay = day.compareTo(other.day);
            return byDay != 0 ? byDay : Integer.compare(zoneId, other.zoneId);
        }
    }
}
