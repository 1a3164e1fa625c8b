#!/usr/bin/env bash
# Builds IndexCore's documentation catalogue (Sources/IndexCore/IndexCore.docc) with the toolchain's
# docc and fails on any warning: an unresolved ``Symbol`` link, a documented parameter that does not
# exist, a parameter left undocumented.
#   scripts/docs.sh [OUTPUT]     OUTPUT defaults to .build/documentation/IndexCore.doccarchive
# The symbol graphs are built in their own scratch folder, so the flags that emit them do not make
# the next ordinary `swift build` compile IndexCore again.
set -euo pipefail
cd "$(dirname "$0")/.."
OUTPUT="${1:-.build/documentation/IndexCore.doccarchive}"
SCRATCH=".build/documentation/scratch"
SYMBOLS=".build/documentation/symbol-graphs"

# docc ships next to swift in the toolchain (/opt/swift/usr/bin on this machine); DOCC overrides it.
DOCC="${DOCC:-}"
if [ -z "$DOCC" ]; then
  if command -v docc >/dev/null 2>&1; then
    DOCC="$(command -v docc)"
  else
    DOCC="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
  fi
fi
if [ ! -x "$DOCC" ]; then
  echo "docc not found next to swift; set DOCC=/path/to/docc" >&2
  exit 1
fi

rm -rf "$SYMBOLS" "$OUTPUT"
mkdir -p "$SYMBOLS/all" "$SYMBOLS/IndexCore"
build_symbols() {
  swift build --target IndexCore --scratch-path "$SCRATCH" \
    -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$SYMBOLS/all"
}
build_symbols
# A build that was already up to date emits no graphs (a second run): build IndexCore afresh then.
if [ ! -f "$SYMBOLS/all/IndexCore.symbols.json" ]; then
  rm -rf "$SCRATCH"
  build_symbols
fi
# Only IndexCore's own graphs (and its extensions of other modules): the dependencies' graphs would
# add their modules to the catalogue.
cp "$SYMBOLS"/all/IndexCore.symbols.json "$SYMBOLS"/all/IndexCore@*.symbols.json "$SYMBOLS/IndexCore/" 2>/dev/null ||
  cp "$SYMBOLS"/all/IndexCore.symbols.json "$SYMBOLS/IndexCore/"

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
status=0
"$DOCC" convert Sources/IndexCore/IndexCore.docc \
  --additional-symbol-graph-dir "$SYMBOLS/IndexCore" \
  --output-path "$OUTPUT" \
  --fallback-display-name IndexCore --fallback-bundle-identifier org.iidei.IndexCore \
  --warnings-as-errors >"$LOG" 2>&1 || status=$?
cat "$LOG"
problems=$(grep -cE '(warning|error):' "$LOG" || true)
if [ "$status" -ne 0 ] || [ "$problems" -ne 0 ]; then
  echo "docs: $problems warning(s) or error(s); docc exited with $status" >&2
  exit 1
fi
echo "docs: $OUTPUT (no warnings)"
