#!/usr/bin/env bash
# Installs the dependencies, builds everything and runs the whole test suite: the release build
# (g++) runs unit tests, integration tests against a throwaway PostgreSQL that the ctest fixture
# starts and removes, the shell and .deb tests and the clang-format check; a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer runs the safety tests (torture, faults, hostile
# input) and the libFuzzer targets' short runs. Exits non-zero on any failure; ends with the
# safety figures (scripts/safety-report.sh).
#
# The split keeps a CI run near 30 minutes on two cores, where compiling dominates (ARCHITECTURE.md,
# Build time). SANITIZE=full builds every target with the sanitizers and runs the whole suite
# there as well, the db and shell tests included; it takes about as long again.
#
# Usage: scripts/test.sh [CTEST_ARGS...]   e.g. scripts/test.sh -R 'unit: '
#   CTEST_ARGS choose the tests of both passes (the sanitizer pass then builds every target).
# Environment: BUILD_DIR (default build), SANITIZE_BUILD_DIR (default build-sanitize),
#   SANITIZE (checks, the default, as above; full; 0 skips the sanitizer pass), JOBS (default 2),
#   and the safety tests' EVENTCTL_TORTURE_SECONDS, EVENTCTL_FAULT_ITERATIONS and
#   EVENTCTL_FUZZ_SECONDS (SAFETY.md).
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

sanitize=${SANITIZE:-checks}
case $sanitize in
0 | checks | full) ;;
*) echo "scripts/test.sh: SANITIZE must be checks, full or 0, not '$sanitize'" >&2; exit 64 ;;
esac
[ $# -gt 0 ] && [ "$sanitize" = checks ] && sanitize=full

# Builds the targets (all: every one) in one build directory and runs the tests the ctest
# arguments select; its safety figures start afresh.
run_pass() {
    local dir=$1 targets=$2
    shift 2
    echo "==> building $dir ($targets)"
    # shellcheck disable=SC2086 # targets: words on purpose
    timed cmake --build "$dir" -j "$jobs" --target $targets
    echo "==> testing $dir"
    rm -f "$dir/safety-figures.ndjson"
    (cd "$dir" && timed ctest --output-on-failure --no-tests=error -j "$jobs" "$@")
}

# The safety tests (built on demand, tests/safety) run where the sanitizers watch them, unless
# that pass is skipped; the pattern also leaves out the placeholder of their unbuilt program.
release_targets=all
release_tests=(-E '^safety')
if [ "$sanitize" = 0 ]; then
    release_targets="all safety_tests"
    release_tests=()
fi
if [ $# -gt 0 ]; then
    release_targets="all safety_tests"
    release_tests=("$@")
fi

echo "==> configuring $build_dir"
cmake -S . -B "$build_dir"
run_pass "$build_dir" "$release_targets" "${release_tests[@]}"
figures=("$build_dir/safety-figures.ndjson")

if [ "$sanitize" != 0 ]; then
    echo "==> configuring $sanitize_dir (clang, ASan + UBSan, fuzz targets)"
    # -O0: compiling with ASan, UBSan and the fuzzer's coverage hooks is what takes the time
    # (half as long as at -O1), and these tests spend theirs starting processes and waiting on
    # the server, not running optimized code.
    cmake -S . -B "$sanitize_dir" -DCMAKE_CXX_COMPILER=clang++-14 -DEVENTCTL_FUZZ=ON \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1 -DNDEBUG"
    # Any report fails the test that caused it: a leak, a bad access, undefined behaviour. A
    # small quarantine keeps the flat-memory tests' peak RSS meaningful; tests/lsan.supp says
    # which leak is libpqxx's.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:quarantine_size_mb=1:thread_local_quarantine_size_kb=16}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # The CI setting: 10 s per fuzz target (SAFETY.md has a longer local run).
    export EVENTCTL_FUZZ_SECONDS=${EVENTCTL_FUZZ_SECONDS:-10}
    if [ $# -gt 0 ]; then
        run_pass "$sanitize_dir" "all sanitizer_checks" "$@"
    elif [ "$sanitize" = full ]; then
        # The .deb test checks packaging (cpack, dpkg), not code: the release pass has run it.
        run_pass "$sanitize_dir" "all sanitizer_checks" -E '^shell:deb:'
    else
        run_pass "$sanitize_dir" sanitizer_checks -R '^(safety|fuzz):'
    fi
    figures+=("$sanitize_dir/safety-figures.ndjson")
fi

echo "==> safety figures"
scripts/safety-report.sh --figures "${figures[@]}"
