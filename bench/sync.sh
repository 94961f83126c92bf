#!/usr/bin/env bash
# Offline sync at 1M tickets, straight at ticket-service: a technician's full sync of its zone's 5,000 tickets in
# pages of 500 (total time), then a delta of 10 changes polled with 8 connections (p50/p95/p99).
#   bench/sync.sh     (env: COUNT=1000000, ZONE_TICKETS=5000, PAGE=500, CONNECTIONS=8, DURATION=15s, KEEP=1 keeps the
#                     rows and a later run reuses them; needs ./aiff up)
# The technician, its team and zone are created through the gateway; the tickets are written with SQL in the system
# scope (title 'Bench sync …') and removed at the end, with their change log rows.
. "$(dirname "$0")/lib.sh"
bench_db aiff_tickets
COUNT=${COUNT:-1000000}
ZONE_TICKETS=${ZONE_TICKETS:-5000}
PAGE=${PAGE:-500}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-15s}
SYSTEM="SELECT set_config('aiff.actor', 'system', false), set_config('aiff.reads', 'all', false), set_config('aiff.changes', 'all', false);"
cleanup() {
  echo "== Removing the bench rows"
  sql -c "$SYSTEM
          CREATE TEMP TABLE bench_ids AS SELECT id FROM tickets WHERE title LIKE 'Bench sync %';
          DELETE FROM ticket_status_events WHERE ticket_id IN (SELECT id FROM bench_ids);
          DELETE FROM tickets WHERE id IN (SELECT id FROM bench_ids);
          DELETE FROM ticket_changes WHERE ticket_id IN (SELECT id FROM bench_ids);" >/dev/null
  sql -c "VACUUM ANALYZE tickets" -c "VACUUM ANALYZE ticket_changes" -c "VACUUM ANALYZE search.tickets" >/dev/null
}
[[ -n "${KEEP:-}" ]] || trap cleanup EXIT
json() { sed -E "s/.*\"$1\":(\"([^\"]*)\"|([0-9]+)).*/\2\3/"; }
api() { curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $1" "${@:2}"; }

echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
ADMIN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" | json access_token)
TAG=$(date +%s)
ZONE=$(api "$ADMIN" http://localhost:8080/api/zones -d "{\"name\":\"Sync bench $TAG\",\"region\":\"Bench\",\"coordinates\":{\"lat\":3.1,\"lon\":101.6},
  \"coverage_area\":[{\"lat\":3.0,\"lon\":101.5},{\"lat\":3.0,\"lon\":101.7},{\"lat\":3.2,\"lon\":101.7}]}" | json id)
TEAM=$(api "$ADMIN" http://localhost:8080/api/teams -d "{\"name\":\"Sync bench crew $TAG\",\"zone\":\"Sync bench $TAG\"}" | json id)
USER_ID=$(api "$ADMIN" http://localhost:8080/api/users -d "{\"username\":\"sync-bench-$TAG\",\"email\":\"sync-bench-$TAG@example.com\",
  \"password\":\"a-long-enough-passphrase\",\"role\":\"technician\"}" | json id)
api "$ADMIN" -X PUT "http://localhost:8080/api/teams/$TEAM/members" -d "{\"members\":[{\"user_id\":$USER_ID,\"role_in_team\":\"member\"}]}" >/dev/null
export BENCH_TOKEN
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' http://localhost:8080/api/auth/login \
  -d "{\"username\":\"sync-bench-$TAG\",\"password\":\"a-long-enough-passphrase\"}" | json access_token)

existing=$(sql -At -c "$SYSTEM" -c "SELECT count(*) FROM tickets WHERE title LIKE 'Bench sync %'" | tail -1)
if [[ "$existing" == "$COUNT" ]]; then
  echo "== Reusing the $COUNT bench tickets (KEEP=1 before); $ZONE_TICKETS of them move to the technician's zone $ZONE"
  sql -c "$SYSTEM" -c "UPDATE tickets SET zone_id = $ZONE, version = version + 1
                       WHERE title LIKE 'Bench sync %' AND zone_id NOT BETWEEN 9000 AND 9198" >/dev/null
  sql -c "VACUUM ANALYZE tickets" -c "VACUUM ANALYZE ticket_changes" >/dev/null
else
[[ "$existing" == 0 ]] || cleanup
echo "== Loading $COUNT tickets, $ZONE_TICKETS of them in the technician's zone $ZONE (the rest over 199 other zones)"
start=$(date +%s)
sql -v count="$COUNT" -v zone="$ZONE" -v zone_tickets="$ZONE_TICKETS" -v zone_name="Sync bench $TAG" >/dev/null <<SQL
$SYSTEM
INSERT INTO tickets (ticket_number, title, description, priority, category, status, zone_id, zone, created_at, updated_at,
                     sla_deadline, sla_at_risk_at, customer_contact_masked)
SELECT 'SYNC-' || g, 'Bench sync ' || g, 'Bench sync ticket ' || g, (array['low', 'medium', 'high', 'critical'])[1 + g % 4],
       'network', (array['open', 'assigned', 'in_progress', 'resolved', 'closed'])[1 + g % 5],
       CASE WHEN g % (:count / :zone_tickets) = 0 THEN :zone ELSE 9000 + g % 199 END,
       CASE WHEN g % (:count / :zone_tickets) = 0 THEN :'zone_name' ELSE 'Bench zone ' || g % 199 END,
       now() - (g % 525600) * interval '1 minute', now(), now() + interval '2 days', now() + interval '1 day', '••••••••0100'
FROM generate_series(1, :count) g;
ANALYZE tickets;
ANALYZE ticket_changes;
SQL
echo "   loaded in $(( $(date +%s) - start )) s"
fi

SERVICE=http://localhost:8082
echo "== Full sync of the zone, pages of $PAGE (3 runs; the sum of the requests' times, as curl measures them)"
page_file=$(mktemp)
for run in 1 2 3; do
  total=0; pages=0; items=0; cursor=""
  while :; do
    seconds=$(curl -fsS -o "$page_file" -w '%{time_total}' -H "Authorization: Bearer $BENCH_TOKEN" \
      "$SERVICE/api/sync?limit=$PAGE${cursor:+&cursor=$cursor}")
    total=$(awk -v a="$total" -v b="$seconds" 'BEGIN { print a + b }')
    pages=$((pages + 1)); items=$((items + $(grep -o '"type":"ticket","id":[0-9]*,"kind":"upsert"' "$page_file" | wc -l)))
    cursor=$(grep -o '"next_cursor":"[^"]*"' "$page_file" | cut -d'"' -f4)
    grep -q '"has_more":true' "$page_file" || break
  done
  printf '   run %d: %d tickets in %d pages, %d ms\n' "$run" "$items" "$pages" "$(awk -v t="$total" 'BEGIN { printf "%d", t * 1000 }')"
done
rm -f "$page_file"
export BENCH_PATH
echo "== A delta of 10 changes, $CONNECTIONS connections, $DURATION"
sql -c "$SYSTEM UPDATE tickets SET title = title || ' (changed)', version = version + 1
        WHERE id IN (SELECT id FROM tickets WHERE zone_id = $ZONE AND title LIKE 'Bench sync %' ORDER BY id LIMIT 10);" >/dev/null
BENCH_PATH="/api/sync?limit=200&cursor=$cursor"
curl -fsS -H "Authorization: Bearer $BENCH_TOKEN" "$SERVICE$BENCH_PATH" | grep -o '"kind":"upsert"' | wc -l | xargs printf '   the delta holds %s tickets\n'
threads=$(( CONNECTIONS < 2 ? 1 : 2 ))
wrk -t$threads -c"$CONNECTIONS" -d5s -s bench/tickets-path.lua "$SERVICE" >/dev/null
printf '   %s\n' "$(wrk -t$threads -c"$CONNECTIONS" -d"$DURATION" -s bench/tickets-path.lua "$SERVICE" | grep '^RESULT' | cut -d' ' -f2-)"
