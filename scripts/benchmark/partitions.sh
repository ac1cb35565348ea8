# Sourced by scripts/benchmark.sh (with --partitions, alone): purge --drop-partitions against
# one unbatched DELETE of the same rows, on a weekly-partitioned 5 M-row outbox and a 5 M-event
# log partitioned by seq_no, each with a relay running (scripts/benchmark/relay-partitioned.sql).
# The cutoffs fall on partition boundaries (the outbox's --older-than reaches back to the start
# of a week, the log's --before-seq is a partition's lower bound), so that both delete exactly
# the rows of the old partitions: rows per second, WAL bytes (pg_current_wal_lsn() before and
# after, the relay's own WAL included), the relay's throughput and worst wait. DESIGN 7's bars:
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
step "outbox: eventctl outbox purge --older-than $older_than --drop-partitions"
wal_phase part-outbox-drop "$eventctl" --schema part --lock-timeout 1s outbox purge \
    --older-than "$older_than" --drop-partitions --yes -q -o json
step "log: one DELETE of the $log_rows events below seq_no $before_seq (rolled back)"
wal_phase part-log-delete sql -c "BEGIN; DELETE FROM part.event_log WHERE seq_no < $before_seq; ROLLBACK;"
sql -c 'VACUUM part.event_log'
step "log: eventctl log purge --before-seq $before_seq --drop-partitions"
wal_phase part-log-drop "$eventctl" --schema part --lock-timeout 1s log purge \
    --before-seq "$before_seq" --drop-partitions --yes -q -o json
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay'" \
    >/dev/null
wait "$relay_pid" 2>/dev/null || true
relay_pid=

# partition_case TABLE ROWS: the DELETE and the drop of one table, recorded and checked.
partition_case() {
    local table=$1 expected=$2
    local delete_json drop_json result delete_rate drop_rate wal_delete wal_drop
    delete_json=$(phase_json "part-$table-delete")
    drop_json=$(phase_json "part-$table-drop")
    result=$(cat "$work/part-$table-drop.out")
    wal_delete=$(cat "$work/wal-part-$table-delete")
    wal_drop=$(cat "$work/wal-part-$table-drop")
    delete_rate=$(jq -n --argjson d "$delete_json" --argjson n "$expected" '$n / $d.seconds | round')
    drop_rate=$(jq -n --argjson d "$drop_json" --argjson r "$result" '$r.changed / $d.seconds | round')
    record "partitions_$table" "$(jq -n --argjson n "$expected" --argjson d "$delete_json" \
        --argjson p "$drop_json" --argjson r "$result" --argjson dr "$delete_rate" \
        --argjson pr "$drop_rate" --argjson wd "$wal_delete" --argjson wp "$wal_drop" \
        '{rows: $n, delete: ($d + {rows_per_s: $dr, wal_bytes: $wd}),
          drop_partitions: ($p + {rows_per_s: $pr, wal_bytes: $wp, deleted: $r.changed,
                                  partitions: [$r.partitions[] | select(.decision == "drop")
                                               | .partition]})}')"
    local rate_ratio wal_share share worst
    rate_ratio=$(ratio "$drop_rate" "$delete_rate")
    wal_share=$(ratio "$wal_drop" "$wal_delete")
    share=$(jq -n --argjson p "$drop_json" '$p.relay_share')
    worst=$(jq -n --argjson p "$drop_json" '[$p.relay_during.max_ms, $p.longest_lock_wait_ms] | max')
    bar "$table --drop-partitions ($(jq -n --argjson r "$result" '$r.changed') rows)" \
        "$drop_rate rows/s" "DELETE $delete_rate rows/s" "$rate_ratio" ">= 100x, same rows" \
        "$(holds "$rate_ratio >= 100 and $(jq -n --argjson r "$result" --argjson n "$expected" '$r.changed == $n')")"
    bar "$table --drop-partitions WAL" "$wal_drop B" "DELETE $wal_delete B" "$wal_share" "< 0.05x" \
        "$(holds "$wal_share < 0.05")"
    bar "relay tps during $table --drop-partitions" "$share of idle" "-" "$share" ">= 0.9x" \
        "$(holds "$share >= 0.9")"
    bar "relay's worst wait during $table drops" "$worst ms" "-" "-" "< 1000 ms" \
        "$(holds "$worst < 1000")"
}
partition_case outbox "$outbox_rows"
partition_case log "$log_rows"
