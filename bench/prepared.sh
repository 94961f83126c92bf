#!/usr/bin/env bash
# ticket-service with and without the reactive client's prepared-statement cache, in turns (on, off, on, off: the same
# build and data, so the machine's drift shows as the spread within each setting): get-by-id, two list filters and a
# selective search straight at the service with an admin token. Needs ./aiff up and bench rows left by
# KEEP=1 bench/tickets.sh; ends by handing ticket-service back to ./aiff up (started afresh with ./aiff's settings).
#   bench/prepared.sh     (env: CONNECTIONS=8, DURATION=15s)
. "$(dirname "$0")/lib.sh"
bench_db aiff_tickets
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-15s}
read -r MIN MAX < <(sql -At -F' ' -c "SELECT min(id), max(id) FROM tickets WHERE ticket_number LIKE 'BENCH-%' AND set_config('aiff.role', 'system', false) IS NOT NULL")
[[ -n "$MIN" ]] || { echo "No bench rows: run KEEP=1 bench/tickets.sh first." >&2; exit 1; }
export BENCH_MIN_ID=$MIN BENCH_MAX_ID=$MAX BENCH_TOKEN
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
# The ticket-service ./aiff up started (its pid file, checked against its command line): its environment and command.
pid=$(cat .aiff/pids/ticket-service 2>/dev/null || true)
[[ -n "$pid" ]] && tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null | grep -q 'ticket-service/target/quarkus-app/quarkus-run.jar' \
  || { echo "ticket-service is not running under ./aiff up." >&2; exit 1; }
mapfile -d '' all </proc/"$pid"/environ
vars=()
for v in "${all[@]}"; do [[ "$v" == QUARKUS_DATASOURCE_REACTIVE_CACHE_PREPARED_STATEMENTS=* ]] || vars+=("$v"); done
mapfile -d '' cmd </proc/"$pid"/cmdline
running="$pid"   # the ticket-service this script stops next: ./aiff's first, then each one it started itself
stop() {
  [[ -n "$running" ]] || return 0
  kill "$running" 2>/dev/null || true
  while kill -0 "$running" 2>/dev/null; do sleep 0.3; done
  running=""
}
trap 'stop; rm -f .aiff/pids/ticket-service; ./aiff up >/dev/null' EXIT
start() { # start true|false
  stop
  (cd ticket-service && exec env -i "${vars[@]}" "QUARKUS_DATASOURCE_REACTIVE_CACHE_PREPARED_STATEMENTS=$1" nohup "${cmd[@]}" \
    >"/tmp/aiff-bench-prepared-$1.log" 2>&1) &
  running=$!
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null http://localhost:9082/q/health/ready 2>/dev/null && return
    kill -0 "$running" 2>/dev/null || break
    sleep 0.5
  done
  echo "ticket-service did not start (/tmp/aiff-bench-prepared-$1.log)" >&2; exit 1
}
run() { # run NAME SCRIPT PATH DURATION
  printf '%-22s %s\n' "$1" "$(BENCH_PATH="$3" wrk -t2 -c"$CONNECTIONS" -d"$4" -s "$2" http://localhost:8082 | grep '^RESULT' | cut -d' ' -f2-)"
}
echo "== Machine: $(machine); bench ids $MIN–$MAX"
for cache in true false true false; do
  start "$cache"
  echo "== cache-prepared-statements=$cache"
  BENCH_PATH=/ wrk -t2 -c"$CONNECTIONS" -d8s -s bench/tickets-get.lua http://localhost:8082 >/dev/null
  run "get by id" bench/tickets-get.lua / "$DURATION"
  run "list status+zone" bench/tickets-path.lua "/api/tickets?status=open,assigned&zone=Ipoh&limit=50" "$DURATION"
  run "list team+status" bench/tickets-path.lua "/api/tickets?assigned_team=7&status=in_progress&limit=50" "$DURATION"
  run "search: one ticket" bench/tickets-path.lua "/api/tickets/search?q=fibre%20cut%20424242&limit=20" 10s
done
