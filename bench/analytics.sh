#!/usr/bin/env bash
# analytics-service at 1M tickets: summary reads over a year of history, and event ingestion.
#   bench/analytics.sh  (env: COUNT=1000000, EVENTS=20000, RATE=2000, SECONDS_SUSTAINED=30, CONNECTIONS=8, DURATION=15s,
#                        KEEP=1 keeps the rows, READS=0 skips the reads, REBUILD=1 rebuilds at the end; needs ./aiff up)
# The facts are written with SQL as the owner: COUNT tickets over the last 365 days in zones 9000–9199, each resolved by
# one of teams 90000–90999 with an assignment (ids from 900000000 up). Ingestion publishes events of new tickets
# (created, assigned, in progress, resolved): EVENTS at once (ids from 950000000 up), then RATE a second for
# SECONDS_SUSTAINED seconds (ids from 960000000 up), and times the consumer group and each event's lag.
. "$(dirname "$0")/lib.sh"
bench_db aiff_analytics
COUNT=${COUNT:-1000000}
EVENTS=${EVENTS:-20000}
RATE=${RATE:-2000}
SECONDS_SUSTAINED=${SECONDS_SUSTAINED:-30}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-15s}
SERVICE=http://localhost:8084
STREAM="${AIFF_REDIS_PREFIX:-aiff:}events"
REDIS=(redis-cli -u "${AIFF_REDIS_URL:-redis://localhost:6379}" --no-auth-warning)
cleanup() {
  echo "== Removing the bench rows"
  sql -c "DELETE FROM ticket_facts WHERE ticket_id >= 900000000; DELETE FROM assignment_facts WHERE assignment_id >= 900000000;
          DELETE FROM ticket_history WHERE ticket_id >= 900000000;
          DELETE FROM fact_days WHERE zone_id BETWEEN 9000 AND 9199 OR team_id BETWEEN 90000 AND 90999;" >/dev/null
  sql -c "VACUUM ANALYZE ticket_facts" -c "VACUUM ANALYZE assignment_facts" -c "VACUUM ANALYZE ticket_history" \
      -c "VACUUM ANALYZE fact_days" >/dev/null
}
[[ -n "${KEEP:-}" ]] || trap cleanup EXIT
# The bench zones' and teams' day sums from the bench facts alone (as the consumer would have added them: the numbers
# are read from these), after writing the facts and after the ingestion's tickets are removed again.
day_sums() {
  sql -v tz="${AIFF_ANALYTICS_TIME_ZONE:-UTC}" >/dev/null <<'SQL'
-- The ids as literal arrays (constants: PostgreSQL hashes = ANY over them; over a sub-select's array it would not).
SELECT current AS g, (SELECT coalesce(array_agg(ticket_id), '{}') FROM ticket_facts WHERE generation = current
         AND ticket_id BETWEEN 900000000 AND 949999999) AS tickets,
       (SELECT coalesce(array_agg(assignment_id), '{}') FROM assignment_facts WHERE generation = current
         AND assignment_id BETWEEN 900000000 AND 949999999) AS assignments
FROM facts_generation \gset
BEGIN;
DELETE FROM fact_days WHERE zone_id BETWEEN 9000 AND 9199 OR team_id BETWEEN 90000 AND 90999;
INSERT INTO fact_days SELECT :g, r.* FROM rollup_of(:g, :'tz', :'tickets'::int[], :'assignments'::int[]) r;
COMMIT;
SQL
}
json() { sed -E "s/.*\"$1\":(\"([^\"]*)\"|([0-9]+)).*/\2\3/"; }

echo "== Machine: $(machine)"
existing=$(sql -At -c "SELECT count(*) FROM ticket_facts WHERE ticket_id BETWEEN 900000000 AND 949999999" | tail -1)
if [[ "$existing" -lt $((COUNT / 2)) ]]; then
  cleanup >/dev/null
  echo "== Writing the facts of $COUNT tickets over a year"
  start=$(date +%s)
  sql -v count="$COUNT" -v tz="${AIFF_ANALYTICS_TIME_ZONE:-UTC}" >/dev/null <<'SQL'
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
SQL
  day_sums
  sql -v tz="${AIFF_ANALYTICS_TIME_ZONE:-UTC}" >/dev/null <<'SQL'
-- As autovacuum leaves tables in steady use: visibility maps set, statistics current.
VACUUM (ANALYZE) ticket_facts;
VACUUM (ANALYZE) assignment_facts;
VACUUM (ANALYZE) fact_days;
-- The daily history with them (as after a rebuild).
SELECT history.refresh_daily(:'tz', true);
SQL
  echo "   written (facts, day sums, daily history) in $(( $(date +%s) - start )) s"
fi

export BENCH_TOKEN BENCH_PATH BENCH_MIN BENCH_MAX
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" | json access_token)
FROM=$(date -u -d '365 days ago' +%F); TO=$(date -u +%F)
# read_run LABEL PATH MIN MAX [SCRIPT]: analytics-path.lua (ids at random: the cache answers repeats within its TTL) or
# analytics-cold.lua (each period's start a random day too: nearly every read computes from the day sums).
read_run() {
  BENCH_PATH="$2"; BENCH_MIN=$3; BENCH_MAX=$4
  local script=${5:-bench/analytics-path.lua}
  wrk -t2 -c"$CONNECTIONS" -d5s -s "$script" "$SERVICE" >/dev/null   # warm-up
  printf '   %-34s %s\n' "$1" "$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$script" "$SERVICE" | grep '^RESULT' | cut -d' ' -f2-)"
}
if [[ "${READS:-1}" == 1 ]]; then
  echo "== Summary reads over a year ($FROM..$TO), $CONNECTIONS connections, $DURATION each, as the administrator"
  read_run "one team's performance" "/api/analytics/teams/%d/performance?from=$FROM&to=$TO" 90000 90999
  read_run "one zone's numbers" "/api/analytics/zones/%d?from=$FROM&to=$TO" 9000 9199
  read_run "one zone's daily numbers" "/api/analytics/daily?zone_id=%d&from=$FROM&to=$TO" 9000 9199
  MONTH=$(date -u -d '365 days ago' +%Y-%m)
  read_run "one team's, cache missed" "/api/analytics/teams/%d/performance?from=$MONTH-%02d&to=$TO" 90000 90999 bench/analytics-cold.lua
  read_run "one zone's, cache missed" "/api/analytics/zones/%d?from=$MONTH-%02d&to=$TO" 9000 9199 bench/analytics-cold.lua
