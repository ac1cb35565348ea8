#!/usr/bin/env bash
# The figures of SAFETY.md, from a run of the safety tests: events processed, operations run,
# faults injected, hostile inputs tried, fuzz executions, and whether anything was lost.
#
# Usage: scripts/safety-report.sh [BUILD_DIR]     runs the safety tests (and, in a build
#                                                 configured with -DEVENTCTL_FUZZ=ON, the fuzz
#                                                 targets) in BUILD_DIR (default build), then
#                                                 prints their figures
#        scripts/safety-report.sh --figures FILE...   prints the figures these runs wrote
# Environment: EVENTCTL_TORTURE_SECONDS, EVENTCTL_FAULT_ITERATIONS, EVENTCTL_FUZZ_SECONDS make
# the run longer (SAFETY.md); JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v jq >/dev/null || { echo "safety-report: needs jq (scripts/install-deps.sh)" >&2; exit 1; }

if [ "${1:-}" = --figures ]; then
    shift
    files=("$@")
else
    build_dir=$(cd "${1:-$root/build}" && pwd)
    # The safety tests are built on demand (tests/safety): the release build leaves them out.
    cmake --build "$build_dir" --target safety_tests -j "${JOBS:-2}" >/dev/null
    rm -f "$build_dir/safety-figures.ndjson"
    (cd "$build_dir" && ctest --output-on-failure -j "${JOBS:-2}" -R '^(safety:|fuzz:|db:(a read-only|a role without DELETE|passwords from|a URI password))')
    files=("$build_dir/safety-figures.ndjson")
fi

existing=()
for file in "${files[@]}"; do
    [ -s "$file" ] && existing+=("$file")
done
[ "${#existing[@]}" -gt 0 ] || { echo "safety-report: no figures in ${files[*]}" >&2; exit 1; }

jq -s -r '
  def total(f): (map(f // 0) | add) // 0;
  def sum_by(name; f): map(select(.test | startswith(name))) | total(f);
  [
    ["runs of the suite recorded", (map(select(.test == "torture")) | length)],
    ["torture: seconds of load", sum_by("torture"; .seconds)],
    ["torture: outbox entries inserted (producer and replay)", sum_by("torture"; .events_inserted)],
    ["torture: log events written", sum_by("torture"; .log_events)],
    ["torture: rows claimed by relay workers", sum_by("torture"; .relay_claims)],
    ["torture: entries completed / failed by relays",
       "\(sum_by("torture"; .relay_completed)) / \(sum_by("torture"; .relay_failed))"],
    ["torture: leases abandoned by a simulated crash", sum_by("torture"; .relay_abandoned)],
    ["torture: holds recorded and checked", sum_by("torture"; .holds_recorded)],
    ["torture: row changes recorded and checked", sum_by("torture"; .row_changes_recorded)],
    ["torture: entries purged (each checked completed and old enough)", sum_by("torture"; .events_purged)],
    ["torture: consumer acknowledgements", sum_by("torture"; .consumer_acks)],
    ["torture: consumers moved by seek / seeks refused as live",
       "\(sum_by("torture"; .consumer_moves_by_seek)) / \(sum_by("torture"; .seeks_refused_live))"],
    ["torture: eventctl operations run", sum_by("torture"; .eventctl_operations)],
    ["torture: purges with --archive-to / killed with SIGKILL / killed between a batch'"'"'s flush and its commit",
       "\(sum_by("torture"; .archived_purge_runs)) / \(sum_by("torture"; .archived_purges_killed)) / \(sum_by("torture"; .archived_purges_killed_mid_batch))"],
    ["torture: rows archived / of them not deleted (the batch a kill caught)",
       "\(sum_by("torture"; .archived_rows)) / \(sum_by("torture"; .archived_rows_not_deleted))"],
    ["faults: injected (SIGKILL, connection cut, server restart)", sum_by("faults"; .faults_injected)],
    ["faults: SIGKILLs that landed mid-work", sum_by("faults"; .kills_mid_work)],
    ["hostile and enormous inputs tried", (map(select(.test | test("^(hostile|enormous)"))) | total(.hostile_inputs))],
    ["fuzz targets run", sum_by("fuzz"; .fuzz_targets)],
    ["fuzz executions", sum_by("fuzz"; .fuzz_executions)],
    ["invariant violations", sum_by("torture"; .invariant_violations)],
    ["events lost", sum_by("torture"; .events_lost)]
  ] | (["figure", "value"], ["---", "---"], .[]) | "| \(.[0]) | \(.[1]) |"
' "${existing[@]}"
