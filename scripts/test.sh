#!/usr/bin/env bash
# Installs the dependencies, builds everything and runs the whole test suite: unit tests,
# integration tests against a throwaway PostgreSQL that the ctest fixture starts and removes,
# and the clang-format check. Exits non-zero on any failure.
#
# Usage: scripts/test.sh [CTEST_ARGS...]   e.g. scripts/test.sh -R 'unit: '
# Environment: BUILD_DIR (default build), JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-2}

scripts/install-deps.sh
echo "==> configuring $build_dir"
cmake -S . -B "$build_dir"
echo "==> building"
cmake --build "$build_dir" -j "$jobs"
echo "==> testing"
cd "$build_dir"
ctest --output-on-failure --no-tests=error -j "$jobs" "$@"
