#!/usr/bin/env bash
# Measures eventctl against the plain SQL an expert would type in psql, on one throwaway
# PostgreSQL 15 server in one run, and checks the bars of DESIGN section 6 (see BENCHMARKS.md):
#
#   outbox stats            default (completed estimated) and --exact, vs the fastest GROUP BY
#   monitoring              outbox stats -o prometheus vs -o json, metrics, check with every
#                           threshold
#   outbox list             page 1 and page 1,000 (walked with --after), vs keyset SQL and OFFSET
#   outbox purge            --older-than 30d vs one unbatched DELETE, while a pgbench relay runs;
#                           then with the README's busy-hours throttle
#   log replay              1 M events as NDJSON vs psql COPY (SELECT row_to_json ...), peak RSS
#   start-up                eventctl --version; outbox show ID vs psql -c 'select 1'
#   partitions              purge --drop-partitions vs one DELETE of the same rows and vs the
#                           same drops by hand, on a weekly-partitioned outbox and a log
#                           partitioned by seq_no, a relay running (DESIGN 7;
#                           scripts/benchmark/partitions.sh)
#
# It installs what it needs (scripts/install-deps.sh --benchmark), builds eventctl in build/
# (as scripts/test.sh does) unless --eventctl is given, starts its own server (pg_cluster.sh)
# and removes it again at exit, also on failure or Ctrl-C. It prints a table of ratios with
# pass/fail per bar and writes it as JSON to bench-results/benchmark-<UTC time>.json. It exits
# 0 when the run completed, whatever the bars say; the table and the JSON say which passed.
#
# Usage: scripts/benchmark.sh [--quick] [--partitions] [--eventctl PATH] [--rows N] [--events N]
#                             [--replay-events N] [--results-dir DIR]
#   --partitions        only the partitioned section (its own tables, in schema part)
#   --quick             200,000 outbox rows and log events instead of 5,000,000 (a quick look;
#                       the bars are meant for the full size)
#   --eventctl PATH     measure this binary instead of building one
#   --rows N, --events N, --replay-events N   other sizes
#   --results-dir DIR   where the JSON goes (default bench-results/)
#
# Environment: BUILD_DIR (default build), EVENTCTL_PG_BIN (default /usr/lib/postgresql/15/bin).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data_sql=$root/scripts/benchmark
pg_bin=${EVENTCTL_PG_BIN:-/usr/lib/postgresql/15/bin}

rows=5000000
events=5000000
replay_events=1000000
size=full
only=
eventctl=
results_dir=$root/bench-results

say() { printf 'benchmark: %s\n' "$*" >&2; }
die() {
    printf 'benchmark: error: %s\n' "$*" >&2
    exit 1
}
usage() {
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
    exit "${1:-0}"
}

while [ $# -gt 0 ]; do
    case "$1" in
    --quick)
        rows=200000 events=200000 replay_events=100000 size=quick
        ;;
    --partitions) only=partitions ;;
    --eventctl) eventctl=${2:?--eventctl needs a path}; shift ;;
    --rows) rows=${2:?--rows needs a number}; size=custom; shift ;;
    --events) events=${2:?--events needs a number}; size=custom; shift ;;
    --replay-events) replay_events=${2:?--replay-events needs a number}; shift ;;
    --results-dir) results_dir=${2:?--results-dir needs a directory}; shift ;;
    -h | --help) usage 0 ;;
    *) printf 'benchmark: unknown option %s\n' "$1" >&2; usage 64 >&2 ;;
    esac
    shift
done
[ "$replay_events" -le "$events" ] || die "--replay-events ($replay_events) exceeds --events ($events)"

started_at=$(date +%s)
elapsed() { echo "$(($(date +%s) - started_at))s"; }
step() { say "[$(elapsed)] $*"; }

# --- dependencies, binary ------------------------------------------------------------------

"$root/scripts/install-deps.sh" --benchmark >&2
for tool in hyperfine jq "$pg_bin/pgbench" "$pg_bin/psql" /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh --benchmark)"
done

