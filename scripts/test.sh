#!/usr/bin/env bash
# Installs the dependencies, builds everything and runs the whole test suite twice: once as
# built for release (g++), and once built by clang with AddressSanitizer and
# UndefinedBehaviorSanitizer, where the libFuzzer targets also get their short run. Both runs
# cover unit tests, integration tests against a throwaway PostgreSQL that the ctest fixture
# starts and removes, the safety tests (torture, faults, hostile input) and the clang-format
# check. Exits non-zero on any failure; ends with the safety figures (scripts/safety-report.sh).
#
# Usage: scripts/test.sh [CTEST_ARGS...]   e.g. scripts/test.sh -R 'unit: '
# Environment: BUILD_DIR (default build), SANITIZE_BUILD_DIR (default build-sanitize),
#   SANITIZE (default 1; 0 skips the sanitizer run), JOBS (default 2), and the safety tests'
#   EVENTCTL_TORTURE_SECONDS, EVENTCTL_FAULT_ITERATIONS and EVENTCTL_FUZZ_SECONDS (SAFETY.md).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build}
sanitize_dir=${SANITIZE_BUILD_DIR:-build-sanitize}
jobs=${JOBS:-2}

# Each step says how long it took: CI's budget is the sum.
timed() {
    local started=$SECONDS status=0
    "$@" || status=$?
    echo "==> ${*:1:2} took $((SECONDS - started)) s"
    return "$status"
}

timed scripts/install-deps.sh

# Runs the suite in one build directory; its safety figures start afresh.
run_suite() {
    local dir=$1
    shift
    echo "==> building $dir"
    timed cmake --build "$dir" -j "$jobs"
    echo "==> testing $dir"
    rm -f "$dir/safety-figures.ndjson"
    (cd "$dir" && timed ctest --output-on-failure --no-tests=error -j "$jobs" "$@")
}

echo "==> configuring $build_dir"
cmake -S . -B "$build_dir"
run_suite "$build_dir" "$@"
figures=("$build_dir/safety-figures.ndjson")

if [ "${SANITIZE:-1}" != 0 ]; then
    echo "==> configuring $sanitize_dir (clang, ASan + UBSan, fuzz targets)"
    cmake -S . -B "$sanitize_dir" -DCMAKE_CXX_COMPILER=clang++-14 -DEVENTCTL_FUZZ=ON
    # Any report fails the test that caused it: a leak, a bad access, undefined behaviour. A
    # small quarantine keeps the flat-memory tests' peak RSS meaningful; tests/lsan.supp says
    # which leak is libpqxx's.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:quarantine_size_mb=1:thread_local_quarantine_size_kb=16}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # The .deb test checks packaging (cpack, dpkg), not code: it runs in the first pass only.
    run_suite "$sanitize_dir" -E '^shell:deb:' "$@"
    figures+=("$sanitize_dir/safety-figures.ndjson")
fi

echo "==> safety figures"
scripts/safety-report.sh --figures "${figures[@]}"
