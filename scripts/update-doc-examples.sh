#!/usr/bin/env bash
# Rewrites the console examples of README.md and docs/*.md that no longer match what eventctl
# prints with what it prints now, by running the docs test in its update mode. Review the diff:
# keep the "..." lines that shortened long outputs, and make sure a changed output is a change
# you meant.
#
# Environment: BUILD_DIR (default build), a configured and built tree.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build}
cd "$root"
cmake --build "$build_dir" --target eventctl integration_tests -j2
cd "$build_dir"
EVENTCTL_UPDATE_DOCS=1 ctest -R '^db: ?docs: ' --output-on-failure
git -C "$root" diff --stat -- README.md docs