# The build tree scripts/test.sh and quickstart.sh use, when it is optimised: a developer's
# tree is then only brought up to date; a fresh clone builds it (RelWithDebInfo), or a Debug
# tree is left alone for a Release one in build-bench/.
if [ -z "$eventctl" ]; then
    build_dir=${BUILD_DIR:-build}
    case "$build_dir" in
    /*) ;;
    *) build_dir=$root/$build_dir ;;
    esac
    build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
    case "$build_type" in
    "" | Release | RelWithDebInfo) ;;
    *)
        say "$build_dir is a $build_type build; measuring a Release build in build-bench/ instead"
        build_dir=$root/build-bench
        ;;
    esac
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
        configure=()
        if [ "$build_dir" = "$root/build-bench" ]; then
            configure=(-DCMAKE_BUILD_TYPE=Release -DEVENTCTL_BUILD_TESTS=OFF)
        fi
        cmake -S "$root" -B "$build_dir" "${configure[@]}" >/dev/null
    fi
    step "building eventctl in $build_dir"
    cmake --build "$build_dir" --target eventctl -j "$(nproc)" >/dev/null
    eventctl=$build_dir/apps/eventctl/eventctl
fi
[ -x "$eventctl" ] || die "no eventctl binary at $eventctl"
eventctl=$(cd "$(dirname "$eventctl")" && pwd)/$(basename "$eventctl")

# --- the server, removed at exit ------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/eventctl-bench.XXXXXX")
relay_pid=
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$relay_pid" ]; then
        kill "$relay_pid" 2>/dev/null || true
        wait "$relay_pid" 2>/dev/null || true
    fi
    "$root/tests/harness/pg_cluster.sh" stop "$work/cluster" || true
    rm -rf "$work"
    if [ "$status" -ne 0 ]; then
        say "failed (exit $status); the server and its files are removed"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A durable server, as in production (the harness's test defaults turn fsync off), with room
# for the 5 M-row tables in memory and no checkpoint forced by WAL volume inside a measurement:
# the benchmark checkpoints before each one instead. Lock waits over 100 ms are logged, so the
# relay's worst lock wait can be read back.
export EVENTCTL_PG_OPTIONS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on \
    -c shared_buffers=2GB -c max_wal_size=20GB -c checkpoint_timeout=1h \
    -c maintenance_work_mem=512MB -c log_lock_waits=on -c deadlock_timeout=100ms"
step "starting a throwaway PostgreSQL 15"
EVENTCTL_TEST_DB= "$root/tests/harness/pg_cluster.sh" start "$work/cluster"
cluster_dir=$(cat "$work/cluster/cluster_dir")
server_log=$cluster_dir/server.log
# libpq's variables reach psql, pgbench and eventctl alike (eventctl falls back to them).
for pair in $(cat "$work/cluster/conninfo"); do
    case "$pair" in
    host=*) export PGHOST=${pair#host=} ;;
    port=*) export PGPORT=${pair#port=} ;;
    user=*) export PGUSER=${pair#user=} ;;
    dbname=*) export PGDATABASE=${pair#dbname=} ;;
    esac
done
unset EVENTCTL_DB DATABASE_URL PGSERVICE PGOPTIONS
export PGAPPNAME=benchmark

sql() { "$pg_bin/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
server_version=$(sql -c 'SHOW server_version')

# --- data -----------------------------------------------------------------------------------

if [ "$only" != partitions ]; then
step "eventctl schema init"
"$eventctl" schema init >/dev/null
step "generating $rows outbox entries and $events log events (server-side, in parallel)"
sql -v rows="$rows" -f "$data_sql/outbox-data.sql" &
outbox_load=$!
sql -v events="$events" -f "$data_sql/log-data.sql" &
log_load=$!
wait "$outbox_load" || die "generating the outbox failed"
wait "$log_load" || die "generating the event log failed"
# VACUUM as autovacuum would have done on a table this old: it sets the visibility map, which
# index-only scans (stats' partial index, plain SQL alike) rely on; then the statistics.
step "VACUUM ANALYZE"
sql -c 'VACUUM (ANALYZE) public.outbox' &
sql -c 'VACUUM (ANALYZE) public.event_log' &
wait
sql -c 'VACUUM (ANALYZE) public.event_consumers' -c 'CHECKPOINT'
fi

# --- measuring helpers ----------------------------------------------------------------------

results=$work/results.ndjson
: >"$results"

# record KEY JSON-VALUE: one measurement for the JSON document.
record() { jq -cn --arg key "$1" --argjson value "$2" '{($key): $value}' >>"$results"; }

# cmd WORD...: one command line for hyperfine, which runs it without a shell.
cmd() { printf '%q ' "$@"; }

# hf ROUNDS RUNS NAME COMMAND [NAME COMMAND...]: each COMMAND (made by cmd) RUNS times a round,
# the commands taking turns for ROUNDS rounds, so that the load of the moment (this machine is
# shared) falls on all of them alike. Writes each one's median wall time in ms to
# $work/ms-NAME; the raw times stay in $work/hf-NAME.ROUND.json (names have no dots).
hf() {
    local rounds=$1 runs=$2
    shift 2
    local round i
    for ((round = 1; round <= rounds; round++)); do
        for ((i = 1; i <= $#; i += 2)); do
            local name=${!i} j=$((i + 1))
            local command=${!j}
            # shellcheck disable=SC2086 # HF_OPTIONS: words on purpose
            hyperfine -N --style none --warmup 1 --runs "$runs" ${HF_OPTIONS:-} \
                --export-json "$work/hf-$name.$round.json" "$command" >/dev/null \
                2>"$work/hf-$name.err" ||
                { cat "$work/hf-$name.err" >&2; die "hyperfine failed for $name: $command"; }
        done
    done
    for ((i = 1; i <= $#; i += 2)); do
        local name=${!i}
        jq -s '[.[].results[0].times[]] | sort | .[length / 2 | floor] * 1000000 | round / 1000' \
            "$work"/hf-"$name".*.json >"$work/ms-$name"
    done
}
# ms NAME: the median hf measured for NAME.
ms() { cat "$work/ms-$1"; }

# warm NAME TRANSACTIONS SQL: the SQL in one warm session (pgbench, one client): what psql's
# \timing shows an expert at an open prompt. Prints the mean latency in ms.
warm() {
    local name=$1 transactions=$2
    printf '%s\n' "$3" >"$work/warm-$name.sql"
    "$pg_bin/pgbench" -n -t "$transactions" -f "$work/warm-$name.sql" >"$work/warm-$name.out" 2>&1 ||
        { cat "$work/warm-$name.out" >&2; die "pgbench failed for $name"; }
    awk '/^latency average/ { print $4 }' "$work/warm-$name.out"
}

# psql_c NAME SQL: the command line of psql -c as an operator runs it from the shell.
psql_c() {
    printf '%s\n' "$2" >"$work/psql-$1.sql"
    cmd "$pg_bin/psql" -X -q -At -o /dev/null -f "$work/psql-$1.sql"
}

ratio() { jq -n --argjson a "$1" --argjson b "$2" 'if $b == 0 then null else ($a / $b * 1000 | round / 1000) end'; }
# holds EXPRESSION: true or false, for a jq expression over the numbers spliced into it.
holds() { jq -n "$1"; }

bars=$work/bars.ndjson
: >"$bars"
# bar NAME EVENTCTL BASELINE RATIO TARGET PASSED: one line of the final table.
bar() {
    jq -cn --arg name "$1" --arg eventctl "$2" --arg baseline "$3" --arg ratio "$4" \
        --arg target "$5" --argjson passed "$6" \
        '{bar: $name, eventctl: $eventctl, plain: $baseline, ratio: $ratio, target: $target,
          passed: $passed}' >>"$bars"
}

# The relay the purge measurements run beside logs every transaction (its end and latency);
# each measurement is a window of that log: the phase itself, and an idle stretch before it.
now_us() { echo $(($(date +%s%N) / 1000)); }

# phase NAME COMMAND...: a checkpoint, 10 s of the relay alone, then COMMAND with the relay;
# writes the windows' bounds and the server log's size for the report.
phase() {
    local name=$1
    shift
    sql -c CHECKPOINT
    sleep 3 # the relay settles after the checkpoint or the previous phase
    local idle_from
    idle_from=$(now_us)
    sleep 10
    echo "$idle_from $(now_us)" >"$work/window-idle-$name"
    local log_from from
    log_from=$(stat -c %s "$server_log")
    from=$(now_us)
    "$@" >"$work/$name.out" || die "$name failed: $*"
    echo "$from $(now_us)" >"$work/window-$name"
    echo "$log_from $(stat -c %s "$server_log")" >"$work/log-$name"
}

# window_stats FILE: the relay's transactions that ended inside the window FILE holds.
window_stats() {
    local from to
    read -r from to <"$1"
    cat "$work"/relay-log.* | awk -v from="$from" -v to="$to" '
        { done_us = $5 * 1000000 + $6 }
        done_us >= from && done_us < to { print $3 / 1000 }' | sort -n >"$1.latencies"
    [ -s "$1.latencies" ] ||
        die "the relay completed no transaction in $(basename "$1") ($(tail -n 3 "$work/relay-pgbench.out"))"
    awk -v seconds="$(((to - from) / 1000))" '
        { latency[NR] = $1 }
        END {
            p99 = latency[int(NR * 0.99) > 0 ? int(NR * 0.99) : 1]
            printf "{\"transactions\": %d, \"tps\": %.1f, \"p99_ms\": %.1f, \"max_ms\": %.1f}\n",
                NR, NR * 1000 / seconds, p99, latency[NR]
        }' "$1.latencies"
}
# longest_lock_wait NAME: the longest lock wait the server logged during the phase, in ms (it
# logs each wait longer than deadlock_timeout, 100 ms); 0 when there was none.
longest_lock_wait() {
    local from to
    read -r from to <"$work/log-$1"
    tail -c +"$((from + 1))" "$server_log" | head -c "$((to - from))" |
        awk '/still waiting for|acquired .* after/ {
                 for (i = 1; i < NF; i++) if ($i == "after") { v = $(i + 1) + 0; if (v > max) max = v } }
             END { printf "%.1f\n", max + 0 }'
}
phase_json() {
    local from to
    read -r from to <"$work/window-$1"
    jq -n --argjson idle "$(window_stats "$work/window-idle-$1")" \
        --argjson during "$(window_stats "$work/window-$1")" \
        --argjson seconds "$(((to - from) / 1000))" --argjson lock "$(longest_lock_wait "$1")" \
        '{seconds: ($seconds / 1000), relay_idle: $idle, relay_during: $during,
          relay_share: ($during.tps / $idle.tps * 1000 | round / 1000),
          longest_lock_wait_ms: $lock}'
}
if [ "$only" != partitions ]; then
# --- start-up ---------------------------------------------------------------------------------

step "start-up: eventctl --version, outbox show ID, psql -c 'select 1'"
some_id=$(sql -c "SELECT id FROM public.outbox WHERE status = 'completed' LIMIT 1")
hf 3 100 version "$(cmd "$eventctl" --version)" \
    show "$(cmd "$eventctl" outbox show "$some_id" -o json)" \
    select1 "$(psql_c select1 'select 1')" \
    show-sql "$(psql_c show-sql "SELECT * FROM public.outbox WHERE id = '$some_id'")"
version_ms=$(ms version) show_ms=$(ms show) select1_ms=$(ms select1) show_sql_ms=$(ms show-sql)
record startup "$(jq -n --argjson v "$version_ms" --argjson s "$show_ms" \
    --argjson p "$select1_ms" --argjson q "$show_sql_ms" \
    '{version_ms: $v, show_ms: $s, psql_select_1_ms: $p, psql_show_sql_ms: $q}')"
show_ratio=$(ratio "$show_ms" "$select1_ms")
bar "eventctl --version" "$version_ms ms" "-" "-" "< 5 ms" "$(holds "$version_ms < 5")"
bar "outbox show ID vs psql -c 'select 1'" "$show_ms ms" "$select1_ms ms" "$show_ratio" \
    "<= 1.5x" "$(holds "$show_ratio <= 1.5")"

# --- outbox stats -----------------------------------------------------------------------------

step "outbox stats"
"$eventctl" outbox stats -o json >"$work/stats-default.json"
group_by='SELECT status, count(*) FROM public.outbox GROUP BY status'
group_by_filter="SELECT count(*) FILTER (WHERE status = 'pending'),
    count(*) FILTER (WHERE status = 'processing'), count(*) FILTER (WHERE status = 'completed'),
    count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status = 'dead')
    FROM public.outbox"
partial="SELECT status, count(*) FROM public.outbox
    WHERE status IN ('pending', 'processing', 'failed', 'dead') GROUP BY status"
estimate="SELECT reltuples::bigint FROM pg_class WHERE oid = 'public.outbox'::regclass"
hf 3 20 stats-default "$(cmd "$eventctl" outbox stats -o json)" \
    partial "$(psql_c partial "$partial")" estimate "$(psql_c estimate "$estimate")"
hf 3 3 stats-exact "$(cmd "$eventctl" outbox stats --exact -o json)" \
    group-by "$(psql_c group-by "$group_by")" \
    group-by-filter "$(psql_c group-by-filter "$group_by_filter")"
stats_default_ms=$(ms stats-default) stats_exact_ms=$(ms stats-exact)
group_by_ms=$(ms group-by) group_by_filter_ms=$(ms group-by-filter)
partial_ms=$(ms partial) estimate_ms=$(ms estimate)
fastest_group_by_ms=$(jq -n --argjson a "$group_by_ms" --argjson b "$group_by_filter_ms" '[$a, $b] | min')
group_by_warm=$(warm group-by 3 "$group_by")
group_by_filter_warm=$(warm group-by-filter 3 "$group_by_filter")
partial_warm=$(warm partial 20 "$partial")
estimate_warm=$(warm estimate 200 "$estimate")
record stats "$(jq -n --argjson d "$stats_default_ms" --argjson e "$stats_exact_ms" \
    --argjson g "$group_by_ms" --argjson f "$group_by_filter_ms" --argjson p "$partial_ms" \
    --argjson s "$estimate_ms" --argjson gw "$group_by_warm" --argjson fw "$group_by_filter_warm" \
    --argjson pw "$partial_warm" --argjson sw "$estimate_warm" \
    --argjson out "$(cat "$work/stats-default.json")" \
    '{default_ms: $d, exact_ms: $e, default_estimated: $out.estimated,
      psql: {group_by_ms: $g, count_filter_ms: $f, partial_index_ms: $p, planner_estimate_ms: $s},
      warm_session: {group_by_ms: $gw, count_filter_ms: $fw, partial_index_ms: $pw,
                     planner_estimate_ms: $sw}}')"
exact_ratio=$(ratio "$stats_exact_ms" "$fastest_group_by_ms")
bar "outbox stats (default)" "$stats_default_ms ms" "partial idx $partial_ms ms" \
    "$(ratio "$stats_default_ms" "$partial_ms")" "< 50 ms" "$(holds "$stats_default_ms < 50")"
bar "outbox stats --exact" "$stats_exact_ms ms" "GROUP BY $fastest_group_by_ms ms" \
    "$exact_ratio" "<= 1.5x" "$(holds "$exact_ratio <= 1.5")"

# --- monitoring: a Prometheus scrape, metrics, check ------------------------------------------

# DESIGN 7: a scrape costs no more than outbox stats; check with every threshold, without
# --exact, under 100 ms (but --replay-lag, which needs a standby this server is not). check
# exits 1 or 2 when a threshold is crossed (the generated data has a consumer at 0 and pending
# entries days old): a result, not a failure of the run.
step "monitoring: outbox stats -o prometheus, metrics, check with every threshold"
check_args=(check --oldest-pending 5m:15m --pending 1000:10000 --stale-locks 10:100 --dead 10:100
    --new-dead 10:100 --failed 1000:10000 --oldest-completed 31d:35d --consumer-lag 1000:10000
    --consumer-lag-time 5m:1h --stalled-consumers 0:1 -o json)
"$eventctl" "${check_args[@]}" >"$work/check.json" || true
HF_OPTIONS=--ignore-failure hf 3 20 scrape "$(cmd "$eventctl" outbox stats -o prometheus)" \
    stats-json "$(cmd "$eventctl" outbox stats -o json)" metrics "$(cmd "$eventctl" metrics)" \
    check "$(cmd "$eventctl" "${check_args[@]}")"
scrape_ms=$(ms scrape) stats_json_ms=$(ms stats-json) metrics_ms=$(ms metrics) check_ms=$(ms check)
record monitoring "$(jq -n --argjson s "$scrape_ms" --argjson j "$stats_json_ms" \
    --argjson m "$metrics_ms" --argjson c "$check_ms" --argjson out "$(cat "$work/check.json")" \
    '{scrape_ms: $s, stats_json_ms: $j, metrics_ms: $m, check_all_thresholds_ms: $c,
      check_status: $out.status}')"
scrape_ratio=$(ratio "$scrape_ms" "$stats_json_ms")
bar "outbox stats -o prometheus (a scrape)" "$scrape_ms ms" "stats -o json $stats_json_ms ms" \
    "$scrape_ratio" "<= 1.1x (same reads)" "$(holds "$scrape_ratio <= 1.1")"
bar "check, every threshold but --replay-lag" "$check_ms ms" "-" "-" "< 100 ms" \
    "$(holds "$check_ms < 100")"

# --- outbox list ------------------------------------------------------------------------------

page_size=50
list_columns='id, event_type, status, created_at, tenant_id, aggregate_type, aggregate_id,
    attempts, max_attempts, last_error, scheduled_at, locked_by, locked_until, processed_at'

# list_case NAME DEEP_PAGE SQL_WHERE EVENTCTL_FILTERS...: page 1 and page DEEP_PAGE (reached
# by walking --after from page 1 with the cursors eventctl printed), each timed on its own,
# against the same page by keyset SQL and by OFFSET.
list_case() {
    local name=$1 deep=$2 where=$3
    shift 3
    local filters=("$@") cursor= page
    local walk_started walk_ended
    walk_started=$(date +%s%N)
    for ((page = 1; page < deep; page++)); do
        "$eventctl" outbox list "${filters[@]}" ${cursor:+--after "$cursor"} -o json \
            >"$work/page.json"
        # The cursor is on the document's last line; jq's start-up would double the walk's time.
        cursor=$(tail -n 1 "$work/page.json" | sed -n 's/.*"next_cursor": *"\([^"]*\)".*/\1/p')
        [ -n "$cursor" ] || die "list $name: no cursor after page $page"
    done
    walk_ended=$(date +%s%N)
    # The last entry of page DEEP-1: the key an expert's keyset SQL continues after.
    local last_created last_id
    last_created=$(jq -r '.items[-1].created_at' "$work/page.json")
    last_id=$(jq -r '.items[-1].id' "$work/page.json")
    local first_ms deep_ms keyset_ms offset_ms keyset_cold_ms offset_cold_ms local_show_ms
    local and_where=${where:+AND $where} only_where=${where:+WHERE $where}
    local keyset="SELECT $list_columns FROM public.outbox
        WHERE (created_at, id) > ('$last_created', '$last_id') $and_where
        ORDER BY created_at, id LIMIT $((page_size + 1))"
    local first_page="SELECT $list_columns FROM public.outbox $only_where
        ORDER BY created_at, id LIMIT $((page_size + 1))"
    local offset="SELECT $list_columns FROM public.outbox $only_where
        ORDER BY created_at, id LIMIT $page_size OFFSET $(((deep - 1) * page_size))"
    # Page 1 and page DEEP by the keyset query eventctl runs, in a warm session (200 times
    # each): the server's part, which is all that could depend on the page number. A cold
    # process's first query also loads the catalog into its new backend, which takes a few ms
    # and drowns the difference.
    local first_warm_ms
    first_warm_ms=$(warm "first-$name" 200 "$first_page")
    keyset_ms=$(warm "keyset-$name" 200 "$keyset")
    offset_ms=$(warm "offset-$name" 5 "$offset")
    # The one-row command runs along as the yardstick of "beyond connecting".
    hf 3 20 "list-$name-1" "$(cmd "$eventctl" outbox list "${filters[@]}" -o json)" \
        "list-$name-deep" "$(cmd "$eventctl" outbox list "${filters[@]}" --after "$cursor" -o json)" \
        "show-$name" "$(cmd "$eventctl" outbox show "$some_id" -o json)" \
        "keyset-$name" "$(psql_c "keyset-$name" "$keyset")"
    # OFFSET is the slow baseline: a few runs tell its cost.
    hf 1 5 "offset-$name" "$(psql_c "offset-$name" "$offset")"
    first_ms=$(ms "list-$name-1") deep_ms=$(ms "list-$name-deep") local_show_ms=$(ms "show-$name")
    keyset_cold_ms=$(ms "keyset-$name") offset_cold_ms=$(ms "offset-$name")
    # The page's query alone, as eventctl -v times it in its own session: the part of a call
    # that could depend on the page number. 15 calls of each, taking turns; the medians.
    local first_query_ms deep_query_ms run
    for run in $(seq 15); do
        page_query_ms "${filters[@]}" >>"$work/query-$name-1"
        page_query_ms "${filters[@]}" --after "$cursor" >>"$work/query-$name-deep"
    done
    first_query_ms=$(sort -n "$work/query-$name-1" | sed -n 8p)
    deep_query_ms=$(sort -n "$work/query-$name-deep" | sed -n 8p)
    local beyond_first beyond_deep
    beyond_first=$(jq -n --argjson a "$first_ms" --argjson b "$local_show_ms" '($a - $b) * 1000 | round / 1000')
    beyond_deep=$(jq -n --argjson a "$deep_ms" --argjson b "$local_show_ms" '($a - $b) * 1000 | round / 1000')
    record "list_$name" "$(jq -n --argjson f "$first_ms" --argjson d "$deep_ms" \
        --argjson deep "$deep" --argjson k "$keyset_ms" --argjson o "$offset_ms" \
        --argjson kc "$keyset_cold_ms" --argjson oc "$offset_cold_ms" \
        --argjson fq "$first_query_ms" --argjson dq "$deep_query_ms" --argjson bf "$beyond_first" --argjson bd "$beyond_deep" \
        --argjson show "$local_show_ms" --argjson fw "$first_warm_ms" \
        --argjson walk "$(((walk_ended - walk_started) / 1000000))" \
        --arg filters "${filters[*]}" \
        '{filters: $filters, deep_page: $deep, page_1_ms: $f, deep_page_ms: $d,
          one_row_command_ms: $show, beyond_one_row_command_ms: {page_1: $bf, deep_page: $bd},
          query_in_eventctl_ms: {page_1: $fq, deep_page: $dq}, walk_ms: $walk,
          warm_session: {page_1_ms: $fw, keyset_ms: $k, offset_ms: $o},
          psql: {keyset_ms: $kc, offset_ms: $oc}}')"
    local label="outbox list${filters[*]:+ ${filters[*]}}"
    bar "$label page 1" "$first_ms ms" "keyset ${keyset_cold_ms} ms" \
        "$(ratio "$first_ms" "$keyset_cold_ms")" "show + $beyond_first ms (< 10)" \
        "$(holds "$beyond_first < 10")"
    bar "$label page $deep" "$deep_ms ms" "OFFSET ${offset_cold_ms} ms" \
        "$(ratio "$deep_ms" "$keyset_cold_ms")" \
        "show + $beyond_deep ms (< 10); server $keyset_ms <= 1.5x p.1 $first_warm_ms ms" \
        "$(holds "$beyond_deep < 10 and $keyset_ms <= 1.5 * $first_warm_ms")"
}

