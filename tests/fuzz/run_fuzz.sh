#!/usr/bin/env bash
# Runs one libFuzzer target from its committed seed corpus for a bounded time, then records how
# many inputs it tried in the safety figures. New inputs go to a scratch corpus, so the seeds in
# the repository only change when someone commits them. A crash fails the test, leaving the
# crashing input in the scratch directory (its path is printed).
#
# Usage: run_fuzz.sh FUZZ_BINARY SEED_DIR NAME
# Environment: EVENTCTL_FUZZ_SECONDS (default 20), EVENTCTL_FIGURES_FILE (where figures go).
set -euo pipefail

binary=${1:?usage: run_fuzz.sh FUZZ_BINARY SEED_DIR NAME}
seeds=${2:?usage: run_fuzz.sh FUZZ_BINARY SEED_DIR NAME}
name=${3:?usage: run_fuzz.sh FUZZ_BINARY SEED_DIR NAME}
seconds=${EVENTCTL_FUZZ_SECONDS:-20}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/eventctl-fuzz-$name.XXXXXX")
mkdir -p "$scratch/corpus"
# -timeout: one input taking over 5 s is a hang; -rss_limit_mb: a parser's memory stays bounded;
# -max_len: big enough for a plan file or an argv, small enough to stay fast.
set +e
"$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$scratch/" "$scratch/corpus" "$seeds" \
    >"$scratch/log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$scratch/log" | tail -n 1)
if [ "$status" -ne 0 ] || [ -z "$runs" ]; then
    tail -n 60 "$scratch/log"
    echo "run_fuzz: $name failed (exit $status); artifacts in $scratch" >&2
    exit 1
fi
seed_count=$(find "$seeds" -type f | wc -l)
echo "fuzz $name: $runs inputs in ${seconds}s from $seed_count seeds, no crash"
if [ -n "${EVENTCTL_FIGURES_FILE:-}" ]; then
    printf '{"test":"fuzz: %s","fuzz_targets":1,"fuzz_executions":%s,"fuzz_seconds":%s}\n' \
        "$name" "$runs" "$seconds" >>"$EVENTCTL_FIGURES_FILE"
fi
rm -rf "$scratch"
