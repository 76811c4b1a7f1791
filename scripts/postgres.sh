#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for storyline's PostgreSQL store (tests, CI, benchmarks).
#
#   scripts/postgres.sh start DIR [PORT]   make (if new) and start a cluster in DIR; print its URL
#   scripts/postgres.sh url DIR            print the URL of the cluster in DIR
#   scripts/postgres.sh stop DIR           stop it (DIR stays; delete it to throw the cluster away)
#
# The server listens on 127.0.0.1 only (and a socket inside DIR), on PORT or a free port, with
# trust authentication for the local user `storyline` (a superuser: tests create databases).
# initdb and postgres refuse to run as root: as root, they run as the user `postgres` (made by
# Debian's package `postgresql`), which must be able to reach DIR (not under a 0700 folder).
# The binaries are taken from PG_BIN, else from `pg_config --bindir`, else the newest
# /usr/lib/postgresql/*/bin.
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | url DIR | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
dir=$(realpath -m "$2")
port=${3:-}
user=storyline

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        bin=$(pg_config --bindir)
    else
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    fi
fi

as_owner() {  # run a server command as an unprivileged user when we are root
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() { echo "postgresql://$user@127.0.0.1:$(cat "$dir/port")/$user"; }

case $command in
start)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "error: no PostgreSQL server binaries (initdb) found; install Debian's package postgresql or set PG_BIN" >&2; exit 3; }
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "error: running as root and there is no user postgres to run the server as" >&2; exit 3
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_owner test -w "$dir" || { echo "error: the server's user cannot write to $dir (a folder above it is private?)" >&2; exit 3; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [ -z "$port" ]; then
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    echo "$port" >"$dir/port"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qAtc \
        "SELECT 1 FROM pg_database WHERE datname = '$user'" | grep -q 1 \
        || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$user"
    url
    ;;
url)
    [ -f "$dir/port" ] || { echo "error: no cluster started in $dir" >&2; exit 3; }
    url
    ;;
stop)
    [ -n "$bin" ] || { echo "error: no PostgreSQL server binaries found" >&2; exit 3; }
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
*) usage ;;
esac