# page_query_ms LIST_OPTIONS...: the list query's time in ms, as eventctl -v reports it.
page_query_ms() {
    "$eventctl" -v outbox list "$@" -o json 2>&1 >/dev/null |
        awk '/SQL: SELECT "?id"?::text/ { found = 1; next }
             found && /-> .* rows in/ { printf "%.3f\n", $(NF - 1); exit }'
}

# The deepest page up to 1,000 that every case has at this size.
pages_of() { sql -c "SELECT count(*) / $page_size FROM public.outbox $1"; }
deep_page() {
    local available=$1
    if [ "$available" -gt 1000 ]; then echo 1000; else echo $((available > 2 ? available - 1 : 2)); fi
}
step "outbox list: walking to page $(deep_page "$(pages_of '')") (unfiltered)"
list_case all "$(deep_page "$(pages_of '')")" ''
step "outbox list --status failed"
list_case failed "$(deep_page "$(pages_of "WHERE status = 'failed'")")" "status = 'failed'" \
    --status failed
step "outbox list --event-type OrderPaid"
list_case event_type "$(deep_page "$(pages_of "WHERE event_type = 'OrderPaid'")")" \
    "event_type = 'OrderPaid'" --event-type OrderPaid

# --- log replay -------------------------------------------------------------------------------

