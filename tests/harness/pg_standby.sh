#!/usr/bin/env bash
# Starts or stops a streaming standby of the test cluster, for the tests of --read-db.
#   pg_standby.sh start STATE_DIR PRIMARY_STATE_DIR   pg_basebackup -R from the cluster that
#                       pg_cluster.sh started in PRIMARY_STATE_DIR, then a hot standby of it on
#                       a free port and a private socket directory; writes STATE_DIR/conninfo
#   pg_standby.sh stop STATE_DIR                      stops it and removes everything it made
# The standby cancels a read that holds up replay after max_standby_streaming_delay (1s), so a
# test can cause a recovery conflict in bounded time. A primary given by EVENTCTL_TEST_DB is not
# this harness's to copy: then STATE_DIR/unavailable says why and the standby tests fail so.
set -euo pipefail

action=${1:?usage: pg_standby.sh start|stop STATE_DIR [PRIMARY_STATE_DIR]}
state=${2:?usage: pg_standby.sh start|stop STATE_DIR [PRIMARY_STATE_DIR]}
pg_bin=${EVENTCTL_PG_BIN:-/usr/lib/postgresql/15/bin}

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
    echo "pg_standby.sh: no free port found" >&2
    return 1
}

stop_standby() {
    [ -f "$state/standby_dir" ] || return 0
    local dir
    dir=$(cat "$state/standby_dir")
    if [ -d "$dir/data" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    rm -f "$state/standby_dir" "$state/conninfo" "$state/unavailable"
}

start_standby() {
    local primary_state=${1:?pg_standby.sh start needs the state directory of the primary}
    mkdir -p "$state"
    stop_standby
    if [ ! -f "$primary_state/cluster_dir" ]; then
        echo "the test server is not one pg_cluster.sh started (EVENTCTL_TEST_DB?): no standby" \
            >"$state/unavailable"
        return 0
    fi
    local primary dir port
    primary=$(cat "$primary_state/cluster_dir")
    dir=$(mktemp -d /tmp/eventctl-standby.XXXXXX)
    echo "$dir" >"$state/standby_dir"
    mkdir -p "$dir/sock"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres:postgres "$dir"
    fi
    as_postgres "$pg_bin/pg_basebackup" -D "$dir/data" -R -X stream -c fast \
        -h "$primary/sock" -p "$(cat "$primary/port")" -U postgres >"$dir/basebackup.log" 2>&1 ||
        { cat "$dir/basebackup.log" >&2; exit 1; }
    port=$(free_port)
    as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir/sock -c listen_addresses= -c hot_standby=on -c fsync=off \
            -c max_standby_streaming_delay=1s -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir/sock port=$port user=postgres dbname=postgres" >"$state/conninfo"
}

case "$action" in
start) start_standby "${3:-}" ;;
stop) stop_standby ;;
*) echo "pg_standby.sh: unknown action $action" >&2; exit 64 ;;
esac
