#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (and for a developer who wants one): initdb into a
# temporary folder, started on a free local port as an unprivileged user, one database created.
#
#   bash scripts/postgres.sh -- CMD…  # starts it, runs CMD with IIDEI_TEST_POSTGRES set, stops it
#   bash scripts/postgres.sh          # starts it, prints its URL, stops it on Enter or Ctrl-C
#
# Needs Debian's `postgresql` package (scripts/test.sh installs it). The cluster trusts local
# connections (a test cluster on 127.0.0.1 only, gone when the script ends). As root, the server runs as
# `nobody` (PostgreSQL refuses to run as root); otherwise as the calling user.
set -euo pipefail

pg_bin() {
  # Debian keeps the server's programs (initdb, pg_ctl) off PATH, beside createdb, in one folder per version.
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$found" ]; then
    found="$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")"
  fi
  if [ ! -x "$found/initdb" ]; then echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; fi
  echo "$found"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

iidei_postgres_stop() {
  if [ -n "${IIDEI_PG_DIR:-}" ] && [ -d "$IIDEI_PG_DIR" ]; then
    $IIDEI_PG_AS "$IIDEI_PG_BIN/pg_ctl" -D "$IIDEI_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$IIDEI_PG_DIR"
  fi
}

iidei_postgres_start() {
  IIDEI_PG_BIN="$(pg_bin)"
  IIDEI_PG_DIR="$(mktemp -d /tmp/iidei-postgres.XXXXXX)"
  IIDEI_PG_AS=""
  local user
  user="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    IIDEI_PG_AS="runuser -u nobody --"
    user="nobody"
    chown nobody "$IIDEI_PG_DIR"
  fi
  chmod 700 "$IIDEI_PG_DIR"
  local port
  port="$(free_port)"
  (cd /tmp && $IIDEI_PG_AS "$IIDEI_PG_BIN/initdb" -D "$IIDEI_PG_DIR/data" -U "$user" -A trust -E UTF8 --no-locale >"$IIDEI_PG_DIR/initdb.log" 2>&1) || {
    cat "$IIDEI_PG_DIR/initdb.log" >&2; return 1; }
  (cd /tmp && $IIDEI_PG_AS "$IIDEI_PG_BIN/pg_ctl" -D "$IIDEI_PG_DIR/data" -l "$IIDEI_PG_DIR/server.log" -w \
    -o "-p $port -k $IIDEI_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null) || {
    cat "$IIDEI_PG_DIR/server.log" >&2; return 1; }
  (cd /tmp && $IIDEI_PG_AS "$IIDEI_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$user" iidei_test)
  export IIDEI_PG_BIN IIDEI_PG_DIR IIDEI_PG_AS
  export IIDEI_TEST_POSTGRES="postgres://$user@127.0.0.1:$port/iidei_test"
  echo "PostgreSQL test cluster: $IIDEI_TEST_POSTGRES (data in $IIDEI_PG_DIR)" >&2
}

trap iidei_postgres_stop EXIT
iidei_postgres_start
if [ "${1:-}" = "--" ]; then
  shift
  "$@"
else
  echo "IIDEI_TEST_POSTGRES=$IIDEI_TEST_POSTGRES  (Enter stops the cluster)"
  read -r _ || true
fi