step "log replay of $replay_events events vs psql COPY"
first_seq=$((events - replay_events + 1))
copy_sql="COPY (SELECT pg_catalog.row_to_json(e) FROM (
    SELECT seq_no, stream_id, stream_seq, event_type, tenant_id,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')
           || CASE WHEN date_trunc('second', created_at) = created_at THEN ''
                   ELSE to_char(created_at AT TIME ZONE 'UTC', '.US') END || 'Z' AS created_at,
           payload, metadata
    FROM public.event_log WHERE seq_no BETWEEN $first_seq AND $events ORDER BY seq_no) AS e)
    TO STDOUT"
printf '%s\n' "$copy_sql" >"$work/copy.sql"
# timed NAME OUTPUT COMMAND...: wall seconds and peak RSS of one run, output to a file.
timed() {
    local name=$1 output=$2
    shift 2
    /usr/bin/time -f '%e %M' -o "$work/time-$name" "$@" >"$output" ||
        die "$name failed: $*"
}
best_replay= best_copy= replay_rss=0 copy_rss=0
for run in 1 2; do
    timed "replay-$run" "$work/replay.ndjson" \
        "$eventctl" log replay --from-seq "$first_seq" --to-seq "$events"
    read -r seconds rss <"$work/time-replay-$run"
    best_replay=$(jq -n --argjson a "${best_replay:-1e9}" --argjson b "$seconds" '[$a, $b] | min')
    replay_rss=$((rss > replay_rss ? rss : replay_rss))
    timed "copy-$run" "$work/copy.ndjson" "$pg_bin/psql" -X -q -f "$work/copy.sql"
    read -r seconds rss <"$work/time-copy-$run"
    best_copy=$(jq -n --argjson a "${best_copy:-1e9}" --argjson b "$seconds" '[$a, $b] | min')
    copy_rss=$((rss > copy_rss ? rss : copy_rss))
