package io.aiff.analytics.repository;

import io.aiff.analytics.Rebuild;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Rebuilds and the generation switch ({@code V2__facts.sql}: {@code rebuilds}, {@code facts_generation}). */
@ApplicationScoped
public class RebuildRepository {

    private static final String COLUMNS = "id, generation, status, stream_position, tickets_done, events_replayed, requested_by, "
            + "started_at, finished_at, error";
    /** Running and touched within the last minute (a rebuild left longer died with its replica). */
    private static final String RUNNING = "status IN ('building', 'catching_up')";

    /** The rebuild running now, locking the generation row (one start at a time); null when none is alive. */
    public Uni<Rebuild> lockRunning(SqlConnection tx) {
        return tx.query("SELECT current FROM facts_generation FOR UPDATE").execute()
                .chain(() -> tx.query("WITH dead AS (UPDATE rebuilds SET status = 'failed', finished_at = now(), "
                        + "error = 'its replica stopped' WHERE " + RUNNING + " AND updated_at < now() - interval '1 minute' RETURNING generation) "
                        + "UPDATE facts_generation SET building = NULL WHERE building IN (SELECT generation FROM dead)").execute())
                .chain(() -> tx.query("SELECT " + COLUMNS + " FROM rebuilds WHERE " + RUNNING).execute())
                .map(rows -> rows.size() == 0 ? null : rebuild(rows.iterator().next()));
    }

    /** Starts one on a new generation (never used before), which the consumer writes too from this commit on. */
    public Uni<Rebuild> start(SqlConnection tx, String requestedBy) {
        return tx.preparedQuery("WITH g AS (SELECT greatest((SELECT current FROM facts_generation), "
                        + "(SELECT coalesce(max(generation), 0) FROM rebuilds)) + 1 AS next), "
                        + "r AS (INSERT INTO rebuilds (generation, status, requested_by) SELECT next, 'building', $1 FROM g RETURNING " + COLUMNS + "), "
                        + "f AS (UPDATE facts_generation SET building = (SELECT next FROM g)) SELECT * FROM r")
                .execute(Tuple.of(requestedBy)).map(rows -> rebuild(rows.iterator().next()));
    }

    public Uni<Rebuild> find(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rebuild(rows.iterator().next()));
    }

    /** Records the stream position it starts after, and answers the rebuild as it now is. */
    public Uni<Rebuild> positionAt(SqlClient db, int id, String position) {
        return db.preparedQuery("UPDATE rebuilds SET stream_position = $2, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id, position)).map(rows -> rebuild(rows.iterator().next()));
    }

    public Uni<Void> progress(SqlClient db, int id, int tickets, int events) {
        return db.preparedQuery("UPDATE rebuilds SET tickets_done = tickets_done + $2, events_replayed = events_replayed + $3, "
                + "updated_at = now() WHERE id = $1").execute(Tuple.of(id, tickets, events)).replaceWithVoid();
    }

    public Uni<Void> catchingUp(SqlClient db, int id) {
        return db.preparedQuery("UPDATE rebuilds SET status = 'catching_up', updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /**
     * The swap: the rebuilt generation becomes the one every reader and the consumer use, in one statement — only
     * while the rebuild is still the running one (one failed meanwhile as dead is not swapped in). Answers whether it was.
     */
    public Uni<Boolean> complete(SqlConnection tx, Rebuild r) {
        return tx.preparedQuery("WITH done AS (UPDATE rebuilds SET status = 'completed', finished_at = now(), updated_at = now() "
                        + "WHERE id = $1 AND " + RUNNING + " RETURNING generation), "
                        + "f AS (UPDATE facts_generation SET current = $2, building = NULL WHERE building = $2 AND EXISTS (SELECT 1 FROM done) "
                        + "RETURNING 1) SELECT count(*) FROM f")
                .execute(Tuple.of(r.id(), r.generation())).map(rows -> rows.iterator().next().getLong(0) == 1);
    }

    /** Whether the rebuild is still the running one (not failed meanwhile as dead). */
    public Uni<Boolean> running(SqlClient db, int id) {
        return db.preparedQuery("SELECT 1 FROM rebuilds WHERE id = $1 AND " + RUNNING).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
    }

    public Uni<Void> fail(SqlClient db, int id, String error) {
        return db.preparedQuery("WITH r AS (UPDATE rebuilds SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 "
                        + "RETURNING generation) UPDATE facts_generation SET building = NULL WHERE building = (SELECT generation FROM r)")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }

    /** Deletes up to {@code batch} rows of each table that belong to neither the current nor a building generation. */
    public Uni<Integer> dropOldGenerations(SqlClient db, int batch) {
        String old = "generation NOT IN (SELECT current FROM facts_generation UNION ALL SELECT building FROM facts_generation WHERE building IS NOT NULL)";
        return db.preparedQuery("WITH h AS (DELETE FROM ticket_history WHERE ctid = ANY (ARRAY(SELECT ctid FROM ticket_history WHERE " + old
                        + " LIMIT $1)) RETURNING 1), t AS (DELETE FROM ticket_facts WHERE ctid = ANY (ARRAY(SELECT ctid FROM ticket_facts WHERE " + old
                        + " LIMIT $1)) RETURNING 1), a AS (DELETE FROM assignment_facts WHERE ctid = ANY (ARRAY(SELECT ctid FROM assignment_facts WHERE "
                        + old + " LIMIT $1)) RETURNING 1), d AS (DELETE FROM fact_days WHERE ctid = ANY (ARRAY(SELECT ctid FROM fact_days WHERE "
                        + old + " LIMIT $1)) RETURNING 1) SELECT ((SELECT count(*) FROM h) + (SELECT count(*) FROM t) + (SELECT count(*) FROM a) "
                        + "+ (SELECT count(*) FROM d))::int")
                .execute(Tuple.of(batch)).map(rows -> rows.iterator().next().getInteger(0));
    }

    private static Rebuild rebuild(Row r) {
        return new Rebuild(r.getInteger(0), r.getInteger(1), r.getString(2), r.getString(3), r.getInteger(4), r.getInteger(5),
                r.getString(6), r.getOffsetDateTime(7), r.getOffsetDateTime(8), r.getString(9));
    }
}
