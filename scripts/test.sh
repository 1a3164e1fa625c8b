#!/usr/bin/env bash
# The test command: installs what the tests need on a Debian machine that has only Swift, then runs
# the whole suite. .ci/run calls this too.
#   Debian: SQLite's headers for the store (GRDB and the bulk importer link the system library) and the
#   sqlite3 shell (the integrity tests change a stored value out of band); libxml2 for Foundation's XML
#   parser (the tests check the SVG and the XLSX reader against it); Chromium, poppler-utils and the Noto CJK fonts for the report and dashboard
#   tests in a real browser (screenshots, PDF, pdftotext); curl for the live-server tests; PostgreSQL
#   for the store tests' second backend (scripts/postgres.sh starts a throwaway cluster for them).
#   PyPI: openpyxl reads back every workbook the tests write; PyYAML and openapi-spec-validator check the
#   OpenAPI document; schemathesis runs the API contract test; NumPy and SciPy are the independent
#   implementations `iidei ahp` and `iidei delphi` are checked against.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if ! command -v swift >/dev/null 2>&1; then
  echo "swift is not on PATH: install Swift 6.1 or later (swift.org) first" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libsqlite3-dev sqlite3 libxml2 python3 python3-pip chromium poppler-utils fonts-noto-cjk fonts-wqy-microhei curl postgresql >/dev/null
PYTHON_PACKAGES="openpyxl pyyaml openapi-spec-validator schemathesis numpy scipy pypdf"
python3 -m pip install --quiet $PYTHON_PACKAGES 2>/dev/null || python3 -m pip install --quiet --break-system-packages $PYTHON_PACKAGES
python3 -c "import openpyxl, yaml, openapi_spec_validator, schemathesis, numpy, scipy, pypdf"

# House style (.swift-format, STYLE.md §9): the code as committed must already be formatted.
swift format lint --strict -r Package.swift Sources Tests

# IndexCore's DocC catalogue must build without a warning (every symbol link resolves), so the
# library's documentation cannot drift from its API.
bash scripts/docs.sh

swift build
# At most four tests at a time. Swift Testing starts every test at once by default; on two cores a
# test then waits minutes for a thread behind hundreds of others while its time limit (a hang guard)
# runs, and a CI run failed a 2-second survey test on its 3-minute limit. Four keeps both cores busy
# while tests wait on Chromium, Python or PostgreSQL. (Swift Testing's own knob, experimental in 6.3.)
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-4}"
# The store tests run on SQLite and on PostgreSQL: a throwaway cluster, stopped when the tests end.
bash scripts/postgres.sh -- swift test "$@"
