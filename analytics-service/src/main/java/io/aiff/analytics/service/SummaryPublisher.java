package io.aiff.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiff.analytics.TeamPerformance;
import io.aiff.analytics.ZonePerformance;
import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.analytics.repository.PerformanceRepository;
import io.aiff.analytics.repository.SummaryRepository;
import io.aiff.common.db.ClusterLock;
import io.aiff.common.db.OncePerCluster;
import io.aiff.common.db.Outbox;
import io.aiff.common.db.maintenance.ServiceMain;
import io.aiff.common.events.Envelope;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Live updates for dashboards and for team-service: every {@code aiff.analytics.publish-every} (250 ms), on one replica
 * at a time ({@link ClusterLock#ANALYTICS_PUBLISH}), takes the teams and zones whose numbers changed (the consumer marks
 * them in the transaction of the change; none published in the last second: coalesced to at most one event per team or
 * zone per second), computes their numbers over the default period (the last 30 days through today) in one statement
 * per kind, and appends through the outbox:
 * <ul>
 *   <li>{@code analytics.updated} per team (zone_id null: only callers who see everything receive it — a team's
 *   numbers span zones) and per zone (its zone_id: the zone's supervisors receive it): {@code data} holds
 *   {@code kind}, {@code id}, {@code from}, {@code to} and {@code figures} (as {@code GET} answers them);</li>
 *   <li>{@code analytics.team_performance_updated} per team: the columns team-service keeps on a team
 *   ({@code tickets_completed}, {@code customer_rating}, {@code response_time} in minutes, {@code completion_rate}
 *   and {@code efficiency} in percent) with {@code computed_at}.</li>
 * </ul>
 */
@ApplicationScoped
public class SummaryPublisher {

    public static final String SOURCE = "analytics-service";
    public static final String UPDATED = "analytics.updated";
    public static final String TEAM_PERFORMANCE = "analytics.team_performance_updated";

    private final Pool db;
    private final SummaryRepository summaries;
    private final PerformanceRepository numbers;
    private final PerformanceService performance;
    private final ObjectMapper json;
    private final int batch;
    private final Vertx vertx;
    private final Duration every;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private long timer;

    public SummaryPublisher(Pool db, SummaryRepository summaries, PerformanceRepository numbers, PerformanceService performance,
                            ObjectMapper json, AnalyticsConfig config, Vertx vertx) {
        this.db = db;
        this.vertx = vertx;
        this.every = config.publishEvery();
        this.summaries = summaries;
        this.numbers = numbers;
        this.performance = performance;
        this.json = json;
        this.batch = config.publishBatch();
    }

    /** Ticks on a Vert.x timer (the scheduler's finest period is a second; this one is finer), one at a time. */
    void start(@Observes StartupEvent event) {
        if (ServiceMain.maintaining()) {
            return; // a maintenance run publishes nothing
        }
        timer = vertx.setPeriodic(every.toMillis(), id -> {
            if (ticking.compareAndSet(false, true)) {
                publishOnce().eventually(() -> ticking.set(false)).subscribe().with(published -> { }, failure ->
                        Log.warnf("Publishing changed numbers failed (next tick retries): %s", failure.toString()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /**
     * One tick: how many teams and zones were published (-1 when another replica holds the tick). The take is a short
     * transaction of its own (the consumer marking the same teams waits for it); the numbers are computed after it and
     * the events appended in a second one. A failure between the two marks the teams and zones again, for a later tick
     * (only a replica dying right then leaves them unpublished until their next change).
     */
    public Uni<Integer> publishOnce() {
        return OncePerCluster.run(db, ClusterLock.ANALYTICS_PUBLISH, tx -> summaries.take(tx, batch), null)
                .chain(changed -> changed == null ? Uni.createFrom().item(-1) : changed.isEmpty() ? Uni.createFrom().item(0)
                        : events(changed).chain(events -> db.withTransaction(tx -> Outbox.append(tx, events)))
                                .onFailure().call(() -> db.withTransaction(tx -> summaries.mark(tx,
                                        new TreeSet<>(changed.teams()), new TreeSet<>(changed.zones()))))
                                .replaceWith(changed.teams().size() + changed.zones().size()));
    }

    /** The events of the teams and zones taken: their numbers, computed in one statement per kind. */
    private Uni<JsonObject[]> events(SummaryRepository.Changed changed) {
        Period period = performance.period(null, null);
        Reach all = Reach.everything();
        Uni<List<TeamPerformance>> teams = changed.teams().isEmpty() ? Uni.createFrom().item(List.of())
                : numbers.teams(all, period, changed.teams());
        Uni<List<ZonePerformance>> zones = changed.zones().isEmpty() ? Uni.createFrom().item(List.of())
                : numbers.zones(all, period, changed.zones());
        return Uni.combine().all().unis(teams, zones).asTuple().map(found -> {
            Map<Integer, TeamPerformance> byTeam = found.getItem1().stream()
                    .collect(Collectors.toMap(TeamPerformance::teamId, Function.identity()));
            Map<Integer, ZonePerformance> byZone = found.getItem2().stream()
                    .collect(Collectors.toMap(ZonePerformance::zoneId, Function.identity()));
            List<JsonObject> events = new ArrayList<>();
            String computedAt = Instant.now().toString();
            for (int id : changed.teams()) {
                TeamPerformance t = byTeam.get(id);
                events.add(Envelope.of(UPDATED, SOURCE, "team:" + id, null, null, id, "system", updated("team", id, period, t)));
                events.add(Envelope.of(TEAM_PERFORMANCE, SOURCE, id, null, null, id, "system", new JsonObject()
                        .put("team_id", id).put("from", period.from().toString()).put("to", period.to().toString())
                        .put("tickets_completed", t == null ? 0 : t.ticketsCompleted())
                        .put("customer_rating", t == null || t.customerRating() == null ? null : t.customerRating().toPlainString())
                        .put("response_time", t == null || t.responseTime() == null ? null
                                : t.responseTime().setScale(0, RoundingMode.HALF_UP).intValue())
                        .put("completion_rate", percent(t == null ? null : t.completionRate()))
                        .put("efficiency", percent(t == null ? null : t.efficiency()))
                        .put("computed_at", computedAt)));
            }
            for (int id : changed.zones()) {
                ZonePerformance z = byZone.get(id);
                events.add(Envelope.of(UPDATED, SOURCE, "zone:" + id, id, z == null ? null : z.zone(), null, "system",
                        updated("zone", id, period, z)));
            }
            return events.toArray(JsonObject[]::new);
        });
    }

    private JsonObject updated(String kind, int id, Period period, Object figures) {
        return new JsonObject().put("kind", kind).put("id", id).put("from", period.from().toString())
                .put("to", period.to().toString()).put("figures", figures == null ? null : new JsonObject(write(figures)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ratio (0..1) as a percentage with two decimals, as team-service's columns hold it. */
    private static String percent(BigDecimal ratio) {
        return ratio == null ? null : ratio.movePointRight(2).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