done
same_output=false
if cmp -s "$work/replay.ndjson" "$work/copy.ndjson"; then same_output=true; fi
replay_lines=$(wc -l <"$work/replay.ndjson")
replay_bytes=$(wc -c <"$work/replay.ndjson")
replay_rate=$(jq -n --argjson n "$replay_lines" --argjson s "$best_replay" '$n / $s | round')
copy_rate=$(jq -n --argjson n "$replay_lines" --argjson s "$best_copy" '$n / $s | round')
rate_ratio=$(ratio "$replay_rate" "$copy_rate")
record replay "$(jq -n --argjson n "$replay_lines" --argjson b "$replay_bytes" \
    --argjson rs "$best_replay" --argjson cs "$best_copy" --argjson rr "$replay_rate" \
    --argjson cr "$copy_rate" --argjson rm "$replay_rss" --argjson cm "$copy_rss" \
    --argjson same "$same_output" \
    '{events: $n, bytes: $b, eventctl_seconds: $rs, copy_seconds: $cs, eventctl_events_per_s: $rr,
      copy_events_per_s: $cr, eventctl_peak_rss_kb: $rm, psql_peak_rss_kb: $cm,
      identical_output: $same}')"
rm -f "$work/replay.ndjson" "$work/copy.ndjson"
bar "log replay ($replay_lines events)" "$replay_rate ev/s" "COPY $copy_rate ev/s" "$rate_ratio" \
    ">= 0.8x, same bytes ($same_output)" "$(holds "$rate_ratio >= 0.8 and $same_output")"
