#!/usr/bin/env bash
# Start time and idle memory of each service, started alone (nothing else of AIFF running), as ./aiff up starts it.
# Needs the state ./aiff up leaves (databases, keys, .aiff/env) and built jars. Prints one line per service.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[[ -f .aiff/env ]] || { echo "Run ./aiff up once first." >&2; exit 1; }
./aiff down >/dev/null
declare -A PORT=([gateway]=9080 [auth-service]=9081 [ticket-service]=9082 [team-service]=9083 [analytics-service]=9084)   # management ports
IDLE=${IDLE_SECONDS:-15}
printf '%-18s %12s %16s %14s\n' service "ready (s)" "quarkus start" "idle RSS (MiB)"
for svc in auth-service ticket-service team-service analytics-service gateway; do
  log="$(mktemp)"
  ./aiff exec "$svc" >"$log" 2>&1 &
  pid=$!
  start=$(date +%s%N)
  until curl -fs -o /dev/null "http://localhost:${PORT[$svc]}/q/health/ready"; do sleep 0.1; done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$IDLE"
  rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
  printf '%-18s %12s %16s %14s\n' "$svc" "$((ready_ms / 1000)).$(printf '%03d' $((ready_ms % 1000)))" "$(grep -o 'started in [0-9.]*s' "$log" | head -1 | cut -d' ' -f3)" "$rss"
  pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  rm -f "$log"
done
