#!/usr/bin/env bash
# Gateway overhead: GET /api/auth/me with a valid token, (a) directly at auth-service and (b) through the gateway
# (JWT verification, revocation check and rate limiting on), same concurrency, one run; prints both and the ratio.
#   bench/gateway.sh     (env: CONNECTIONS=32, DURATION=20s)
# The read limit is raised for the run so that limiting is exercised (one Redis script per request) without refusing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
command -v wrk >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq wrk >/dev/null; } || { echo "Install wrk." >&2; exit 1; }
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-20s}
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
./aiff down >/dev/null
AIFF_RATE_LIMIT_READ=1000000000 ./aiff up >/dev/null
trap './aiff down >/dev/null; ./aiff up >/dev/null' EXIT
export BENCH_TOKEN
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
run() { # run NAME URL
  wrk -t2 -c"$CONNECTIONS" -d10s -s bench/get.lua "$2" >/dev/null   # warm-up
  local line; line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/get.lua "$2" | grep '^RESULT' | cut -d' ' -f2-)
  printf '%-8s %s\n' "$1" "$line" >&2
  echo "$line" | sed -E 's/.*rps=([0-9.]+).*/\1/'
}
echo "== GET /api/auth/me, $CONNECTIONS connections, $DURATION"
direct=$(run direct http://localhost:8081/api/auth/me)
gateway=$(run gateway http://localhost:8080/api/auth/me)
awk -v d="$direct" -v g="$gateway" 'BEGIN { printf "ratio    gateway/direct throughput = %.2f (target >= 0.75)\n", g / d }'