bar "log replay peak RSS" "$((replay_rss / 1024)) MB" "psql $((copy_rss / 1024)) MB" "-" "< 50 MB" \
    "$(holds "$replay_rss < 50 * 1024")"

# --- outbox purge under a relay -------------------------------------------------------------

# The relay: one pgbench client running scripts/benchmark/relay.sql back to back for the whole
# section, logging every transaction (its end time and latency). Each measurement is a window
# of that log: the phase itself, and an idle stretch just before it.
purge_where="status = 'completed' AND COALESCE(processed_at, created_at) < now() - interval '30 days'"
eligible=$(sql -c "SELECT count(*) FROM public.outbox WHERE $purge_where")
step "outbox purge: $eligible entries older than 30d; starting the relay (pgbench)"
# Autovacuum would start on the purged table in the middle of one measurement and not the
# other; the benchmark vacuums between them instead, as autovacuum would right after.
sql -c 'ALTER TABLE public.outbox SET (autovacuum_enabled = off)'
(cd "$work" && PGAPPNAME=relay exec "$pg_bin/pgbench" -n -c 1 -j 1 -T 3600 -l --log-prefix=relay-log \
    -f "$data_sql/relay.sql" >"$work/relay-pgbench.out" 2>&1) &
relay_pid=$!
sleep 5 # the relay's first seconds warm its caches
# The DELETE runs in a transaction that is rolled back, so that the purge finds the same rows in
# the same places: all of the DELETE's work is done by then (each row locked, marked and
# WAL-logged); only its commit record is missing. The purge pays the rollback's price instead:
# it is the first to read those rows again and sets their hint bits.
phase delete sql -c "BEGIN; DELETE FROM public.outbox WHERE $purge_where; ROLLBACK;"
# The README's busy-hours throttle for at most 30 seconds and a tenth of the rows, enough to see
# what the relay keeps; the full-speed purge after it deletes the rest.
throttle=(--sleep 1s)
step "eventctl outbox purge --older-than 30d ${throttle[*]} --max-duration 30s"
phase throttled "$eventctl" outbox purge --older-than 30d "${throttle[@]}" --max-duration 30s \
    --max-rows $((eligible / 10)) --yes -q -o json
