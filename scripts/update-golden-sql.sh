#!/usr/bin/env bash
# Rewrites tests/golden/LAYOUT/COMMAND.sql from the statements a built eventctl sends, after a
# change to the SQL; review the diff like any other. The test 'golden SQL' fails until then.
#
# Usage: scripts/update-golden-sql.sh   (BUILD_DIR defaults to build)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/${BUILD_DIR:-build}"
EVENTCTL_UPDATE_GOLDEN=1 ctest -R '^db:golden SQL' --output-on-failure
