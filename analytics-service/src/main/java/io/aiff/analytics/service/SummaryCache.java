package io.aiff.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aiff.analytics.DailyPerformance;
import io.aiff.analytics.config.AnalyticsConfig;
import io.aiff.common.cache.VersionedCache;
import io.aiff.common.security.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The original model's Redis caches, analytics-service's own: {@code team:performance:{team_id}} and
 * {@code zone:analytics:{zone_id}}, each holding that team's or zone's numbers per caller's reach and period, for
 * {@code aiff.analytics.cache-ttl} (60 s: a backlog's ages move with the clock). Dropped by the consumer once the
 * facts a batch changed are committed, and after a rebuild's swap ({@link VersionedCache}): a read after an event
 * never answers the number from before it.
 */
@ApplicationScoped
public class SummaryCache {

    private final VersionedCache cache;
    private final RedisKeys keys;
    private final ObjectMapper json;

    public SummaryCache(ReactiveRedisDataSource redis, RedisKeys keys, ObjectMapper json, AnalyticsConfig config, Clock clock) {
        this.cache = new VersionedCache(redis, config.cacheTtl(), clock);
        this.keys = keys;
        this.json = json;
    }

    public String teamKey(int teamId) {
        return keys.key("team:performance:" + teamId);
    }

    public String zoneKey(int zoneId) {
        return keys.key("zone:analytics:" + zoneId);
    }

    /** A team's or zone's numbers in a reach over a period, from the cache or else {@code load}. */
    public <T> Uni<T> get(String key, Reach reach, Period period, Class<T> type, Supplier<Uni<T>> load) {
        return cache.get(key, variant(reach, period), () -> load.get().map(this::write)).map(value -> read(value, type));
    }

    /**
     * One zone's daily numbers in a reach over a period, per unit (day, week, month), from the cache or else
     * {@code load}: a field of the zone's hash, so the drops after each batch touching the zone drop it too.
     */
    public Uni<List<DailyPerformance>> daily(int zoneId, Reach reach, Period period, String unit,
                                             Supplier<Uni<List<DailyPerformance>>> load) {
        return cache.get(zoneKey(zoneId), "daily|" + unit + "|" + variant(reach, period), () -> load.get().map(this::write))
                .map(value -> {
                    try {
                        return json.readValue(value, json.getTypeFactory().constructCollectionType(List.class, DailyPerformance.class));
                    } catch (JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** The entries of these teams and zones (after their change committed). */
    public Uni<Void> invalidate(Collection<Integer> teams, Collection<Integer> zones) {
        List<String> names = new ArrayList<>();
        teams.forEach(t -> names.add(teamKey(t)));
        zones.forEach(z -> names.add(zoneKey(z)));
        return cache.invalidate(names);
    }

    /** The reach (everything, or which zones) and the period: what makes two callers' numbers differ. */
    static String variant(Reach reach, Period period) {
        // Zone names as a JSON array: no two different lists of names read alike.
        String who = reach.all() ? "all" : "z" + Arrays.toString(reach.zoneIds())
                + (reach.zoneNames().length == 0 ? "" : "|n" + new JsonArray(Arrays.asList(reach.zoneNames())).encode());
        return who + "|" + period.start() + "|" + period.end();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
