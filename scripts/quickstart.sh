#!/usr/bin/env bash
# From a fresh clone to eventctl answering against a database with sample data:
#   1. installs the build and test dependencies (scripts/install-deps.sh; Debian 12)
#   2. configures and builds eventctl (RelWithDebInfo, in build/ or $BUILD_DIR)
#   3. starts the sandbox PostgreSQL with sample data (scripts/sandbox.sh start)
#   4. runs 'eventctl outbox stats' against it and says how to go on.
# Safe to run again: each step skips what is already done.
#
# Usage: scripts/quickstart.sh   (as root, or as a user who may sudo, on Debian 12)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build_dir=${BUILD_DIR:-build}
jobs=${JOBS:-2}

step() { printf '\n==> %s\n' "$*"; }

step "Installing dependencies"
scripts/install-deps.sh

step "Building eventctl in $build_dir"
# The top-level CMakeLists.txt defaults to RelWithDebInfo; an existing build keeps its own type.
cmake -S . -B "$build_dir" >/dev/null
cmake --build "$build_dir" -j "$jobs" --target eventctl
eventctl=$build_dir/apps/eventctl/eventctl
"$eventctl" --version

step "Starting the sandbox database"
export BUILD_DIR=$build_dir
env_line=$(scripts/sandbox.sh start)
eval "$env_line"

step "eventctl outbox stats"
"$eventctl" outbox stats

# A relative build directory is shown as $PWD/..., for the reader's shell to expand.
case "$build_dir" in
/*) bin_dir=$build_dir/apps/eventctl ;;
*) bin_dir="\$PWD/$build_dir/apps/eventctl" ;;
esac
cat <<GUIDE

==> Done. In this directory, point your shell at the sandbox and put eventctl on PATH:

    eval "\$(scripts/sandbox.sh env)"
    export PATH="$bin_dir:\$PATH"

Then try:

    eventctl outbox stats --by event-type
    eventctl outbox list --status failed,dead --limit 10
    eventctl outbox list --status dead --limit 0 -o ndjson | head -n 3
    eventctl outbox show 8b955ff7-f549-4d1a-9ccb-6c3cb9ff0b91
    eventctl --help                    (and: man -l man/eventctl.1)

The sandbox keeps running in the background:

    scripts/sandbox.sh status          where it is and whether it runs
    scripts/sandbox.sh stop            stop it, keeping its data
    scripts/sandbox.sh stop --purge    stop it and delete it

Run the test suite with scripts/test.sh.
GUIDE
