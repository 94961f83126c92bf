#!/usr/bin/env bash
# Gateway overhead: GET /api/auth/me with a valid token, (a) directly at auth-service and (b) through the gateway
# (JWT verification, revocation check and rate limiting on), same concurrency, one run; prints both and the ratio.
#   bench/gateway.sh     (env: CONNECTIONS=32, DURATION=20s, PLACEMENTS="separate shared")
# Placements, each measuring (a) and (b) alike:
#   separate  auth-service and PostgreSQL on CPU 0; gateway, Redis and wrk on CPU 1 — the gateway on its own core, as
#             in a deployment (and in Kong's published figures), so the ratio shows what it costs in the path;
#   shared    everything on both cores — every microsecond the gateway spends is taken from auth-service.
# The read limit is raised for the run so that limiting is exercised (one Redis script per request) without refusing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
command -v wrk >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq wrk >/dev/null; } || { echo "Install wrk." >&2; exit 1; }
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-20s}
PLACEMENTS=${PLACEMENTS:-separate shared}
ALL_CPUS="0-$(( $(nproc) - 1 ))"
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
./aiff down >/dev/null
AIFF_RATE_LIMIT_READ=1000000000 ./aiff up >/dev/null
pin() { # pin CPUS PID...
  local cpus=$1; shift
  for pid in "$@"; do taskset -acp "$cpus" "$pid" >/dev/null 2>&1 || true; done
}
backends() { pgrep -u postgres postgres || true; }
unpin() { pin "$ALL_CPUS" $(cat .aiff/pids/*) $(backends) $(pgrep redis-server || true); }
trap 'unpin; ./aiff down >/dev/null; ./aiff up >/dev/null' EXIT
export BENCH_TOKEN
BENCH_TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data @- http://localhost:8080/api/auth/login \
  <<<"{\"username\":\"${AIFF_ADMIN_USERNAME:-admin}\",\"password\":\"$(cat .aiff/secrets/admin-password)\"}" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
WRK_CPUS=$ALL_CPUS
run() { # run NAME URL
  taskset -c "$WRK_CPUS" wrk -t2 -c"$CONNECTIONS" -d10s -s bench/get.lua "$2" >/dev/null   # warm-up
  local line; line=$(taskset -c "$WRK_CPUS" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/get.lua "$2" | grep '^RESULT' | cut -d' ' -f2-)
  printf '%-8s %s\n' "$1" "$line" >&2
  echo "$line" | sed -E 's/.*rps=([0-9.]+).*/\1/'
}
echo "== Warming up both paths (JIT) before measuring"
for url in http://localhost:8081/api/auth/me http://localhost:8080/api/auth/me; do
  wrk -t2 -c"$CONNECTIONS" -d20s -s bench/get.lua "$url" >/dev/null
done
for placement in $PLACEMENTS; do
  case "$placement" in
    separate)
      (( $(nproc) >= 2 )) || { echo "separate placement needs 2 cores" >&2; continue; }
      pin 0 "$(cat .aiff/pids/auth-service)" $(backends)
      pin 1 "$(cat .aiff/pids/gateway)" $(pgrep redis-server || true)
      WRK_CPUS=1 ;;
    shared) unpin; WRK_CPUS=$ALL_CPUS ;;
    *) echo "unknown placement $placement" >&2; exit 2 ;;
  esac
  echo "== GET /api/auth/me, $CONNECTIONS connections, $DURATION, placement: $placement"
  direct=$(run direct http://localhost:8081/api/auth/me)
  gateway=$(run gateway http://localhost:8080/api/auth/me)
  awk -v d="$direct" -v g="$gateway" -v p="$placement" \
    'BEGIN { printf "ratio    gateway/direct throughput = %.2f (%s; target >= 0.75)\n", g / d, p }'
done
