#!/usr/bin/env bash
# Starts or stops a streaming standby of the test cluster, for the tests of --read-db.
#   pg_standby.sh start STATE_DIR PRIMARY_STATE_DIR   pg_basebackup -R from the cluster that
#                       pg_cluster.sh started in PRIMARY_STATE_DIR, then a hot standby of it on
#                       a free port and a private socket directory; writes STATE_DIR/conninfo
#   pg_standby.sh stop STATE_DIR                      stops it and removes everything it made
# The standby cancels a read that holds up replay after max_standby_streaming_delay (1s), so a
# test can cause a recovery conflict in bounded time. The standby streams through a replication
# slot: the rest of the suite writes gigabytes of WAL while it runs, and without a slot the
# primary recycles segments a standby that fell behind still needs, which stops its replay for
# good. A primary given by EVENTCTL_TEST_DB is not this harness's to copy: then
# STATE_DIR/unavailable says why and the standby tests fail so.
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

# Drops the standby's slot on the primary, so the primary keeps no WAL for it. The primary's
# walsender lets go of the slot only once it notices the standby has gone: a few tries.
drop_slot() {
    local primary=$1 slot=$2
    for _ in $(seq 1 100); do
        as_postgres "$pg_bin/psql" -X -q -h "$primary/sock" -p "$(cat "$primary/port")" \
            -U postgres -d postgres -v ON_ERROR_STOP=1 -v slot="$slot" >/dev/null 2>&1 <<'SQL' &&
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = :'slot';
SQL
            return 0
        [ -d "$primary/sock" ] || return 0 # the primary is gone, and its slots with it
        sleep 0.1
    done
    echo "pg_standby.sh: could not drop replication slot $slot" >&2
}

stop_standby() {
    [ -f "$state/standby_dir" ] || return 0
    local dir
    dir=$(cat "$state/standby_dir")
    if [ -d "$dir/data" ]; then
        as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -f "$state/slot" ] && [ -f "$state/primary_dir" ]; then
        drop_slot "$(cat "$state/primary_dir")" "$(cat "$state/slot")"
    fi
    rm -rf "$dir"
    rm -f "$state/standby_dir" "$state/conninfo" "$state/unavailable" "$state/slot" \
        "$state/primary_dir"
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
    local primary dir port slot
    primary=$(cat "$primary_state/cluster_dir")
    dir=$(mktemp -d /tmp/eventctl-standby.XXXXXX)
    slot=eventctl_standby_$$
    echo "$dir" >"$state/standby_dir"
    echo "$primary" >"$state/primary_dir"
    echo "$slot" >"$state/slot"
    mkdir -p "$dir/sock"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres:postgres "$dir"
    fi
    as_postgres "$pg_bin/pg_basebackup" -D "$dir/data" -R -X stream -C -S "$slot" -c fast \
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
