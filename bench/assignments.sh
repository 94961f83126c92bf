#!/usr/bin/env bash
# Assignments at 1M tickets, 1,000 teams in 200 zones, straight at ticket-service: one automatic decision per request
# (p50/p95/p99 at CONNECTIONS), a bulk of 500 manual assignments, an automatic dispatch of 500 open tickets.
#   bench/assignments.sh  (env: COUNT=1000000, CONNECTIONS=8, DURATION=15s, KEEP=1 keeps the rows; needs ./aiff up)
# Everything is written with SQL in the system scope: the tickets (title 'Bench dispatch …', all open, in zones
# 9000–9199 near their centres) and ticket-service's copy of the directory (zones 9000–9199; teams 90000–90999, each
# with a primary zone and a second one, capacity 100,000 so that no run fills one). Removed at the end.
. "$(dirname "$0")/lib.sh"
bench_db aiff_tickets
COUNT=${COUNT:-1000000}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-15s}
SERVICE=http://localhost:8082
SYSTEM="SELECT set_config('aiff.actor', 'system', false), set_config('aiff.reads', 'all', false), set_config('aiff.changes', 'all', false);"
cleanup() {
  echo "== Removing the bench rows"
  sql -c "$SYSTEM" -c "CREATE TEMP TABLE bench_ids AS SELECT id FROM tickets WHERE title LIKE 'Bench dispatch %';
          DELETE FROM dispatch_decisions WHERE ticket_id IN (SELECT id FROM bench_ids);
          DELETE FROM ticket_status_events WHERE ticket_id IN (SELECT id FROM bench_ids);
          DELETE FROM tickets WHERE id IN (SELECT id FROM bench_ids);
          DELETE FROM ticket_changes WHERE ticket_id IN (SELECT id FROM bench_ids);
          DELETE FROM team_zones WHERE team_id BETWEEN 90000 AND 90999;
          DELETE FROM teams WHERE id BETWEEN 90000 AND 90999;
          DELETE FROM zones WHERE id BETWEEN 9000 AND 9199;" >/dev/null
  sql -c "VACUUM ANALYZE tickets" -c "VACUUM ANALYZE assignments" -c "VACUUM ANALYZE ticket_changes" >/dev/null
}
[[ -n "${KEEP:-}" ]] || trap cleanup EXIT
json() { sed -E "s/.*\"$1\":(\"([^\"]*)\"|([0-9]+)).*/\2\3/"; }

echo "== Machine: $(machine)"
existing=$(sql -At -c "$SYSTEM" -c "SELECT count(*) FROM tickets WHERE title LIKE 'Bench dispatch %' AND status = 'open'" | tail -1)
if [[ "$existing" -lt $((COUNT / 2)) ]]; then
  cleanup >/dev/null
  echo "== Loading 200 zones, 1,000 teams and $COUNT open tickets"
  start=$(date +%s)
  sql -v count="$COUNT" >/dev/null <<SQL
$SYSTEM
INSERT INTO zones (id, name, centre, coverage_area, version)
SELECT 9000 + z, 'Bench zone ' || z, point(100.5 + (z % 20) * 0.3, 1.5 + (z / 20) * 0.5),
       polygon(box(point(100.35 + (z % 20) * 0.3, 1.25 + (z / 20) * 0.5), point(100.65 + (z % 20) * 0.3, 1.75 + (z / 20) * 0.5))), 1
FROM generate_series(0, 199) z;
INSERT INTO teams (id, name, is_active, status, version, capacity, categories)
SELECT 90000 + t, 'Bench team ' || t, true, (array['available', 'available', 'available', 'busy'])[1 + t % 4], 1, 100000,
       CASE WHEN t % 3 = 0 THEN '{}'::varchar[] ELSE ARRAY[(array['network', 'power', 'water'])[1 + t % 3]]::varchar[] END
FROM generate_series(0, 999) t;
INSERT INTO team_zones (team_id, zone_id, is_primary)
SELECT 90000 + t, 9000 + t % 200, true FROM generate_series(0, 999) t
UNION ALL SELECT 90000 + t, 9000 + (t + 1) % 200, false FROM generate_series(0, 999) t;
INSERT INTO tickets (ticket_number, title, priority, category, status, zone_id, zone, coordinates, created_at, updated_at,
                     sla_deadline, sla_at_risk_at, customer_contact_masked)
SELECT 'DISPATCH-' || g, 'Bench dispatch ' || g, (array['low', 'medium', 'high', 'critical'])[1 + g % 4],
       (array['network', 'power', 'water'])[1 + g % 3], 'open', 9000 + g % 200, 'Bench zone ' || g % 200,
       point(100.5 + (g % 200 % 20) * 0.3 + (g % 97) * 0.001, 1.5 + (g % 200 / 20) * 0.5 + (g % 89) * 0.001),
       now() - (g % 525600) * interval '1 minute', now(), now() + interval '2 days', now() + interval '1 day', NULL
FROM generate_series(1, :count) g;
ANALYZE tickets;
ANALYZE teams;
SQL
  echo "   loaded in $(( $(date +%s) - start )) s"
fi
read -r MIN MAX < <(sql -At -F' ' -c "$SYSTEM" -c "SELECT min(id), max(id) FROM tickets WHERE title LIKE 'Bench dispatch %' AND status = 'open'" | tail -1)
export BENCH_TOKEN BENCH_MIN_ID BENCH_THREADS
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" | json access_token)

echo "== One automatic decision per request, $CONNECTIONS connections, $DURATION (each request a fresh open ticket)"
BENCH_THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
BENCH_MIN_ID=$MIN
printf '   %s\n' "$(wrk -t$BENCH_THREADS -c"$CONNECTIONS" -d"$DURATION" -s bench/auto.lua "$SERVICE" | grep '^RESULT' | cut -d' ' -f2-)"
decided=$(sql -At -c "$SYSTEM" -c "SELECT count(*) FROM dispatch_decisions d JOIN tickets t ON t.id = d.ticket_id WHERE t.title LIKE 'Bench dispatch %'" | tail -1)
echo "   decisions stored: $decided"

# Open tickets still untouched, from the top of the range down (the decisions above took them from the bottom up).
ids() { sql -At -c "$SYSTEM" -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM tickets WHERE title LIKE 'Bench dispatch %'
                                  AND status = 'open' AND id <= $1 ORDER BY id DESC LIMIT 500) t" | tail -1; }
echo "== A bulk of 500 manual assignments (each to its zone's first team)"
items=$(sql -At -c "$SYSTEM" -c "SELECT string_agg(format('{\"ticket_id\":%s,\"team_id\":%s}', id, 90000 + zone_id - 9000), ',')
                                FROM (SELECT id, zone_id FROM tickets WHERE title LIKE 'Bench dispatch %' AND status = 'open'
                                      AND id <= $MAX ORDER BY id DESC LIMIT 500) t" | tail -1)
curl -fsS -o /tmp/bench-bulk.json -w '   %{time_total} s' -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
  "$SERVICE/api/assignments/bulk" -d "{\"items\":[$items]}"
echo ", $(grep -o '"status":"assigned"' /tmp/bench-bulk.json | wc -l) assigned"
echo "== Automatic dispatch of 500 open tickets (one request)"
curl -fsS -o /tmp/bench-auto.json -w '   %{time_total} s' -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
  "$SERVICE/api/assignments/auto" -d "{\"ticket_ids\":[$(ids "$MAX")]}"
echo ", $(grep -o '"status":"assigned"' /tmp/bench-auto.json | wc -l) assigned, $(grep -o '"status":"no_candidate"' /tmp/bench-auto.json | wc -l) without a candidate"