sql -c 'VACUUM public.outbox'
step "eventctl outbox purge --older-than 30d"
phase purge "$eventctl" outbox purge --older-than 30d --yes -q -o json
# Ending the relay's session makes pgbench stop as it would on any error: it writes out its log.
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay'" \
    >/dev/null
wait "$relay_pid" 2>/dev/null || true
relay_pid=
sql -c 'ALTER TABLE public.outbox RESET (autovacuum_enabled)'

delete_json=$(phase_json delete)
purge_json=$(phase_json purge)
throttled_json=$(phase_json throttled)
purge_result=$(cat "$work/purge.out")
throttled_result=$(cat "$work/throttled.out")

delete_rate=$(jq -n --argjson d "$delete_json" --argjson n "$eligible" '$n / $d.seconds | round')
# The full-speed purge starts where the throttled one stopped, walking the emptied pages first;
# its rate counts those seconds too.
purge_rate=$(jq -n --argjson p "$purge_json" --argjson r "$purge_result" '$r.changed / $p.seconds | round')
throttled_rate=$(jq -n --argjson p "$throttled_json" --argjson r "$throttled_result" \
    '$r.changed / $p.seconds | round')
record purge "$(jq -n --argjson n "$eligible" --argjson d "$delete_json" --argjson p "$purge_json" \
    --argjson pr "$purge_result" --argjson t "$throttled_json" --argjson tr "$throttled_result" \
    --argjson dr "$delete_rate" --argjson prr "$purge_rate" --argjson trr "$throttled_rate" \
    --arg throttle "${throttle[*]}" \
    '{eligible: $n, relay: "1 pgbench client, scripts/benchmark/relay.sql",
      delete: ($d + {rows_per_s: $dr}),
      purge: ($p + {rows_per_s: $prr, deleted: $pr.changed, batches: $pr.batches}),
      throttled: ($t + {rows_per_s: $trr, deleted: $tr.changed, batches: $tr.batches,
                        options: $throttle})}')"
