# Sourced by scripts/benchmark.sh (with --partitions, alone): purge --drop-partitions against
# one unbatched DELETE of the same rows, on a weekly-partitioned 5 M-row outbox and a 5 M-event
# log partitioned by seq_no, each with a relay running (scripts/benchmark/relay-partitioned.sql).
# The cutoffs fall on partition boundaries (the outbox's --older-than reaches back to the start
# of a week, the log's --before-seq is a partition's lower bound), so that both delete exactly
# the rows of the old partitions: rows per second, WAL bytes (pg_current_wal_lsn() before and
# after, the relay's own WAL included), the relay's throughput and worst wait, and beside them,
# with no bar, a drop by hand of the same partitions' copies (what the server itself needs for
# these drops). DESIGN 7's bars:
# at least 100x the DELETE's rows/s, under 5 % of its WAL, relay >= 90 % and no wait over 1 s,
# with the indexes doctor recommends for --drop-partitions (made here as doctor prints them).
# Uses the helpers of benchmark.sh: sql, step, record, bar, ratio, holds, phase, phase_json.

step "partitioned tables: $rows outbox entries by week, $events log events by seq_no"
"$eventctl" --schema part schema init >/dev/null
sql -v rows="$rows" -v events="$events" -v part_size="$((events / 10))" -f "$data_sql/partitioned-data.sql"
# Storage parameters belong to the leaves: a partitioned table has no storage to vacuum.
sql -c 'VACUUM (ANALYZE) part.outbox' -c 'VACUUM (ANALYZE) part.event_log' -c "DO \$\$
DECLARE leaf regclass;
BEGIN
    FOR leaf IN SELECT relid FROM pg_partition_tree('part.outbox') WHERE isleaf
                UNION ALL SELECT relid FROM pg_partition_tree('part.event_log') WHERE isleaf LOOP
        EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = off)', leaf);
    END LOOP;
END \$\$"

# The indexes doctor recommends for --drop-partitions and has not found (the outbox's
# (status, processed_at), from which a partition's fate is decided), made as doctor prints them.
step "the indexes doctor recommends for --drop-partitions"
"$eventctl" --schema part doctor -o json |
    jq -r '.indexes[] | select(.exists == false and any(.commands[]; test("drop-partitions")))
           | .statement' | sql -f -
sql -c 'ANALYZE part.outbox'

# The start of the week 5 weeks back: partitions before it are all older than the cutoff.
cutoff_seconds=$(sql -c "SELECT EXTRACT(epoch FROM now() - (date_trunc('week', now()) - interval '4 weeks'))::bigint")
older_than="${cutoff_seconds}s"
outbox_where="status = 'completed' AND COALESCE(processed_at, created_at) < now() - interval '$cutoff_seconds seconds'"
outbox_rows=$(sql -c "SELECT count(*) FROM part.outbox WHERE $outbox_where")
before_seq=$((6 * (events / 10) + 1)) # the lower bound of the 7th partition
log_rows=$(sql -c "SELECT count(*) FROM part.event_log WHERE seq_no < $before_seq")

