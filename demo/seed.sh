#!/usr/bin/env bash
# Demo data through the public API (the gateway): zones for Malaysian cities with their centres and a hexagonal
# coverage of about 13 km, three teams per city (36), and per city a supervisor and three technicians as users with
# memberships. Run by `./aiff seed` or `./aiff up --demo`; a second run finds the data and stops.
#   demo/seed.sh [GATEWAY_URL]     (env: AIFF_ADMIN_USERNAME, AIFF_ADMIN_PASSWORD or .aiff/secrets/admin-password)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
API="${1:-http://localhost:8080}"
ADMIN="${AIFF_ADMIN_USERNAME:-admin}"
ADMIN_PASSWORD="${AIFF_ADMIN_PASSWORD:-$(cat "$ROOT/.aiff/secrets/admin-password")}"
DEMO_PASSWORD_FILE="$ROOT/.aiff/secrets/demo-password"

# name|region|lat|lon|population|priority
CITIES="Kuala Lumpur|Klang Valley|3.1390|101.6869|1982000|5
Petaling Jaya|Klang Valley|3.1073|101.6067|902000|4
Shah Alam|Klang Valley|3.0733|101.5185|812000|4
George Town|Penang|5.4141|100.3288|708000|4
Johor Bahru|Johor|1.4927|103.7414|858000|4
Ipoh|Perak|4.5975|101.0901|759000|3
Kota Kinabalu|Sabah|5.9804|116.0735|500000|3
Kuching|Sarawak|1.5535|110.3593|570000|3
Melaka|Melaka|2.1896|102.2501|503000|3
Kuantan|Pahang|3.8168|103.3317|548000|2
Seremban|Negeri Sembilan|2.7259|101.9424|681000|2
Alor Setar|Kedah|6.1248|100.3678|405000|2"
TRADES="Fibre|Power|Water"

TOKEN=""
call() { # call METHOD PATH [JSON] -> body on stdout; fails on a 4xx/5xx with the problem on stderr
  local out status
  out=$(curl -sS -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$API$2")
  status="${out##*$'\n'}"; out="${out%$'\n'*}"
  if (( status >= 400 )); then echo "$1 $2 -> $status $out" >&2; return 1; fi
  printf '%s' "$out"
}
id_of() { sed -E 's/^\{"id":([0-9]+).*/\1/'; }
slug() { tr 'A-Z ' 'a-z.' <<<"$1"; }

TOKEN=$(curl -fsS -H 'Content-Type: application/json' --data "{\"username\":\"$ADMIN\",\"password\":\"$ADMIN_PASSWORD\"}" \
  "$API/api/auth/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

if call GET "/api/zones/locate?lat=3.1390&lon=101.6869" | grep -q '"name":"Kuala Lumpur"'; then
  echo "Demo data is already there (Kuala Lumpur exists)."; exit 0
fi
if [[ ! -s "$DEMO_PASSWORD_FILE" ]]; then
  (umask 077 && echo "demo-$(openssl rand -hex 8)" >"$DEMO_PASSWORD_FILE")
fi
PASSWORD=$(cat "$DEMO_PASSWORD_FILE")

zones=0 teams=0 users=0
while IFS='|' read -r city region lat lon population priority; do
  ring=$(awk -v lat="$lat" -v lon="$lon" 'BEGIN {
    for (i = 0; i < 6; i++) { a = i * 3.14159265 / 3; printf "%s{\"lat\":%.4f,\"lon\":%.4f}", (i ? "," : ""), lat + 0.12 * sin(a), lon + 0.12 * cos(a) / cos(lat * 3.14159265 / 180) } }')
  call POST /api/zones "{\"name\":\"$city\",\"region\":\"$region\",\"coordinates\":{\"lat\":$lat,\"lon\":$lon},\"coverage_area\":[$ring],\"population\":$population,\"priority_level\":$priority}" >/dev/null
  zones=$((zones + 1))
  s=$(slug "$city")
  supervisor=$(call POST /api/users "{\"username\":\"sup.$s\",\"email\":\"sup.$s@demo.aiff.io\",\"password\":\"$PASSWORD\",\"role\":\"supervisor\"}" | id_of)
  users=$((users + 1))
  k=0
  IFS='|' read -ra trades <<<"$TRADES"
  for trade in "${trades[@]}"; do
    k=$((k + 1))
    tech=$(call POST /api/users "{\"username\":\"tech$k.$s\",\"email\":\"tech$k.$s@demo.aiff.io\",\"password\":\"$PASSWORD\",\"role\":\"technician\"}" | id_of)
    users=$((users + 1))
    team=$(call POST /api/teams "{\"name\":\"$city $trade Crew\",\"zone\":\"$city\",\"description\":\"$trade faults in $city\"}" | id_of)
    teams=$((teams + 1))
    call PUT "/api/teams/$team/members" "{\"members\":[{\"user_id\":$supervisor,\"role_in_team\":\"lead\"},{\"user_id\":$tech,\"role_in_team\":\"member\"}]}" >/dev/null
  done
done <<<"$CITIES"
echo "Demo data loaded: $zones zones, $teams teams, $users users (supervisors sup.<city>, technicians tech1..3.<city>,"
echo "e.g. sup.kuala.lumpur, tech1.george.town), all with the password in .aiff/secrets/demo-password: $PASSWORD"
