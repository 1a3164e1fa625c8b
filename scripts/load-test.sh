#!/usr/bin/env bash
# Load test of `iidei serve` on loopback with wrk (Debian's wrk): the overview page and the latest
# regional results, first on their own, then while a one-million-value import runs against the same
# store. Prints wrk's figures; the README quotes them. Needs a release build:
#   swift build -c release --static-swift-stdlib --product iidei && scripts/load-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/iidei
PORT=${PORT:-18765}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
head -c 24 /dev/urandom | base64 > "$WORK/token"
"$BIN" serve --db "$WORK/store.sqlite" --port "$PORT" --token-file "$WORK/token" 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
"$BIN" catalog scale --out "$WORK" >/dev/null

run() {
  echo "== $1"
  wrk -t2 -c32 -d"$DURATION" --latency "http://127.0.0.1:$PORT$2" | grep -E "Requests/sec|Latency  |99%|Non-2xx|Socket errors|requests in"
}
run "overview page" /
run "latest regional results" /api/v1/runs/latest/regional

echo "== the same during an import of 960,000 values into the same store"
( /usr/bin/time -f "import took %e s" "$BIN" import "$WORK/county.csv" --framework "$WORK/county.yaml" --dataset county --db "$WORK/store.sqlite" >"$WORK/import.log" 2>&1; echo "import exit $?" >>"$WORK/import.log" ) &
IMPORT=$!
sleep 1
run "overview page (import running)" /
run "latest regional results (import running)" /api/v1/runs/latest/regional
wait $IMPORT
cat "$WORK/import.log" | grep -E "imported|took|exit"
