#!/usr/bin/env bash
# The API keeps its own contract: Schemathesis (PyPI) against /api/openapi.yaml of a live server,
# with a token, every check, and a stored dataset and run to read. Exits non-zero on any failure.
#
#   scripts/schemathesis.sh [IIDEI_EXECUTABLE] [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
IIDEI="$(cd "$(dirname "${1:-.build/debug/iidei}")" && pwd)/$(basename "${1:-.build/debug/iidei}")"
EXAMPLES="${2:-25}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/iidei-contract.XXXXXX")"
TOKEN="contract-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$TOKEN" > "$WORK/token"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$IIDEI" serve --port "$PORT" --db "$WORK/store.sqlite" --token-file "$WORK/token" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
# Something to read: the built-in data as a stored dataset with one run.
curl -fsS -X POST -H "Authorization: Bearer $TOKEN" --data-binary @Sources/IndexCatalog/Resources/iidei-2024-data.csv \
  "http://127.0.0.1:$PORT/api/v1/datasets?name=provinces&file=data.csv" >/dev/null
# Run from the scratch folder: Schemathesis keeps a cache in the folder it runs in.
CONFIG="$PWD/scripts/schemathesis.toml"
cd "$WORK"
schemathesis --config-file "$CONFIG" run "http://127.0.0.1:$PORT/api/openapi.yaml" \
  --header "Authorization: Bearer $TOKEN" --checks all --max-examples "$EXAMPLES" --workers 1 --seed 1 \
  --no-color --suppress-health-check all
