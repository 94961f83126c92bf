#!/usr/bin/env bash
# Memory of idle real-time connections: opens N SSE streams to the gateway and reports its RSS growth per 1,000.
#   bench/sse-memory.sh [N=2000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N=${1:-2000}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # as many open files as allowed: each stream is one
./aiff down >/dev/null
AIFF_RATE_LIMIT_EVENTS=1000000 ./aiff up >/dev/null
trap './aiff down >/dev/null; ./aiff up >/dev/null' EXIT
pid=$(cat .aiff/pids/gateway)
export BENCH_TOKEN
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
rss() { echo $(( $(ps -o rss= -p "$pid") / 1024 )); }
sleep 5
before=$(rss)
fifo=$(mktemp -u); mkfifo "$fifo"
java bench/SseConnections.java "$N" http://localhost:8080/api/events <"$fifo" > /tmp/sse-open.txt 2>&1 &
client=$!
exec 3>"$fifo"
until grep -q '^OPEN' /tmp/sse-open.txt 2>/dev/null; do sleep 1; done
sleep 20   # a heartbeat round, then idle
after=$(rss)
open=$(grep '^OPEN' /tmp/sse-open.txt | cut -d' ' -f2)
exec 3>&-; wait "$client" 2>/dev/null || true; rm -f "$fifo"
echo "gateway RSS: ${before} MiB idle, ${after} MiB with ${open} open streams"
awk -v b="$before" -v a="$after" -v n="$open" 'BEGIN { printf "per 1,000 idle SSE connections: %.1f MiB\n", (a - b) * 1000 / n }'
