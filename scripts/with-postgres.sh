#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster:
#   scripts/with-postgres.sh npx vitest run
# initdb on a temporary folder, pg_ctl start on a free loopback port, TEST_DATABASE_URL (and PG_BIN) exported
# for the command, and the cluster stopped and deleted on exit whatever happens (failure, Ctrl-C, kill).
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user (created when missing).
# Tests run with fsync off (a throwaway cluster need not survive a power cut); WITH_POSTGRES_FSYNC=on keeps
# fsync and full-page writes, for the bench. Commits never wait for the disk (synchronous_commit off): the
# durability of SQLite's WAL with synchronous=NORMAL, so the two dialects compare.
set -euo pipefail

bin="${PG_BIN:-}"
if [ -z "$bin" ]; then
  if command -v initdb >/dev/null 2>&1; then
    bin="$(dirname "$(command -v initdb)")"
  else
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "with-postgres: no PostgreSQL server binaries (initdb, pg_ctl) found; install them with" >&2
  echo "  apt-get install -y postgresql   (or set PG_BIN to the folder that holds them)" >&2
  exit 127
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/dm-postgres-XXXXXX")"
run_as=()
if [ "$(id -u)" = "0" ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  chown postgres "$dir"
  chmod 700 "$dir"
  run_as=(runuser -u postgres --)
fi

stop() {
  status=$?
  trap - EXIT INT TERM HUP
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

durability="-c fsync=off -c full_page_writes=off"
if [ "${WITH_POSTGRES_FSYNC:-off}" = "on" ]; then durability=""; fi

port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

# C.UTF-8 collation orders text by code point, as SQLite does, so both dialects sort names the same.
"${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
"${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c synchronous_commit=off $durability" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export PG_BIN="$bin"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $TEST_DATABASE_URL" >&2
"$@"