rate_share=$(ratio "$purge_rate" "$delete_rate")
purge_share=$(jq -n --argjson p "$purge_json" '$p.relay_share')
delete_share=$(jq -n --argjson d "$delete_json" '$d.relay_share')
throttled_share=$(jq -n --argjson t "$throttled_json" '$t.relay_share')
purge_max=$(jq -n --argjson p "$purge_json" '[$p.relay_during.max_ms, $p.longest_lock_wait_ms] | max')
purge_p99=$(jq -n --argjson p "$purge_json" '$p.relay_during.p99_ms')
bar "outbox purge --older-than 30d" "$purge_rate rows/s" "DELETE $delete_rate rows/s" \
    "$rate_share" ">= 0.7x" "$(holds "$rate_share >= 0.7")"
bar "relay tps during purge (DELETE: $delete_share)" "$purge_share of idle" "-" "$purge_share" \
    ">= 0.6x" "$(holds "$purge_share >= 0.6")"
bar "relay's worst wait during purge" "$purge_max ms (p99 $purge_p99)" "-" "-" "< 1000 ms" \
    "$(holds "$purge_max < 1000")"
bar "relay tps during purge ${throttle[*]}" "$throttled_share of idle" "-" "$throttled_share" \
    ">= 0.8x" "$(holds "$throttled_share >= 0.8")"

fi

# --- partitioned tables -----------------------------------------------------------------------

source "$data_sql/partitions.sh"

# --- report -----------------------------------------------------------------------------------

step "done; writing the report"
mkdir -p "$results_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report=$results_dir/benchmark-$stamp.json
machine=$(jq -n --arg cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" \
    --argjson cores "$(nproc)" \
    --argjson mem "$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg kernel "$(uname -r)" \
    '{cpu: $cpu, cores: $cores, memory_mb: $mem, load_average_at_end: $load, kernel: $kernel}')
jq -s --arg date "$(date -u +%FT%TZ)" --arg size "$size" --argjson rows "$rows" \
    --argjson events "$events" --arg server "$server_version" --argjson machine "$machine" \
    --arg version "$("$eventctl" --version)" --argjson seconds "$(($(date +%s) - started_at))" \
    --slurpfile bars "$bars" \
    '{date: $date, size: $size, outbox_rows: $rows, log_events: $events, eventctl: $version,
      postgresql: $server, machine: $machine, run_seconds: $seconds, bars: $bars,
      measurements: add}' "$results" >"$report"

{
    printf '\n%-48s %-20s %-24s %-8s %-44s %s\n' BAR EVENTCTL "PLAIN SQL" RATIO TARGET RESULT
    jq -r '[.bar, .eventctl, .plain, .ratio, .target, (if .passed == null then "-" elif .passed then "pass" else "FAIL" end)]
        | @tsv' "$bars" | while IFS=$'\t' read -r name ours theirs r target result; do
        printf '%-48s %-20s %-24s %-8s %-44s %s\n' "$name" "$ours" "$theirs" "$r" "$target" "$result"
    done
    printf '\n%s outbox rows, %s log events; PostgreSQL %s; %s cores, %s; %s\n' "$rows" "$events" \
        "$server_version" "$(nproc)" "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" \
        "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'results: %s (%s)\n' "$report" "$(elapsed)"
}