# The baseline of the drop itself: the partitions the purge will drop, copied into a twin table
# (part.plain_outbox, part.plain_event_log) whose copies are detached and dropped by hand, each
# in one transaction, as an operator would write it: no check, no count. No relay uses the twin,
# so no lock waits on it; it is the fastest the server drops these partitions here.
# twin_partitions PARENT PARTITION...: the twin of part.PARENT holding copies of the partitions.
twin_partitions() {
    local parent=$1 partition
    shift
    sql -c "CREATE TABLE part.plain_$parent (LIKE part.$parent INCLUDING ALL)
            PARTITION BY $(sql -c "SELECT pg_get_partkeydef('part.$parent'::regclass)")"
    for partition in "$@"; do
        sql -c "CREATE TABLE part.plain_$partition PARTITION OF part.plain_$parent
                $(sql -c "SELECT pg_get_expr(relpartbound, oid) FROM pg_class
                          WHERE oid = 'part.$partition'::regclass")" \
            -c "INSERT INTO part.plain_$partition OVERRIDING SYSTEM VALUE
                SELECT * FROM part.$partition"
        printf 'BEGIN;\nALTER TABLE part.plain_%s DETACH PARTITION part.plain_%s;\n' \
            "$parent" "$partition"
        printf 'DROP TABLE part.plain_%s;\nCOMMIT;\n' "$partition"
    done >"$work/plain-drop-$parent.sql"
    sql -c "VACUUM (ANALYZE) part.plain_$parent"
}
# drop_decisions PURGE-OPTION...: the partitions a dry run of that purge would drop.
drop_decisions() {
    "$eventctl" --schema part "$@" --drop-partitions --dry-run -o json |
        jq -r '.partitions[] | select(.decision == "drop") | .partition | sub("^part[.]"; "")'
}
step "the twin tables for the baseline drop by hand"
# shellcheck disable=SC2046 # one partition name a word
twin_partitions outbox $(drop_decisions outbox purge --older-than "$older_than")
# shellcheck disable=SC2046
twin_partitions event_log $(drop_decisions log purge --before-seq "$before_seq")
plain_outbox_rows=$(sql -c 'SELECT count(*) FROM part.plain_outbox')
plain_log_rows=$(sql -c 'SELECT count(*) FROM part.plain_event_log')

(cd "$work" && PGAPPNAME=relay exec "$pg_bin/pgbench" -n -c 1 -j 1 -T 3600 -l --log-prefix=relay-log \
    -f "$data_sql/relay-partitioned.sql" >"$work/relay-pgbench.out" 2>&1) &
relay_pid=$!
sleep 5

# wal_of NAME COMMAND...: runs COMMAND, writing the WAL written meanwhile to $work/wal-NAME.
wal_of() {
    local name=$1 lsn status=0
    shift
    lsn=$(sql -c 'SELECT pg_current_wal_lsn()')
    "$@" || status=$?
    sql -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn')::bigint" >"$work/wal-$name"
    return "$status"
}
# wal_phase NAME COMMAND...: phase, with the WAL written by the command (not by the checkpoint
# and the relay's idle stretch before it) in $work/wal-NAME.
wal_phase() {
    local name=$1
    shift
    phase "$name" wal_of "$name" "$@"
}

step "outbox: one DELETE of the $outbox_rows entries older than $older_than (rolled back)"
wal_phase part-outbox-delete sql -c "BEGIN; DELETE FROM part.outbox WHERE $outbox_where; ROLLBACK;"
# The rolled-back DELETE left its xmax on every row; the next reader would set the hint bits and,
# after the phase's checkpoint, write each page whole to the WAL, charging the drop for them.
sql -c 'VACUUM part.outbox'
step "outbox: the same partitions' copies detached and dropped by hand"
wal_phase part-outbox-plain sql -f "$work/plain-drop-outbox.sql"
step "outbox: eventctl outbox purge --older-than $older_than --drop-partitions"
wal_phase part-outbox-drop "$eventctl" --schema part --lock-timeout 1s outbox purge \
    --older-than "$older_than" --drop-partitions --yes -q -o json
step "log: one DELETE of the $log_rows events below seq_no $before_seq (rolled back)"
wal_phase part-log-delete sql -c "BEGIN; DELETE FROM part.event_log WHERE seq_no < $before_seq; ROLLBACK;"
sql -c 'VACUUM part.event_log'
step "log: the same partitions' copies detached and dropped by hand"
wal_phase part-log-plain sql -f "$work/plain-drop-event_log.sql"
step "log: eventctl log purge --before-seq $before_seq --drop-partitions"
wal_phase part-log-drop "$eventctl" --schema part --lock-timeout 1s log purge \
    --before-seq "$before_seq" --drop-partitions --yes -q -o json
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay'" \
    >/dev/null
wait "$relay_pid" 2>/dev/null || true
relay_pid=

# partition_case TABLE ROWS TWIN-ROWS: the DELETE, the drop by hand of the twin's copies and the
# drop of one table, recorded and checked.
partition_case() {
    local table=$1 expected=$2 plain_rows=$3
    local delete_json plain_json drop_json result delete_rate plain_rate drop_rate
    local wal_delete wal_plain wal_drop
    delete_json=$(phase_json "part-$table-delete")
    plain_json=$(phase_json "part-$table-plain")
    drop_json=$(phase_json "part-$table-drop")
    result=$(cat "$work/part-$table-drop.out")
    wal_delete=$(cat "$work/wal-part-$table-delete")
    wal_plain=$(cat "$work/wal-part-$table-plain")
    wal_drop=$(cat "$work/wal-part-$table-drop")
    delete_rate=$(jq -n --argjson d "$delete_json" --argjson n "$expected" '$n / $d.seconds | round')
    plain_rate=$(jq -n --argjson d "$plain_json" --argjson n "$plain_rows" '$n / $d.seconds | round')
    drop_rate=$(jq -n --argjson d "$drop_json" --argjson r "$result" '$r.changed / $d.seconds | round')
    record "partitions_$table" "$(jq -n --argjson n "$expected" --argjson d "$delete_json" \
        --argjson h "$plain_json" --argjson hn "$plain_rows" --argjson hr "$plain_rate" \
        --argjson wh "$wal_plain" \
        --argjson p "$drop_json" --argjson r "$result" --argjson dr "$delete_rate" \
        --argjson pr "$drop_rate" --argjson wd "$wal_delete" --argjson wp "$wal_drop" \
        '{rows: $n, delete: ($d + {rows_per_s: $dr, wal_bytes: $wd}),
          plain_drop: ($h + {rows: $hn, rows_per_s: $hr, wal_bytes: $wh}),
          drop_partitions: ($p + {rows_per_s: $pr, wal_bytes: $wp, deleted: $r.changed,
                                  partitions: [$r.partitions[] | select(.decision == "drop")
                                               | .partition]})}')"
    local rate_ratio plain_ratio to_plain wal_share share worst
    rate_ratio=$(ratio "$drop_rate" "$delete_rate")
    plain_ratio=$(ratio "$plain_rate" "$delete_rate")
    to_plain=$(ratio "$drop_rate" "$plain_rate")
    wal_share=$(ratio "$wal_drop" "$wal_delete")
    share=$(jq -n --argjson p "$drop_json" '$p.relay_share')
    worst=$(jq -n --argjson p "$drop_json" '[$p.relay_during.max_ms, $p.longest_lock_wait_ms] | max')
    bar "$table --drop-partitions ($(jq -n --argjson r "$result" '$r.changed') rows)" \
        "$drop_rate rows/s" "DELETE $delete_rate rows/s" "$rate_ratio" ">= 100x, same rows" \
        "$(holds "$rate_ratio >= 100 and $(jq -n --argjson r "$result" --argjson n "$expected" '$r.changed == $n')")"
    # No bar: what the server itself takes to drop these partitions, and eventctl's share of it.
    bar "$table DETACH + DROP by hand ($plain_rows rows)" "$plain_rate rows/s" \
        "DELETE $delete_rate rows/s" "$plain_ratio" "- (no bar: the server's own)" null
    bar "$table --drop-partitions against by hand" "$drop_rate rows/s" \
        "by hand $plain_rate rows/s" "$to_plain" "- (no bar)" null
    bar "$table --drop-partitions WAL" "$wal_drop B" "DELETE $wal_delete B" "$wal_share" "< 0.05x" \
        "$(holds "$wal_share < 0.05")"
    bar "relay tps during $table --drop-partitions" "$share of idle" "-" "$share" ">= 0.9x" \
        "$(holds "$share >= 0.9")"
    bar "relay's worst wait during $table drops" "$worst ms" "-" "-" "< 1000 ms" \
        "$(holds "$worst < 1000")"
}
partition_case outbox "$outbox_rows" "$plain_outbox_rows"
partition_case log "$log_rows" "$plain_log_rows"
