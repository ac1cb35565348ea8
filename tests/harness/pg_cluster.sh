#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL 15 cluster the integration tests run against.
#   pg_cluster.sh start STATE_DIR   initdb in a private temp dir, free port, private socket dir;
#                                   writes STATE_DIR/conninfo for the tests
#   pg_cluster.sh stop STATE_DIR    stops the server and removes everything it made
#   pg_cluster.sh start-own STATE_DIR   as start, but always a cluster of its own (see below),
#                                   and one whose commits survive a crash (synchronous_commit on)
#   pg_cluster.sh restart STATE_DIR [SECONDS_DOWN]   crashes the server (immediate stop: every
#                                   session is cut, as in a crash) and starts it again on the
#                                   same port, after SECONDS_DOWN (default 0) without a server
# With EVENTCTL_TEST_DB set, start records that server instead and stop leaves it alone; the
# fault tests restart their server, so they use start-own and never touch a developer's server.
# EVENTCTL_PG_OPTIONS adds server options after the defaults below, which it can override
# (scripts/benchmark.sh uses it for a durable, larger server: "-c fsync=on -c shared_buffers=2GB").
set -euo pipefail

action=${1:?usage: pg_cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg_cluster.sh start|stop STATE_DIR}
pg_bin=${EVENTCTL_PG_BIN:-/usr/lib/postgresql/15/bin}

# PostgreSQL refuses to run as root; sessions here are root, developers' machines may not be.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "pg_cluster.sh: no free port found" >&2
    return 1
}

stop_cluster() {
    [ -f "$state/cluster_dir" ] || return 0
    local dir
    dir=$(cat "$state/cluster_dir")
    if [ -d "$dir/data" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    rm -f "$state/cluster_dir" "$state/conninfo"
}

start_cluster() {
    local own=${1:-false}
    mkdir -p "$state"
    if [ "$own" = false ] && [ -n "${EVENTCTL_TEST_DB:-}" ]; then
        printf '%s\n' "$EVENTCTL_TEST_DB" >"$state/conninfo"
        return 0
    fi
    stop_cluster # a run killed before its cleanup left one behind
    local dir port
    dir=$(mktemp -d /tmp/eventctl-pg.XXXXXX)
    echo "$dir" >"$state/cluster_dir"
    mkdir -p "$dir/sock"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres:postgres "$dir"
    fi
    as_postgres "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # The superuser connects without a password; other roles must give one over TCP, so the
    # tests can prove a wrong password fails cleanly and never shows up in output. The superuser may
# also stream the WAL over the socket: pg_standby.sh makes a standby of this cluster with it.
    cat >"$dir/data/pg_hba.conf" <<HBA
local all all                   trust
local replication postgres      trust
host  all postgres 127.0.0.1/32 trust
host  all all      127.0.0.1/32 scram-sha-256
HBA
    port=$(free_port)
    echo "$port" >"$dir/port"
    # A cluster the fault tests crash must keep what it acknowledged; fsync stays off, since
    # the machine itself does not crash.
    if [ "$own" = true ]; then
        echo on >"$dir/synchronous_commit"
    else
        echo off >"$dir/synchronous_commit"
    fi
    start_server "$dir" || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir/sock port=$port user=postgres dbname=postgres" >"$state/conninfo"
}

# Starts the server of cluster dir on the port recorded there.
start_server() {
    local dir=$1
    as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $(cat "$dir/port") -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off \
            -c synchronous_commit=$(cat "$dir/synchronous_commit") -c full_page_writes=off \
            -c max_connections=200 ${EVENTCTL_PG_OPTIONS:-}" \
        start >/dev/null
}

restart_cluster() {
    local down=${1:-0} dir
    [ -f "$state/cluster_dir" ] || { echo "pg_cluster.sh: no cluster of its own in $state" >&2; exit 1; }
    dir=$(cat "$state/cluster_dir")
    as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    sleep "$down" # the outage itself, when the caller asks for one
    start_server "$dir" || { tail -n 20 "$dir/server.log" >&2; exit 1; }
}

case "$action" in
start) start_cluster ;;
start-own) start_cluster true ;;
stop) stop_cluster ;;
restart) restart_cluster "${3:-0}" ;;
*) echo "pg_cluster.sh: unknown action $action" >&2; exit 64 ;;
esac