fi

# ingest LABEL FIRST_TICKET COUNT RATE: COUNT events of COUNT/4 new tickets (created, assigned, in progress, resolved)
# published at RATE events/s (0: at once) through redis-cli --pipe; each event's lag is the time from its publication
# to the start of the transaction that applied it (consumed_events.consumed_at; the batch commits some ms later).
ingest() {
  local label=$1 first=$2 count=$3 rate=$4
  local before; before=$(sql -At -c "SELECT count(*) FROM consumed_events WHERE group_name = 'analytics'" | tail -1)
  local start; start=$(date +%s.%N)
  python3 - "$first" "$count" "$rate" "$STREAM" /tmp/bench-analytics-published.csv <<'PY' | "${REDIS[@]}" --pipe >/dev/null
import json, sys, time, uuid, datetime
first, n, rate, stream, published = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], open(sys.argv[5], 'w')
out = sys.stdout.buffer
now = datetime.datetime.now(datetime.timezone.utc)
def at(minutes): return (now + datetime.timedelta(minutes=minutes)).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
def resp(*args):
    b = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a.encode(); b.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(b)
moves = [("ticket.created", None, None, 0), ("ticket.status_changed", "open", "assigned", 10),
         ("ticket.status_changed", "assigned", "in_progress", 20), ("ticket.status_changed", "in_progress", "resolved", 60)]
