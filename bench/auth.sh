#!/usr/bin/env bash
# auth-service benchmark: Argon2id hash time per cost, then login throughput of one auth-service instance at the
# configured cost. Needs the state of ./aiff up (databases, keys) and a build; stops the suite while it runs.
#   bench/auth.sh            (env: DURATION=15s, CONNECTIONS="4 16", AIFF_PASSWORD_HASH_MEMORY_KIB, ..._ITERATIONS)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
[[ -f .aiff/env ]] || { echo "Run ./aiff up once first." >&2; exit 1; }
command -v wrk >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq wrk >/dev/null; } || { echo "Install wrk." >&2; exit 1; }
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-4 16}
echo "== Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"

echo "== Argon2id hash time (auth-service's PasswordHasher, median of 21 after warm-up)"
CP="auth-service/target/classes:$(ls auth-service/target/quarkus-app/lib/main/org.bouncycastle.bcprov-*.jar | head -1)"
java -cp "$CP" bench/PasswordHashBench.java

echo "== Login throughput: one auth-service, cost m=${AIFF_PASSWORD_HASH_MEMORY_KIB:-32768} KiB t=${AIFF_PASSWORD_HASH_ITERATIONS:-2}"
./aiff down >/dev/null
export AIFF_REDIS_PREFIX="aiff:bench:"   # sessions made by the benchmark stay apart and are deleted after
log="$(mktemp)"
./aiff exec auth-service >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; redis-cli --scan --pattern "aiff:bench:*" | xargs -r -n 500 redis-cli del >/dev/null' EXIT
until curl -fs -o /dev/null http://localhost:9081/q/health/ready; do sleep 0.2; done
export BENCH_USER="${AIFF_ADMIN_USERNAME:-admin}" BENCH_PASSWORD="$(cat .aiff/secrets/admin-password)"
curl -fs -o /dev/null -H 'Content-Type: application/json' --data @- http://localhost:8081/api/auth/login \
  <<<"{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" || { echo "admin login fails" >&2; exit 1; }
for c in $CONNECTIONS; do
  wrk -t2 -c"$c" -d10s -s bench/login.lua http://localhost:8081/api/auth/login >/dev/null   # warm-up
  printf 'connections=%-3s ' "$c"
  wrk -t2 -c"$c" -d"$DURATION" -s bench/login.lua http://localhost:8081/api/auth/login | grep '^RESULT' | cut -d' ' -f2-
done
