#!/usr/bin/env bash
# Regenerates the shell completions committed in completions/ from a built eventctl: the scripts
# `eventctl completion SHELL` prints, which hand each Tab to `eventctl __complete`. Commands and
# options reach them without this; run it after changing a script in completion_command.cpp, as
# the test 'unit: completion: the committed scripts are what eventctl prints' says. The CMake
# target 'update-completions' runs it with the binary it just built.
#
# Usage: scripts/update-completions.sh [EVENTCTL]
#   EVENTCTL defaults to $BUILD_DIR/apps/eventctl/eventctl (BUILD_DIR defaults to build).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=${1:-$root/${BUILD_DIR:-build}/apps/eventctl/eventctl}
if [ ! -x "$binary" ]; then
    echo "update-completions: no eventctl at $binary; build it first (cmake --build build)" >&2
    exit 1
fi

for shell_and_file in bash:eventctl.bash zsh:_eventctl fish:eventctl.fish; do
    shell=${shell_and_file%%:*}
    file=$root/completions/${shell_and_file#*:}
    # Written aside and moved, so a failing binary never leaves half a script behind.
    "$binary" completion "$shell" >"$file.tmp"
    mv "$file.tmp" "$file"
    echo "update-completions: wrote ${file#"$root"/}"
done
