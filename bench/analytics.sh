#!/usr/bin/env bash
# analytics-service at 1M tickets: summary reads over a year of history, and event ingestion.
#   bench/analytics.sh  (env: COUNT=1000000, EVENTS=20000, CONNECTIONS=8, DURATION=15s, KEEP=1 keeps the rows; needs ./aiff up)
# The facts are written with SQL as the owner: COUNT tickets over the last 365 days in zones 9000–9199, each resolved by
# one of teams 90000–90999 with an assignment (ids from 900000000 up). Ingestion publishes EVENTS events of new tickets
# (ids from 950000000 up: created, assigned, in progress, resolved) to the stream at once and times the consumer group.
. "$(dirname "$0")/lib.sh"
bench_db aiff_analytics
COUNT=${COUNT:-1000000}
EVENTS=${EVENTS:-20000}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-15s}
SERVICE=http://localhost:8084
STREAM="${AIFF_REDIS_PREFIX:-aiff:}events"
REDIS=(redis-cli -u "${AIFF_REDIS_URL:-redis://localhost:6379}" --no-auth-warning)
cleanup() {
  echo "== Removing the bench rows"
  sql -c "DELETE FROM ticket_facts WHERE ticket_id >= 900000000; DELETE FROM assignment_facts WHERE assignment_id >= 900000000;
          DELETE FROM ticket_history WHERE ticket_id >= 900000000;" >/dev/null
  sql -c "VACUUM ANALYZE ticket_facts" -c "VACUUM ANALYZE assignment_facts" -c "VACUUM ANALYZE ticket_history" >/dev/null
}
[[ -n "${KEEP:-}" ]] || trap cleanup EXIT
json() { sed -E "s/.*\"$1\":(\"([^\"]*)\"|([0-9]+)).*/\2\3/"; }

echo "== Machine: $(machine)"
existing=$(sql -At -c "SELECT count(*) FROM ticket_facts WHERE ticket_id BETWEEN 900000000 AND 949999999" | tail -1)
if [[ "$existing" -lt $((COUNT / 2)) ]]; then
  cleanup >/dev/null
  echo "== Writing the facts of $COUNT tickets over a year"
  start=$(date +%s)
  sql -v count="$COUNT" >/dev/null <<'SQL'
INSERT INTO ticket_facts (generation, ticket_id, zone_id, zone, team_id, priority, category, status, created_at,
                          first_response_at, resolved_at, closed_at, paused_seconds, reopen_count, reassignment_count,
                          rating, response_met, resolution_met, assignment_id)
SELECT (SELECT current FROM facts_generation), 900000000 + i, 9000 + i % 200, 'Bench zone ' || (i % 200), 90000 + i % 1000,
       (ARRAY['low', 'medium', 'high', 'critical'])[1 + i % 4], 'maintenance',
       CASE WHEN i % 10 = 0 THEN 'in_progress' WHEN i % 3 = 0 THEN 'closed' ELSE 'resolved' END,
       c, c + interval '20 minutes', CASE WHEN i % 10 = 0 THEN NULL ELSE c + interval '5 hours' END,
       CASE WHEN i % 3 = 0 AND i % 10 <> 0 THEN c + interval '6 hours' END, (i % 7) * 600, (i % 13 = 0)::int, (i % 17 = 0)::int,
       CASE WHEN i % 2 = 0 THEN 1 + i % 5 END, i % 9 <> 0, i % 11 <> 0, 900000000 + i
FROM (SELECT i, now() - make_interval(secs => (i::bigint * 31536000 / :count)) AS c FROM generate_series(1, :count) i) t;
INSERT INTO assignment_facts (generation, assignment_id, ticket_id, team_id, zone_id, status, assigned_at, completed_at,
                              time_spent, quality_score, version)
SELECT generation, assignment_id, ticket_id, team_id, zone_id, CASE WHEN resolved_at IS NULL THEN 'in_progress' ELSE 'completed' END,
       first_response_at, resolved_at, 60 + ticket_id % 120, 3 + (ticket_id % 3), 3
