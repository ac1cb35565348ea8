#!/usr/bin/env bash
# Checks that every C++ source under apps/, libcore/ and tests/ is formatted as .clang-format
# says; registered as the ctest test 'format'. With --fix, reformats them in place instead.
#
# Usage: scripts/check-format.sh [--fix] [SOURCE_DIR]
# Environment: CLANG_FORMAT, the clang-format to run (default: clang-format on PATH).
set -euo pipefail

fix=false
if [ "${1:-}" = --fix ]; then
    fix=true
    shift
fi
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root"

clang_format=${CLANG_FORMAT:-clang-format}
case "$clang_format" in
*-NOTFOUND) clang_format=clang-format ;; # CMake found none when it configured; look again
esac
if ! command -v "$clang_format" >/dev/null 2>&1; then
    echo "check-format: clang-format is not installed, so formatting cannot be checked." >&2
    echo "check-format: install it with scripts/install-deps.sh (Debian: apt-get install clang-format)." >&2
    exit 1
fi

mapfile -d '' files < <(find apps libcore tests -type f \( -name '*.cpp' -o -name '*.h' \) \
    -print0 | sort -z)
if [ "${#files[@]}" -eq 0 ]; then
    echo "check-format: no sources found under $root/{apps,libcore,tests}" >&2
    exit 1
fi

if $fix; then
    "$clang_format" -i -- "${files[@]}"
    echo "check-format: formatted ${#files[@]} files"
    exit 0
fi
if ! "$clang_format" --dry-run -Werror -- "${files[@]}"; then
    echo "check-format: the files above differ from .clang-format ($("$clang_format" --version));" \
        "fix them with scripts/check-format.sh --fix" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted as .clang-format says"
