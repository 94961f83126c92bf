package io.aiff.common.db.maintenance;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The database maintenance that needs the table owner (docs/api.md "Data lifecycle"), run by the service's own build
 * in maintenance mode ({@code AIFF_MODE=maintain}: {@link ServiceMain} runs it and exits; {@code ./aiff maintain}
 * locally, a CronJob on Kubernetes) — never inside the long-running services, whose pool holds the app role. As the
 * owner (the migration credentials, {@code quarkus.flyway.username}): a named restore point when WAL archiving is on;
 * {@code VACUUM (ANALYZE)} of each table whose dead tuples pass {@code aiff.maintenance.dead-tuples-min} (1,000) and
 * {@code aiff.maintenance.dead-tuples-share} (10 %) of its live rows; {@code REINDEX INDEX CONCURRENTLY} of each
 * B-tree index measured as bloated — over {@code aiff.maintenance.index-min-bytes} (8 MiB) and more than
 * {@code aiff.maintenance.index-bloat-ratio} (2) times what its entries need, estimated from its entry count and the
 * columns' widths. Autovacuum stays on; this catches what it leaves. Every action is logged with its duration.
 */
@ApplicationScoped
public class Maintenance {

    public static final String MODE = "maintain";

    /** One thing done: what, on what, how long. */
    public record Action(String what, String target, long millis) {
    }

    private static final String DEAD = "SELECT s.relid::regclass::text, s.n_dead_tup, s.n_live_tup FROM pg_stat_user_tables s "
            + "JOIN pg_class c ON c.oid = s.relid WHERE pg_has_role(c.relowner, 'USAGE') "
            + "AND s.n_dead_tup >= $1 AND s.n_dead_tup >= $2 * s.n_live_tup ORDER BY s.n_dead_tup DESC";

    /** B-tree indexes of the owner's tables, with their size and what their entries need (bytes). */
    private static final String BLOATED = "SELECT x.name, x.bytes, x.needed FROM ("
            + "SELECT i.indexrelid::regclass::text AS name, pg_relation_size(i.indexrelid) AS bytes, "
            + "8192 + greatest(ic.reltuples, 0) * (12 + sum(coalesce(s.avg_width, CASE WHEN a.attlen > 0 THEN a.attlen ELSE 32 END))) "
            + "/ 0.9 AS needed "
            + "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree' "
            + "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) AND a.attnum > 0 "
            + "LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname "
            + "WHERE pg_has_role(c.relowner, 'USAGE') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND i.indisvalid AND ic.relkind = 'i' GROUP BY i.indexrelid, ic.reltuples) x "
            + "WHERE x.bytes >= $1 AND x.bytes > $2 * x.needed ORDER BY x.bytes DESC";

    private final Vertx vertx;
    private final Config config;

    /** Settings are read when it runs: a service that never maintains needs none of them (tests without a database). */
    public Maintenance(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.config = config;
    }

    private <T> T setting(String name, Class<T> type, T fallback) {
        return config.getOptionalValue(name, type).orElse(fallback);
    }

    /** The whole maintenance, on one connection as the owner; answers what was done, in order. */
    public Uni<List<Action>> run() {
        return run(setting("aiff.maintenance.dead-tuples-min", Long.class, 1000L),
                setting("aiff.maintenance.dead-tuples-share", Double.class, 0.1),
                setting("aiff.maintenance.index-min-bytes", Long.class, 8L << 20),
                setting("aiff.maintenance.index-bloat-ratio", Double.class, 2.0));
    }

    /** The maintenance with these marks (a test sets them low enough for a small database to have work of each kind). */
    public Uni<List<Action>> run(long deadMin, double deadShare, long indexMinBytes, double bloatRatio) {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class);
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url)
                .setUser(config.getValue("quarkus.flyway.username", String.class))
                .setPassword(setting("quarkus.flyway.password", String.class, ""));
        List<Action> done = new ArrayList<>();
        return PgConnection.connect(vertx, options).chain(c -> restorePoint(done, c)
                .chain(() -> c.preparedQuery(DEAD).execute(Tuple.of(deadMin, deadShare)))
                .chain(rows -> each(rows, row -> timed(done, "vacuum analyze", row.getString(0) + " (" + row.getLong(1)
                        + " dead, " + row.getLong(2) + " live)", c.query("VACUUM (ANALYZE) " + row.getString(0)).execute())))
                .chain(() -> c.preparedQuery(BLOATED).execute(Tuple.of(indexMinBytes, bloatRatio)))
                .chain(rows -> each(rows, row -> timed(done, "reindex concurrently", row.getString(0) + " (" + row.getLong(1)
                        + " bytes, about " + Math.round(row.getDouble(2)) + " needed)",
                        c.query("REINDEX INDEX CONCURRENTLY " + row.getString(0)).execute())))
                .eventually(c::close)
                .map(ignored -> List.copyOf(done)));
    }

    private static Uni<Void> each(Iterable<Row> rows, Function<Row, Uni<Void>> work) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Row row : rows) {
            all = all.chain(() -> work.apply(row));
        }
        return all;
    }

    /** A named restore point, or none when WAL archiving is off (aiff_restore_point answers null then). */
    private static Uni<Void> restorePoint(List<Action> done, PgConnection c) {
        long start = System.nanoTime();
        return c.query("SELECT aiff_restore_point('maintain')").execute().invoke(rows -> {
            String point = rows.iterator().next().getString(0);
            Action action = new Action("restore point", point != null ? point : "none (WAL archiving is off)",
                    (System.nanoTime() - start) / 1_000_000);
            done.add(action);
            Log.infof("Maintenance: restore point %s in %d ms", action.target(), action.millis());
        }).replaceWithVoid();
    }

    private static Uni<Void> timed(List<Action> done, String what, String target, Uni<?> work) {
        long start = System.nanoTime();
        return work.invoke(result -> {
            Action action = new Action(what, target, (System.nanoTime() - start) / 1_000_000);
            done.add(action);
            Log.infof("Maintenance: %s %s in %d ms", what, target, action.millis());
        }).replaceWithVoid();
    }
}
