#!/usr/bin/env bash
# Tries the two-server deployment on this machine: a throwaway PostgreSQL cluster (scripts/postgres.sh),
# two `iidei serve` on it (ports 8081, 8082) and Debian's nginx in a temporary prefix serving
# deploy/nginx-iidei.conf on port 8080. It uploads the built-in data through nginx, shows that both
# servers answer with the new run, and stops everything. Needs `nginx` (apt-get install nginx) and a
# built `iidei` (swift build): IIDEI=path/to/iidei overrides .build/debug/iidei.
#
#   bash deploy/two-servers.sh            # the check above, then stop
#   bash deploy/two-servers.sh --wait     # keep everything up until Enter
#   bash deploy/two-servers.sh --load     # then publish the run and load the published dashboard
#                                         # through nginx with wrk (Debian's wrk), one route at a time
# For --load use a release build (swift build -c release --static-swift-stdlib --product iidei; IIDEI=.build/release/iidei): wrk, nginx,
# PostgreSQL and both servers then share this machine's cores, and wrk's figures are what the README quotes.
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
worker_processes auto;
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
if [ "${1:-}" = "--load" ]; then
  run="$(curl -sf http://127.0.0.1:8080/api/v1/runs/latest/regional | tr -d ' \n' | grep -o '"run":[0-9]*' | cut -d: -f2)"
  curl -sf -X POST -H "Authorization: Bearer $(cat "$work/token")" "http://127.0.0.1:8080/api/v1/runs/$run/publish" \
    -o /dev/null -w "publish run #$run: HTTP %{http_code}\n"
  # Both servers show the published run before the load starts (LISTEN/NOTIFY, or their 2-s look).
  for port in 8081 8082; do
    for _ in $(seq 40); do curl -sf "http://127.0.0.1:$port/api/v1/published/regional" >/dev/null && break; sleep 0.25; done
  done
  # nginx spreads the connections over both servers; keep-alive connections, as browsers keep them.
  for route in / /regions /api/v1/published/regional; do
    echo "== $route through nginx, two servers"
    wrk -t2 -c64 -d"${DURATION:-15s}" --latency "http://127.0.0.1:8080$route" |
      grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors|requests in"
  done
  for port in 8081 8082; do
    echo "server :$port answered $(grep -c 'hb.request.method=GET' "$work/serve-$port.log" || true) GETs"
  done
fi
if [ "${1:-}" = "--wait" ]; then
  echo "http://127.0.0.1:8080 is up (Enter stops it)"
  read -r _ || true
fi
