# Sourced by the bench scripts: the repository root as the working directory, wrk installed, the settings ./aiff up
# left in .aiff/env, and bench_db <database> for sql (psql as that database's owner, stopping at the first error).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -f .aiff/env ]] || { echo "Run ./aiff up once first." >&2; exit 1; }
command -v wrk >/dev/null || { [[ $(id -u) == 0 ]] && apt-get install -y -qq wrk >/dev/null; } || { echo "Install wrk." >&2; exit 1; }
set -a; . .aiff/env; set +a
bench_db() {
  export PGPASSWORD; PGPASSWORD=$(cat ".aiff/secrets/$1_owner")
  PG=(-h "$AIFF_PG_HOST" -p "$AIFF_PG_PORT" -U "$1_owner" -d "$1")
}
sql() { psql -q -X -v ON_ERROR_STOP=1 "${PG[@]}" "$@"; }
machine() { echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"; }
