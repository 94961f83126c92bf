package io.aiff.analytics.service;

import io.aiff.analytics.DailyPerformance;
import io.aiff.analytics.TeamPerformance;
import io.aiff.analytics.ZonePerformance;
import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.PerformanceRepository;
import io.aiff.common.problem.ProblemException;
import io.aiff.common.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Team, zone and daily numbers over a period, in the caller's reach ({@link Reach}). A team or zone with no numbers in
 * that reach is 404, whether it does not exist or lies outside it: the two are not told apart.
 */
@ApplicationScoped
public class PerformanceService {

    public static final Set<String> UNITS = Set.of("day", "week", "month");

    private final PerformanceRepository numbers;
    private final AnalyticsConfig config;
    private final Clock clock;
    private final SummaryCache cache;

    public PerformanceService(PerformanceRepository numbers, AnalyticsConfig config, Clock clock, SummaryCache cache) {
        this.numbers = numbers;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
        // PostgreSQL reads a bare offset such as +08:00 with the POSIX sign, the other way round: region names only.
        if (!ZoneId.getAvailableZoneIds().contains(config.timeZone().getId())) {
            throw new IllegalStateException("AIFF_ANALYTICS_TIME_ZONE must be an IANA zone name such as Asia/Kuala_Lumpur, not "
                    + config.timeZone().getId());
        }
    }

    /** The deployment's time zone (where days begin). */
    public ZoneId timeZone() {
        return config.timeZone();
    }

    public Period period(String from, String to) {
        return Period.of(from, to, config.timeZone(), LocalDate.now(clock.withZone(config.timeZone())));
    }

    public Uni<List<TeamPerformance>> teams(Caller caller, Period period) {
        return numbers.teams(Reach.of(caller), period, null);
    }

    /** From the cache ({@link SummaryCache}) or the facts. */
    public Uni<TeamPerformance> team(Caller caller, int teamId, Period period) {
        Reach reach = Reach.of(caller);
        return one(cache.teamKey(teamId), reach, period, TeamPerformance.class, "Team",
                () -> numbers.teams(reach, period, List.of(teamId)));
    }

    public Uni<List<ZonePerformance>> zones(Caller caller, Period period) {
        return numbers.zones(Reach.of(caller), period, null);
    }

    /** From the cache ({@link SummaryCache}) or the facts. */
    public Uni<ZonePerformance> zone(Caller caller, int zoneId, Period period) {
        Reach reach = Reach.of(caller);
        return one(cache.zoneKey(zoneId), reach, period, ZonePerformance.class, "Zone",
                () -> numbers.zones(reach, period, List.of(zoneId)));
    }

    /** One team's or zone's numbers, cached; 404 (not cached) when it has none in the reach. */
    private <T> Uni<T> one(String key, Reach reach, Period period, Class<T> type, String what, Supplier<Uni<List<T>>> load) {
        return cache.get(key, reach, period, type, () -> load.get().map(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound(what);
            }
            return found.get(0);
        }));
    }

    /** Per zone and day, week or month; one zone's from the cache ({@link SummaryCache}) or the facts. */
    public Uni<List<DailyPerformance>> daily(Caller caller, Period period, Integer zoneId, String unit) {
        Reach reach = Reach.of(caller);
        return zoneId == null ? numbers.daily(reach, period, null, unit)
                : cache.daily(zoneId, reach, period, unit, () -> numbers.daily(reach, period, zoneId, unit));
    }
}
