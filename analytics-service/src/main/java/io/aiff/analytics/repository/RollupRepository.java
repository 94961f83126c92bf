package io.aiff.analytics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code fact_days} ({@code V6__fact_days.sql}): the numbers summed per generation, zone, team and day, kept exact by
 * subtracting what a batch's tickets and assignments contributed before it ({@link #contributions}, read before the
 * batch writes) and adding what they contribute after, in one upsert in ascending key order (two writers touching
 * the same days never deadlock).
 */
@ApplicationScoped
public class RollupRepository {

    /** The measures, in the order of {@code rollup_of}'s columns and of the table's. */
    public static final List<String> MEASURES = List.of("created", "resolved", "resolve_minutes", "resolve_count",
            "resolution_met", "resolution_breached", "first_time_fixed", "reopened", "rated", "rating_sum", "satisfied",
            "worked_spent", "worked_minutes", "closed", "responded", "respond_minutes", "respond_count", "response_met",
            "response_breached", "assigned", "assigned_completed", "spent_sum", "spent_count", "quality_sum", "quality_count");

    private static final String CONTRIBUTIONS = "SELECT * FROM rollup_of($1, $2, $3, $4)";
    private static final String UPSERT;

    static {
        StringBuilder unnest = new StringBuilder("$2::int[], $3::int[], $4::date[], $5::text[]");
        StringBuilder set = new StringBuilder("zone = coalesce(EXCLUDED.zone, fact_days.zone)");
        for (int i = 0; i < MEASURES.size(); i++) {
            unnest.append(", $").append(i + 6).append("::float8[]");
            set.append(", ").append(MEASURES.get(i)).append(" = fact_days.").append(MEASURES.get(i)).append(" + EXCLUDED.")
                    .append(MEASURES.get(i));
        }
        String columns = "zone_id, team_id, day, zone, " + String.join(", ", MEASURES);
        UPSERT = "INSERT INTO fact_days (generation, " + columns + ") SELECT $1, d.* FROM unnest(" + unnest + ") AS d ("
                + columns + ") ON CONFLICT (generation, zone_id, team_id, day) DO UPDATE SET " + set;
    }

    /** A zone, team and day. */
    public record Key(int zoneId, int teamId, LocalDate day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(zoneId, o.zoneId);
            c = c != 0 ? c : Integer.compare(teamId, o.teamId);
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    /** What some tickets and assignments contribute: per key, the zone's name and each measure. */
    public record Contributions(Map<Key, String> zones, Map<Key, double[]> measures) {
    }

    public Uni<Contributions> contributions(SqlConnection tx, int generation, String timeZone, Collection<Integer> tickets,
                                            Collection<Integer> assignments) {
        return tx.preparedQuery(CONTRIBUTIONS).execute(Tuple.of(generation, timeZone, tickets.toArray(Integer[]::new),
                assignments.toArray(Integer[]::new))).map(rows -> {
                    Map<Key, String> zones = new TreeMap<>();
                    Map<Key, double[]> measures = new TreeMap<>();
                    for (Row row : rows) {
                        Key key = new Key(row.getInteger(0), row.getInteger(1), row.getLocalDate(2));
                        zones.put(key, row.getString(3));
                        double[] m = new double[MEASURES.size()];
                        for (int i = 0; i < m.length; i++) {
                            m[i] = row.getDouble(4 + i);
                        }
                        measures.put(key, m);
                    }
                    return new Contributions(zones, measures);
                });
    }

    /** Adds after − before to the days they name (nothing when they agree). */
    public Uni<Void> add(SqlConnection tx, int generation, Contributions before, Contributions after) {
        Map<Key, double[]> delta = new TreeMap<>();
        after.measures().forEach((key, m) -> delta.put(key, m.clone()));
        before.measures().forEach((key, m) -> {
            double[] d = delta.computeIfAbsent(key, k -> new double[MEASURES.size()]);
            for (int i = 0; i < m.length; i++) {
                d[i] -= m[i];
            }
        });
        delta.values().removeIf(d -> Arrays.stream(d).allMatch(x -> x == 0));
        if (delta.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = delta.size();
        Integer[] zones = new Integer[n];
        Integer[] teams = new Integer[n];
        LocalDate[] days = new LocalDate[n];
        String[] names = new String[n];
        Double[][] columns = new Double[MEASURES.size()][n];
        int i = 0;
        for (Map.Entry<Key, double[]> e : delta.entrySet()) {
            Key k = e.getKey();
            zones[i] = k.zoneId();
            teams[i] = k.teamId();
            days[i] = k.day();
            names[i] = after.zones().get(k);
            for (int m = 0; m < columns.length; m++) {
                columns[m][i] = e.getValue()[m];
            }
            i++;
        }
        List<Object> args = new ArrayList<>(List.of(generation, zones, teams, days));
        args.add(names);
        args.addAll(List.of((Object[]) columns));
        return tx.preparedQuery(UPSERT).execute(Tuple.tuple(args)).replaceWithVoid();
    }
}
