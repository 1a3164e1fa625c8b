#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers with libFuzzer (`swiftc -sanitize=fuzzer`): CSV, XLSX, the
# framework YAML and the JSON body of POST /api/v1/runs. The harnesses are a separate package
# (Fuzz/), so the normal build never sees them.
#
#   scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS...]      (default: 60 s each, all four)
#
# Seeds are Fuzz/Corpus/<name>; inputs libFuzzer finds go to a scratch corpus outside the
# repository. A crash is written to Fuzz/Crashes/<name>-crash-<sha1> and the script fails: keep the
# file as a regression test (Tests/IndexIOTests/FuzzRegressionTests.swift) once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
shift || true
HARNESSES=("$@")
if [ ${#HARNESSES[@]} -eq 0 ]; then HARNESSES=(csv xlsx framework runbody); fi

swift build --package-path Fuzz -c debug --sanitize fuzzer 2>&1 | tail -3
BIN="$(swift build --package-path Fuzz -c debug --sanitize fuzzer --show-bin-path)"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/iidei-fuzz.XXXXXX")"
mkdir -p Fuzz/Crashes
status=0
for name in "${HARNESSES[@]}"; do
  case "$name" in
    csv) target=FuzzCSV ;;
    xlsx) target=FuzzXLSX ;;
    framework) target=FuzzFramework ;;
    runbody) target=FuzzRunBody ;;
    *) echo "unknown harness '$name' (csv, xlsx, framework, runbody)" >&2; exit 2 ;;
  esac
  mkdir -p "$SCRATCH/$name"
  echo "== $target: ${SECONDS_EACH}s"
  # The Swift runtime's backtracer would take the trap before libFuzzer could save the input.
  if ! SWIFT_BACKTRACE=enable=no "$BIN/$target" "$SCRATCH/$name" "Fuzz/Corpus/$name" \
      -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=20 \
      -artifact_prefix="Fuzz/Crashes/$name-" -print_final_stats=1 2>"$SCRATCH/$name.log"; then
    status=1
    echo "!! $target found a crash:" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$SCRATCH/$name.log" >&2 || tail -20 "$SCRATCH/$name.log" >&2
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov: " "$SCRATCH/$name.log" | tail -3
  echo "   corpus: $(ls "$SCRATCH/$name" | wc -l) new inputs"
done
rm -rf "$SCRATCH"
exit $status
