#!/usr/bin/env bash
# GET /api/teams/nearest with 1,000 active teams in 200 zones: latency at random points, straight at team-service.
#   bench/nearest.sh     (env: CONNECTIONS=4, DURATION=20s; needs ./aiff up)
# The bench rows are written with SQL as the database owner (zones of region 'AIFF bench', teams named 'Bench …')
# and removed at the end; the query plan is printed too.
. "$(dirname "$0")/lib.sh"
bench_db aiff_teams
CONNECTIONS=${CONNECTIONS:-4}
DURATION=${DURATION:-20s}
cleanup() {
  sql -c "DELETE FROM team_zones WHERE team_id IN (SELECT id FROM teams WHERE name LIKE 'Bench %');
          DELETE FROM teams WHERE name LIKE 'Bench %'; DELETE FROM zones WHERE region = 'AIFF bench';" >/dev/null
}
trap cleanup EXIT
cleanup
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; loading 200 zones and 1,000 teams"
sql <<'SQL'
INSERT INTO zones (name, region, coordinates, coverage_area, population, priority_level)
SELECT 'Bench zone ' || g, 'AIFF bench', point(lon, lat),
       format('((%s,%s),(%s,%s),(%s,%s),(%s,%s))', lon - 0.1, lat - 0.1, lon + 0.1, lat - 0.1, lon + 0.1, lat + 0.1, lon - 0.1, lat + 0.1)::polygon,
       10000, 1 + g % 5
FROM (SELECT g, 100 + random() * 19 AS lon, 1 + random() * 6 AS lat FROM generate_series(1, 200) g) z;
INSERT INTO teams (name, zone, status)
SELECT 'Bench team ' || g, 'Bench zone ' || (1 + g % 200), (array['available','available','busy','on_break','offline'])[1 + g % 5]
FROM generate_series(1, 1000) g;
INSERT INTO team_zones (team_id, zone_id, is_primary)
SELECT t.id, z.id, true FROM teams t JOIN zones z ON z.name = t.zone WHERE t.name LIKE 'Bench %';
INSERT INTO team_zones (team_id, zone_id, is_primary)
SELECT t.id, z.id, false FROM teams t JOIN zones z ON z.region = 'AIFF bench' AND z.name <> t.zone
WHERE t.name LIKE 'Bench %' AND t.id % 2 = 0 AND z.id = (SELECT min(id) FROM zones WHERE region = 'AIFF bench') + (t.id * 7) % 200
ON CONFLICT DO NOTHING;
ANALYZE zones; ANALYZE teams; ANALYZE team_zones;
SQL
sql -At -c "SELECT count(*) || ' teams, ' || (SELECT count(*) FROM zones) || ' zones, ' || (SELECT count(*) FROM team_zones) || ' team zones' FROM teams"
export BENCH_TOKEN
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "http://localhost:8083/api/teams/nearest?lat=3.139&lon=101.687&status=available&limit=3" \
  | head -c 300; echo
wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d10s -s bench/nearest.lua http://localhost:8083 >/dev/null   # warm-up
echo "== GET /api/teams/nearest (random points, status=available, limit=5), $CONNECTIONS connections, $DURATION"
wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d"$DURATION" -s bench/nearest.lua http://localhost:8083 | grep '^RESULT'
echo "== Plan (EXPLAIN ANALYZE of the query behind it)"
sql -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
WITH candidates AS (
    SELECT tz.team_id, coalesce(bool_or(z.coverage_area @> point(101.687, 3.139)), false) AS covers,
           min(2 * 6371.0088 * asin(least(1, sqrt(power(sin(radians(z.coordinates[1] - 3.139) / 2), 2)
               + cos(radians(3.139)) * cos(radians(z.coordinates[1])) * power(sin(radians(z.coordinates[0] - 101.687) / 2), 2))))) AS distance_km
    FROM team_zones tz JOIN zones z ON z.id = tz.zone_id GROUP BY tz.team_id)
SELECT t.id, c.covers, c.distance_km FROM candidates c JOIN teams t ON t.id = c.team_id
WHERE t.is_active AND t.status = ANY('{available}') ORDER BY c.covers DESC, c.distance_km NULLS LAST, t.id LIMIT 5" | tail -4
