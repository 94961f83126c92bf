package io.aiff.analytics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which teams' and zones' numbers changed since they were last published ({@code V4__summaries_outbox.sql}). */
@ApplicationScoped
public class SummaryRepository {

    /**
     * Ascending within each kind (teams first): two writers marking overlapping sets never wait on each other in a
     * circle. An existing mark is updated, not left be: its row lock keeps the publisher ({@code SKIP LOCKED}) from
     * taking it before this transaction commits, so a change is never published from before it.
     */
    private static final String MARK = "INSERT INTO summary_changes (kind, id) SELECT 'team', unnest($1::int[]) "
            + "UNION ALL SELECT 'zone', unnest($2::int[]) ON CONFLICT (kind, id) DO UPDATE SET changed_at = now()";
    /** Up to $1 changed teams and zones not published in the last second, taken (and marked published now). */
    private static final String TAKE = "WITH due AS (SELECT c.kind, c.id FROM summary_changes c LEFT JOIN summary_published p "
            + "ON p.kind = c.kind AND p.id = c.id WHERE p.published_at IS NULL OR p.published_at <= now() - interval '1 second' "
            + "ORDER BY c.kind, c.id LIMIT $1 FOR UPDATE OF c SKIP LOCKED), "
            + "taken AS (DELETE FROM summary_changes c USING due WHERE c.kind = due.kind AND c.id = due.id RETURNING c.kind, c.id), "
            + "marked AS (INSERT INTO summary_published (kind, id, published_at) SELECT kind, id, now() FROM taken "
            + "ON CONFLICT (kind, id) DO UPDATE SET published_at = now()) "
            + "SELECT kind, id FROM taken";

    /** Every team and zone of any generation (a rebuild's swap changes them all), marked; answers them. */
    private static final String MARK_ALL = "WITH every AS (SELECT 'team' AS kind, team_id AS id FROM ticket_facts WHERE team_id IS NOT NULL "
            + "UNION SELECT 'team', team_id FROM assignment_facts WHERE team_id IS NOT NULL "
            + "UNION SELECT 'zone', zone_id FROM ticket_facts WHERE zone_id IS NOT NULL), "
            + "marked AS (INSERT INTO summary_changes (kind, id) SELECT kind, id FROM every ORDER BY kind, id "
            + "ON CONFLICT (kind, id) DO UPDATE SET changed_at = now()) "
            + "SELECT kind, id FROM every";

    /** Teams and zones to publish. */
    public record Changed(List<Integer> teams, List<Integer> zones) {
        public boolean isEmpty() {
            return teams.isEmpty() && zones.isEmpty();
        }
    }

    public Uni<Void> mark(SqlConnection tx, Set<Integer> teams, Set<Integer> zones) {
        if (teams.isEmpty() && zones.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(MARK).execute(Tuple.of(teams.toArray(Integer[]::new), zones.toArray(Integer[]::new))).replaceWithVoid();
    }

    public Uni<Changed> markAll(SqlConnection tx) {
        return tx.query(MARK_ALL).execute().map(SummaryRepository::changed);
    }

    public Uni<Changed> take(SqlConnection tx, int limit) {
        return tx.preparedQuery(TAKE).execute(Tuple.of(limit)).map(SummaryRepository::changed);
    }

    private static Changed changed(RowSet<Row> rows) {
        List<Integer> teams = new ArrayList<>();
        List<Integer> zones = new ArrayList<>();
        for (Row row : rows) {
            ("team".equals(row.getString(0)) ? teams : zones).add(row.getInteger(1));
        }
        return new Changed(teams, zones);
    }
}
