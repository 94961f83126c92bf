package io.aiff.ticket.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL of the change log behind offline sync ({@code ticket_changes}, {@code sync_horizon}; R__sync.sql). Positions
 * are {@code (txid, seq)}: a transaction id and the row's sequence number, compared as a pair.
 */
@ApplicationScoped
public class SyncRepository {

    /** A place in the log: after it come the rows greater than it. */
    public record Position(long txid, long seq) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byTx = Long.compareUnsigned(txid, other.txid);
            return byTx != 0 ? byTx : Long.compare(seq, other.seq);
        }
    }

    /**
     * One change: of the ticket, or ({@code entity} assignment) of one of its assignments ({@code entityId}); and
     * whether it was written or deleted.
     */
    public record Change(Position position, int ticketId, String kind, String entity, Integer entityId) {

        public boolean ofAssignment() {
            return "assignment".equals(entity);
        }
    }

    /**
     * Where the log stands for a reader: complete below {@code horizon} (every transaction with a smaller id has
     * ended); pruned up to {@code pruned} (null while nothing was).
     */
    public record State(long horizon, Position pruned) {
    }

    /**
     * The columns of the log's {@link State} (no row-level security on them: read in the statement setting the scope),
     * and bitmap scans off for the rest of the sync's transaction (see {@code TicketRepository.pageAfter}).
     */
    public static final String STATE = "pg_snapshot_xmin(pg_current_snapshot())::text, "
            + "(SELECT pruned_txid::text FROM sync_horizon), (SELECT pruned_seq FROM sync_horizon), "
            + "set_config('enable_bitmapscan', 'off', true)";

    /** The {@link State} in a row of {@link #STATE}'s columns from {@code first} on. */
    public static State state(Row row, int first) {
        return new State(Long.parseUnsignedLong(row.getString(first)), row.getString(first + 1) == null ? null
                : new Position(Long.parseUnsignedLong(row.getString(first + 1)), row.getLong(first + 2)));
    }

    /**
     * The changes after {@code after} of transactions below {@code complete}, in log order, as the caller may read
     * them. (The position is read out as text under another name: ordered by the name {@code txid} it would be sorted
     * as text, "10000" before "9999".)
     */
    public Uni<List<Change>> after(SqlClient db, Position after, long complete, int limit) {
        return db.preparedQuery("SELECT c.txid::text AS position, c.seq, c.ticket_id, c.kind, c.entity, c.entity_id FROM ticket_changes c "
                        + "WHERE (c.txid, c.seq) > ($1::text::xid8, $2) AND c.txid < $3::text::xid8 ORDER BY c.txid, c.seq LIMIT $4")
                .execute(Tuple.of(Long.toUnsignedString(after.txid()), after.seq(), Long.toUnsignedString(complete), limit))
                .map(rows -> {
                    List<Change> changes = new ArrayList<>();
                    rows.forEach(row -> changes.add(new Change(position(row), row.getInteger(2), row.getString(3),
                            row.getString(4), row.getInteger(5))));
                    return changes;
                });
    }

    /**
     * Removes up to {@code batch} changes older than {@code keep} (system scope) and moves the horizon past them;
     * answers how many went.
     */
    public Uni<Integer> prune(SqlClient db, Duration keep, int batch) {
        return db.preparedQuery("""
                        WITH gone AS (
                            DELETE FROM ticket_changes WHERE seq IN (
                                SELECT seq FROM ticket_changes WHERE changed_at < now() - make_interval(secs => $1)
                                ORDER BY changed_at LIMIT $2)
                            RETURNING txid, seq),
                        last AS (SELECT txid, seq FROM gone ORDER BY txid DESC, seq DESC LIMIT 1),
                        moved AS (
                            INSERT INTO sync_horizon (id, pruned_txid, pruned_seq) SELECT true, txid, seq FROM last
                            ON CONFLICT (id) DO UPDATE SET pruned_txid = excluded.pruned_txid, pruned_seq = excluded.pruned_seq
                            WHERE (sync_horizon.pruned_txid, sync_horizon.pruned_seq) < (excluded.pruned_txid, excluded.pruned_seq))
                        SELECT count(*) FROM gone""")
                .execute(Tuple.of((double) keep.toSeconds(), batch))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    private static Position position(Row row) {
        return new Position(Long.parseUnsignedLong(row.getString(0)), row.getLong(1));
    }
}
