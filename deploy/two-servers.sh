#!/usr/bin/env bash
# Tries the two-server deployment on this machine: a throwaway PostgreSQL cluster (scripts/postgres.sh),
# two `iidei serve` on it (ports 8081, 8082) and Debian's nginx in a temporary prefix serving
# deploy/nginx-iidei.conf on port 8080. It uploads the built-in data through nginx, shows that both
# servers answer with the new run, and stops everything. Needs `nginx` (apt-get install nginx) and a
# built `iidei` (swift build): IIDEI=path/to/iidei overrides .build/debug/iidei.
#
#   bash deploy/two-servers.sh            # the check above, then stop
#   bash deploy/two-servers.sh --wait     # keep everything up until Enter
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${IIDEI_TEST_POSTGRES:-}" = "" ]; then
  exec bash "$here/scripts/postgres.sh" -- bash "$0" "$@"
fi
iidei="${IIDEI:-$here/.build/debug/iidei}"
work="$(mktemp -d /tmp/iidei-deploy.XXXXXX)"
pids=()
stop() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
db="$IIDEI_TEST_POSTGRES"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/token"
for port in 8081 8082; do
  "$iidei" serve --db "$db" --port "$port" --token-file "$work/token" >"$work/serve-$port.log" 2>&1 &
  pids+=($!)
done
cat >"$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    access_log $work/nginx-access.log;
    client_body_temp_path $work;
    proxy_temp_path $work;
    include $here/deploy/nginx-iidei.conf;
}
CONF
for port in 8081 8082; do
  for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/api/v1/runs" >/dev/null && break; sleep 0.25; done
done
nginx -p "$work" -c "$work/nginx.conf"
for _ in $(seq 40); do curl -sf http://127.0.0.1:8080/api/v1/runs >/dev/null && break; sleep 0.25; done
data="$here/Sources/IndexCatalog/Resources/iidei-2024-data.csv"
echo "uploading $(basename "$data") through nginx (http://127.0.0.1:8080)"
curl -sf -X POST -H "Authorization: Bearer $(cat "$work/token")" --data-binary "@$data" \
  "http://127.0.0.1:8080/api/v1/datasets?name=provinces&file=data.csv" -o /dev/null -w "upload: HTTP %{http_code}\n"
sleep 1
for port in 8081 8082; do
  run="$(curl -sf "http://127.0.0.1:$port/api/v1/runs/latest/regional" | tr -d ' \n' | grep -o '"run":[0-9]*' || true)"
  echo "server :$port shows ${run:-no run}"
done
echo "through nginx: $(curl -sf http://127.0.0.1:8080/api/v1/runs/latest/regional | tr -d ' \n' | grep -o '"run":[0-9]*')"
if [ "${1:-}" = "--wait" ]; then
  echo "http://127.0.0.1:8080 is up (Enter stops it)"
  read -r _ || true
fi
