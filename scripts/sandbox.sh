#!/usr/bin/env bash
# A local PostgreSQL 15 sandbox with sample data, for trying eventctl by hand.
#
#   scripts/sandbox.sh start          start the server (initdb the first time), create the
#                                     database eventctl_sandbox, run 'eventctl schema init' and
#                                     load scripts/sandbox-data.sql into an empty database, and
#                                     scripts/sandbox-oxide.sql (another library's outbox, in
#                                     schema oxide); print the line that points eventctl at it
#   scripts/sandbox.sh env            print only that line: eval "$(scripts/sandbox.sh env)"
#   scripts/sandbox.sh status         say whether it runs, where, and on which port (exit 3 if not)
#   scripts/sandbox.sh stop           stop the server, keeping its data
#   scripts/sandbox.sh stop --purge   stop it and delete everything it made
#
# Everything lives in .sandbox/ at the top of the repository: data/, the Unix socket in sock/,
# server.log and the port (54329, or the next free one) in port. As root the server runs as the
# postgres OS user, since PostgreSQL refuses root; when that user cannot reach .sandbox/ (a
# private parent such as /root), the server's files go to a directory in its home instead, and
# .sandbox/cluster_dir says which. The server listens on the socket and on 127.0.0.1 with trust
# authentication: it is for local experiments only.
#
# Environment: BUILD_DIR (default build) is where the eventctl binary was built;
# EVENTCTL_PG_BIN (default /usr/lib/postgresql/15/bin) holds initdb, pg_ctl and psql.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sandbox=$root/.sandbox
pg_bin=${EVENTCTL_PG_BIN:-/usr/lib/postgresql/15/bin}
build_dir=${BUILD_DIR:-build}
case "$build_dir" in
/*) ;;
*) build_dir=$root/$build_dir ;;
esac
eventctl=$build_dir/apps/eventctl/eventctl
database=eventctl_sandbox
default_port=54329

usage() {
    echo "usage: scripts/sandbox.sh start | stop [--purge] | status | env" >&2
    exit 64
}
note() { printf 'sandbox: %s\n' "$*" >&2; }
die() {
    printf 'sandbox: error: %s\n' "$*" >&2
    exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }

# PostgreSQL refuses to run as root. cd / first: the postgres user may not be able to enter
# the caller's working directory.
as_server_user() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Where the server's own files live: .sandbox itself, or the directory cluster_dir records.
cluster_dir() {
    if [ -f "$sandbox/cluster_dir" ]; then
        cat "$sandbox/cluster_dir"
    else
        echo "$sandbox"
    fi
}

data_dir() { echo "$(cluster_dir)/data"; }
socket_dir() { echo "$(cluster_dir)/sock"; }
log_file() { echo "$(cluster_dir)/server.log"; }

# The port file, or else the running server's own record (line 4 of postmaster.pid).
recorded_port() {
    if [ -f "$sandbox/port" ]; then
        cat "$sandbox/port"
    elif [ -f "$(data_dir)/postmaster.pid" ]; then
        sed -n 4p "$(data_dir)/postmaster.pid"
    fi
}

is_initialized() { [ -f "$(data_dir)/PG_VERSION" ]; }

is_running() {
    is_initialized && as_server_user "$pg_bin/pg_ctl" -D "$(data_dir)" status >/dev/null 2>&1
}

# A Unix socket path is limited to 107 bytes; past that the sandbox is reached over TCP only.
socket_usable() {
    local port=$1 path
    path="$(socket_dir)/.s.PGSQL.$port"
    [ "${#path}" -le 107 ]
}

# A conninfo value, quoted when it has to be (spaces, quotes, backslashes).
conninfo_value() {
    local value=$1
    case "$value" in
    *[[:space:]\'\\]* | "")
        value=${value//\\/\\\\}
        value=${value//\'/\\\'}
        printf "'%s'" "$value"
        ;;
    *) printf '%s' "$value" ;;
    esac
}

# Single-quotes a word for the shell.
shell_quote() {
    local q="'\\''"
    printf "'%s'" "${1//\'/$q}"
}

conninfo() {
    local dbname=$1 port host
    port=$(recorded_port)
    if socket_usable "$port"; then
        host=$(socket_dir)
    else
        host=127.0.0.1
    fi
    printf 'host=%s port=%s user=postgres dbname=%s' "$(conninfo_value "$host")" "$port" "$dbname"
}

export_line() {
    printf 'export EVENTCTL_DB=%s\n' "$(shell_quote "$(conninfo "$database")")"
}

psql_in() {
    local dbname=$1
    shift
    "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -d "$(conninfo "$dbname")" "$@"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The recorded port when it is still free, else the first free one from 54329 up.
choose_port() {
    local previous port
    previous=$(recorded_port)
    for port in $previous $(seq "$default_port" $((default_port + 70))); do
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free TCP port between $default_port and $((default_port + 70))"
}

# As root, the postgres user must be able to reach the server's files; a clone under a private
# directory (such as /root) cannot be reached, so the files go to postgres's home instead.
place_cluster() {
    mkdir -p "$sandbox"
    if ! is_root || [ -f "$sandbox/cluster_dir" ] || is_initialized; then
        return 0
    fi
    if runuser -u postgres -- test -x "$sandbox" 2>/dev/null; then
        return 0
    fi
    local home dir
    home=$(getent passwd postgres | cut -d: -f6)
    if [ -z "$home" ] || [ ! -d "$home" ]; then
        die "the postgres user cannot reach $sandbox and has no home directory to use instead"
    fi
    dir=$home/eventctl-sandbox-$(printf '%s' "$root" | cksum | cut -d' ' -f1)
    note "the postgres user cannot reach $sandbox (a parent directory is private);" \
        "the server's files go to $dir"
    echo "$dir" >"$sandbox/cluster_dir"
}

initialize() {
    local dir data
    dir=$(cluster_dir)
    data=$(data_dir)
    mkdir -p "$dir" "$(socket_dir)"
    touch "$(log_file)"
    if is_root; then
        chown postgres:postgres "$dir" "$(socket_dir)" "$(log_file)"
    fi
    note "creating a PostgreSQL 15 cluster in $data"
    if ! as_server_user "$pg_bin/initdb" -D "$data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    fi
    rm -f "$dir/initdb.log"
    as_server_user tee "$data/pg_hba.conf" >/dev/null <<'HBA'
# The eventctl sandbox: local experiments only.
local all all              trust
host  all all 127.0.0.1/32 trust
HBA
}

start_server() {
    local port socket_option log
    port=$(choose_port)
    echo "$port" >"$sandbox/port"
    log=$(log_file)
    if socket_usable "$port"; then
        # pg_ctl hands -o to a shell: quote the directory for it.
        socket_option="-k $(shell_quote "$(socket_dir)")"
    else
        note "the socket path would be too long; the sandbox listens on 127.0.0.1:$port only"
        socket_option="-c unix_socket_directories=''"
    fi
    note "starting PostgreSQL on port $port (log: $log)"
    if ! as_server_user "$pg_bin/pg_ctl" -D "$(data_dir)" -l "$log" -w -t 60 \
        -o "-p $port $socket_option -c listen_addresses=127.0.0.1" start >/dev/null; then
        tail -n 20 "$log" >&2
        die "the server did not start"
    fi
}

# Loads the sample data when the outbox, the log and the consumers are all empty: the first
# start, or a start after a load that failed.
load_sample_data() {
    local empty
    empty=$(psql_in "$database" -tA -c "SELECT NOT EXISTS (SELECT 1 FROM public.outbox)
        AND NOT EXISTS (SELECT 1 FROM public.event_log)
        AND NOT EXISTS (SELECT 1 FROM public.event_consumers)")
    if [ "$empty" != t ]; then
        return 0
    fi
    note "loading sample data (scripts/sandbox-data.sql)"
    psql_in "$database" -f "$root/scripts/sandbox-data.sql" >/dev/null
}

# Another library's outbox beside the canonical tables, for trying --layout oxide-outbox; loaded
# once, when its schema does not exist yet.
load_oxide_outbox() {
    local present
    present=$(psql_in "$database" -tA -c \
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'oxide')")
    if [ "$present" = t ]; then
        return 0
    fi
    note "loading an outbox-postgres outbox into schema oxide (scripts/sandbox-oxide.sql)"
    psql_in "$database" -f "$root/scripts/sandbox-oxide.sql" >/dev/null
}

cmd_start() {
    [ -x "$pg_bin/initdb" ] ||
        die "no PostgreSQL 15 server in $pg_bin: run scripts/install-deps.sh (or set EVENTCTL_PG_BIN)"
    [ -x "$eventctl" ] ||
        die "no eventctl binary at $eventctl: build it first (cmake -S . -B build &&" \
            "cmake --build build -j2), or run scripts/quickstart.sh"
    if is_root; then
        id postgres >/dev/null 2>&1 ||
            die "no postgres OS user: install postgresql-15 (scripts/install-deps.sh)"
    fi
    place_cluster
    is_initialized || initialize
    if is_running; then
        note "already running on port $(recorded_port)"
    else
        start_server
    fi

    local exists
    exists=$(psql_in postgres -tA -c "SELECT 1 FROM pg_catalog.pg_database
        WHERE datname = '$database'")
    if [ "$exists" != 1 ]; then
        note "creating database $database"
        psql_in postgres -c "CREATE DATABASE $database"
    fi
    note "eventctl schema init"
    EVENTCTL_DB=$(conninfo "$database") "$eventctl" schema init >&2
    load_sample_data
    load_oxide_outbox
    note "ready. Point eventctl at the sandbox with:"
    note "  eval \"\$(scripts/sandbox.sh env)\""
    export_line
}

cmd_stop() {
    local purge=false
    case "${1:-}" in
    "") ;;
    --purge) purge=true ;;
    *) usage ;;
    esac
    if is_running; then
        as_server_user "$pg_bin/pg_ctl" -D "$(data_dir)" -m fast -w -t 60 stop >/dev/null
        note "stopped"
    else
        note "not running"
    fi
    if $purge; then
        local dir
        dir=$(cluster_dir)
        if [ "$dir" != "$sandbox" ]; then
            case "$dir" in
            */eventctl-sandbox-*) rm -rf -- "$dir" ;;
            *) die "refusing to delete $dir (from $sandbox/cluster_dir): not a sandbox directory" ;;
            esac
        fi
        rm -rf -- "$sandbox"
        note "deleted $sandbox"
    fi
}

cmd_status() {
    if ! is_initialized; then
        note "not created yet: run scripts/sandbox.sh start"
        exit 3
    fi
    if ! is_running; then
        note "stopped (data kept in $(data_dir)); start it with scripts/sandbox.sh start"
        exit 3
    fi
    local pid
    pid=$(head -n 1 "$(data_dir)/postmaster.pid" 2>/dev/null || echo '?')
    echo "running: PostgreSQL 15, pid $pid, port $(recorded_port)"
    echo "data:    $(data_dir)"
    echo "log:     $(log_file)"
    echo "db:      $(conninfo "$database")"
}

cmd_env() {
    if ! is_initialized || [ -z "$(recorded_port)" ]; then
        die "no sandbox yet: run scripts/sandbox.sh start"
    fi
    if ! is_running; then
        note "warning: the sandbox is stopped; start it with scripts/sandbox.sh start"
    fi
    export_line
}

[ $# -ge 1 ] || usage
command=$1
shift
case "$command" in
stop) cmd_stop "$@" ;;
start | status | env)
    [ $# -eq 0 ] || usage
    "cmd_$command"
    ;;
-h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' ;;
*) usage ;;
esac
