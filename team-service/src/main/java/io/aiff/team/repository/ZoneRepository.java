package io.aiff.team.repository;

import io.aiff.team.Zone;
import io.aiff.team.service.Geo;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** SQL of {@code zones}. Every value is a bound parameter. */
@ApplicationScoped
public class ZoneRepository {

    static final String COLUMNS = "id, name, region, coordinates, coverage_area, population, priority_level, version, created_at, updated_at";

    public record Values(String name, String region, Point coordinates, Polygon coverageArea, Integer population,
                         int priorityLevel) {
        Tuple tuple() {
            return Tuple.of(name, region, coordinates, coverageArea, population, priorityLevel);
        }
    }

    /** Zones after {@code afterId} in id order; {@code names} null for any. */
    public Uni<List<Zone>> pageAfter(SqlClient db, List<String> names, int afterId, int limit) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM zones WHERE id > $1 AND ($3::varchar[] IS NULL OR name = ANY($3)) "
                        + "ORDER BY id LIMIT $2")
                .execute(Tuple.of(afterId, limit, names == null ? null : names.toArray(String[]::new))).map(ZoneRepository::zones);
    }

    /** The ids of the zones of these names (tokens issued before zone ids name their zones only). */
    public Uni<Set<Integer>> idsNamed(SqlClient db, Collection<String> names) {
        return db.preparedQuery("SELECT id FROM zones WHERE name = ANY($1)").execute(Tuple.of(names.toArray(String[]::new)))
                .map(rows -> {
                    Set<Integer> ids = new HashSet<>();
                    rows.forEach(row -> ids.add(row.getInteger(0)));
                    return ids;
                });
    }

    public Uni<Zone> find(SqlClient db, int id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM zones WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : zone(rows.iterator().next()));
    }

    public Uni<List<Zone>> findAll(SqlClient db, List<Integer> ids) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM zones WHERE id = ANY($1) ORDER BY id FOR SHARE")
                .execute(Tuple.of(ids.toArray(Integer[]::new))).map(ZoneRepository::zones);
    }

    /** Zones whose coverage contains the point (the edge counts as inside), highest priority first. */
    public Uni<List<Zone>> covering(SqlClient db, Point point) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM zones WHERE coverage_area @> $1::point "
                        + "ORDER BY priority_level DESC, id")
                .execute(Tuple.of(point)).map(ZoneRepository::zones);
    }

    public Uni<Zone> insert(SqlClient db, Values v) {
        return db.preparedQuery("INSERT INTO zones (name, region, coordinates, coverage_area, population, priority_level) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(v.tuple()).map(rows -> zone(rows.iterator().next()));
    }

    /** Updates when the version still matches; null when it does not (or the zone is gone). */
    public Uni<Zone> update(SqlClient db, int id, int version, Values v) {
        return db.preparedQuery("UPDATE zones SET name = $1, region = $2, coordinates = $3, coverage_area = $4, "
                        + "population = $5, priority_level = $6, version = version + 1, updated_at = now() "
                        + "WHERE id = $7 AND version = $8 RETURNING " + COLUMNS)
                .execute(v.tuple().addInteger(id).addInteger(version))
                .map(rows -> rows.size() == 0 ? null : zone(rows.iterator().next()));
    }

    static List<Zone> zones(Iterable<Row> rows) {
        List<Zone> zones = new ArrayList<>();
        rows.forEach(row -> zones.add(zone(row)));
        return zones;
    }

    static Zone zone(Row row) {
        return new Zone(row.getInteger("id"), row.getString("name"), row.getString("region"),
                Geo.point(row.get(Point.class, "coordinates")), Geo.ring(row.get(Polygon.class, "coverage_area")),
                row.getInteger("population"), row.getInteger("priority_level"), row.getInteger("version"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