began, sent, chunk = time.time(), 0, max(1, int(rate / 50)) if rate else n
for i in range(n // 4):
    ticket = first + i
    for v, (kind, frm, to, m) in enumerate(moves, 1):
        data = {"ticket_number": "B-%d" % ticket, "status": to or "open", "priority": "high", "category": "maintenance", "version": v}
        if frm:
            data.update({"from": frm, "to": to, "occurred_at": at(m), "sla": {"response_breached": False, "resolution_breached": False}})
        else:
            data["created_at"] = at(0)
        env = {"id": str(uuid.uuid4()), "type": kind, "source": "ticket-service", "aggregate_id": str(ticket), "occurred_at": at(m),
               "zone_id": 9000 + i % 200, "zone": "Bench zone %d" % (i % 200), "team_id": 90000 + i % 1000, "actor": "user:1",
               "data": data, "version": 1}
        out.write(resp("XADD", stream, "*", "envelope", json.dumps(env)))
        published.write("%s,%.3f\n" % (env["id"], time.time()))
        sent += 1
        if sent % chunk == 0:
            out.flush()
            if rate:
                wait = began + sent / rate - time.time()
                if wait > 0:
                    time.sleep(wait)
out.flush()
PY
  local published; published=$(date +%s.%N)
  local target=$((before + count))
  while [[ $(sql -At -c "SELECT count(*) FROM consumed_events WHERE group_name = 'analytics'" | tail -1) -lt $target ]]; do sleep 0.5; done
  local done_at; done_at=$(date +%s.%N)
  local lag; lag=$(sql -At <<'SQL' | tail -1
CREATE TEMP TABLE published (event_id uuid, at double precision);
\copy published FROM '/tmp/bench-analytics-published.csv' WITH (FORMAT csv)
SELECT format('lag p50 %s ms, p95 %s ms, max %s ms', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)),
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY l)), round(max(l)))
FROM (SELECT (extract(epoch FROM c.consumed_at) - p.at) * 1000 AS l FROM published p
      JOIN consumed_events c ON c.group_name = 'analytics' AND c.event_id = p.event_id) x;
SQL
)
  printf '   %-34s published in %.1f s; all applied %.1f s after the first: %.0f events/s; %s\n' "$label" \
    "$(echo "$published - $start" | bc)" "$(echo "$done_at - $start" | bc)" "$(echo "$count / ($done_at - $start)" | bc -l)" "$lag"
}
echo "== Ingestion (each event joins its ticket's history, the ticket is folded, caches dropped, the change marked)"
ingest "$EVENTS events at once" 950000000 "$EVENTS" 0
ingest "$RATE events/s for ${SECONDS_SUSTAINED} s" 960000000 $((RATE * SECONDS_SUSTAINED)) "$RATE"
sql -c "DELETE FROM ticket_facts WHERE ticket_id >= 950000000; DELETE FROM ticket_history WHERE ticket_id >= 950000000;" >/dev/null
day_sums

# REBUILD=1: a full rebuild from ticket-service's export (it replaces the facts written above with ticket-service's own
# tickets; the next run writes them again).
if [[ -n "${REBUILD:-}" ]]; then
  echo "== Rebuild from ticket-service's export"
  start=$(date +%s)
  rebuild=$(curl -fsS -X POST -H "Authorization: Bearer $BENCH_TOKEN" http://localhost:8080/api/analytics/rebuild | json id)
  status=building
  while [[ "$status" != completed && "$status" != failed ]]; do
    sleep 5
    # The token lives 15 minutes: log in again when it is refused.
    body=$(curl -sS -H "Authorization: Bearer $BENCH_TOKEN" "http://localhost:8080/api/analytics/rebuild/$rebuild")
    if [[ "$body" != *'"status"'* ]]; then
      BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
        <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" | json access_token)
      continue
    fi
    status=$(json status <<<"$body")
  done
  printf '   rebuild %s: %s in %d s; tickets %s, events replayed %s\n' "$rebuild" "$status" "$(( $(date +%s) - start ))" \
    "$(json tickets_done <<<"$body")" "$(json events_replayed <<<"$body")"
fi
