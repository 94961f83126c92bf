package io.aiff.common.db.retention;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of row a retention run archives or purges (docs/api.md "Data lifecycle"): what the preview counts, by
 * month, and one batch of the run. Both run in the caller's transaction, which the step prepares itself (a service
 * with row-level security sets its system scope in {@code prepare}). A batch re-checks each row's state as it takes
 * it, so a row that changed since the preview stays.
 *
 * @param table   the table the rows leave
 * @param action  {@code archive} (moved to the archive schema) or {@code purge} (deleted)
 * @param keep    what is kept, in words (for the preview: "closed or cancelled for 365 days, not on legal hold")
 * @param prepare run before the preview's and each batch's statements (the system scope), or null
 * @param preview a statement answering {@code (month text 'YYYY-MM', rows bigint)} for the rows due now
 * @param batch   one batch of at most the given size, answering how many rows it took (fewer: the step is done)
 */
public record RetentionStep(String table, String action, String keep, Function<SqlConnection, Uni<Void>> prepare,
                            Function<SqlConnection, Uni<List<Month>>> preview,
                            BiFunction<SqlConnection, Integer, Uni<Integer>> batch) {

    public static final String ARCHIVE = "archive";
    public static final String PURGE = "purge";

    /** Rows due in one month. */
    public record Month(String month, long rows) {
    }

    /** The rows of a preview statement's {@code (month, rows)} answer. */
    public static Uni<List<Month>> months(SqlConnection tx, String sql, Tuple parameters) {
        return tx.preparedQuery(sql).execute(parameters).map(rows -> {
            List<Month> months = new ArrayList<>();
            for (Row row : rows) {
                months.add(new Month(row.getString(0), row.getLong(1)));
            }
            return months;
        });
    }

    /** How many rows a batch statement (a DELETE or UPDATE) touched. */
    public static Uni<Integer> count(SqlConnection tx, String sql, Tuple parameters) {
        return tx.preparedQuery(sql).execute(parameters).map(rows -> rows.rowCount());
    }

    /** The number a batch statement answers in its first row's first column (a function that moves rows). */
    public static Uni<Integer> number(SqlConnection tx, String sql, Tuple parameters) {
        return tx.preparedQuery(sql).execute(parameters).map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Published outbox rows after their keep time (the relay also prunes them every minute): every service with an
     * outbox has this step.
     */
    public static RetentionStep outbox(Duration keep) {
        double seconds = keep.toSeconds();
        return new RetentionStep("outbox", PURGE, "published events for " + keep.toMinutes() + " minutes", null,
                tx -> months(tx, "SELECT to_char(sent_at, 'YYYY-MM'), count(*) FROM outbox "
                        + "WHERE sent_at < now() - make_interval(secs => $1) GROUP BY 1 ORDER BY 1", Tuple.of(seconds)),
                (tx, size) -> count(tx, "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < now() "
                        + "- make_interval(secs => $1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)", Tuple.of(seconds, size)));
    }
}