FROM ticket_facts WHERE ticket_id BETWEEN 900000000 AND 949999999;
ANALYZE ticket_facts;
ANALYZE assignment_facts;
SQL
  echo "   written in $(( $(date +%s) - start )) s"
fi

export BENCH_TOKEN BENCH_PATH BENCH_MIN BENCH_MAX
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" | json access_token)
FROM=$(date -u -d '365 days ago' +%F); TO=$(date -u +%F)
read_run() {
  BENCH_PATH="$2"; BENCH_MIN=$3; BENCH_MAX=$4
  wrk -t2 -c"$CONNECTIONS" -d5s -s bench/analytics-path.lua "$SERVICE" >/dev/null   # warm-up
  printf '   %-34s %s\n' "$1" "$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/analytics-path.lua "$SERVICE" | grep '^RESULT' | cut -d' ' -f2-)"
}
echo "== Summary reads over a year ($FROM..$TO), $CONNECTIONS connections, $DURATION each, as the administrator"
read_run "one team's performance" "/api/analytics/teams/%d/performance?from=$FROM&to=$TO" 90000 90999
read_run "one zone's numbers" "/api/analytics/zones/%d?from=$FROM&to=$TO" 9000 9199
read_run "one zone's daily numbers" "/api/analytics/daily?zone_id=%d&from=$FROM&to=$TO" 9000 9199

echo "== Ingestion: $EVENTS events of $((EVENTS / 4)) new tickets, published at once"
before=$(sql -At -c "SELECT count(*) FROM consumed_events WHERE group_name = 'analytics'" | tail -1)
python3 - "$EVENTS" "$STREAM" > /tmp/bench-analytics-events.txt <<'PY'
import json, sys, uuid, datetime
n, stream = int(sys.argv[1]), sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc)
def at(minutes): return (now + datetime.timedelta(minutes=minutes)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
moves = [("ticket.created", None, None, 0), ("ticket.status_changed", "open", "assigned", 10),
         ("ticket.status_changed", "assigned", "in_progress", 20), ("ticket.status_changed", "in_progress", "resolved", 60)]
for i in range(n // 4):
    ticket = 950000000 + i
    for v, (kind, frm, to, m) in enumerate(moves, 1):
        data = {"ticket_number": "B-%d" % ticket, "status": to or "open", "priority": "high", "category": "maintenance", "version": v}
        if frm:
            data.update({"from": frm, "to": to, "occurred_at": at(m), "sla": {"response_breached": False, "resolution_breached": False}})
        else:
            data["created_at"] = at(0)
        env = {"id": str(uuid.uuid4()), "type": kind, "source": "ticket-service", "aggregate_id": str(ticket), "occurred_at": at(m),
               "zone_id": 9000 + i % 200, "zone": "Bench zone %d" % (i % 200), "team_id": 90000 + i % 1000, "actor": "user:1",
               "data": data, "version": 1}
        print('XADD %s * envelope %s' % (stream, json.dumps(json.dumps(env))))
PY
start=$(date +%s.%N)
"${REDIS[@]}" < /tmp/bench-analytics-events.txt >/dev/null
published=$(date +%s.%N)
target=$((before + EVENTS))
while [[ $(sql -At -c "SELECT count(*) FROM consumed_events WHERE group_name = 'analytics'" | tail -1) -lt $target ]]; do sleep 0.5; done
done_at=$(date +%s.%N)
printf '   published in %.1f s; all applied %.1f s after the first: %.0f events/s\n' "$(echo "$published - $start" | bc)" \
  "$(echo "$done_at - $start" | bc)" "$(echo "$EVENTS / ($done_at - $start)" | bc -l)"
sql -c "DELETE FROM ticket_facts WHERE ticket_id >= 950000000; DELETE FROM ticket_history WHERE ticket_id >= 950000000;" >/dev/null
