#!/usr/bin/env bash
# Installs what building and testing eventctl needs on Debian 12 (bookworm): the compiler and
# CMake, libpqxx/libpq, CLI11, nlohmann-json, Catch2, libzstd and libssl (purge archives: zstd
# compression and the manifest's SHA-256), the PostgreSQL 15 server the tests and the
# sandbox start (/usr/lib/postgresql/15/bin) with pg_partman (the tests of purge
# --drop-partitions on a partman-managed outbox), clang-format for the format check, and groff/man
# for the manual pages, and the shells whose completions the tests drive (bash with
# bash-completion, zsh, fish); clang-14 with its sanitizer runtimes and libFuzzer for the
# sanitizer build and the fuzz targets, jq for scripts/safety-report.sh, and the Prometheus
# client library for Python, whose text-format parser the tests read eventctl's metrics with.
# Idempotent: packages already installed are skipped, and when
# nothing is missing it neither updates the package lists nor needs the network.
#
# With --benchmark it also installs what scripts/benchmark.sh uses: hyperfine, jq and GNU time.
#
# Usage: scripts/install-deps.sh [--benchmark]   (as root, or as a user who may sudo)
set -euo pipefail

packages=(
    cmake g++ make pkg-config
    libpqxx-dev libpq-dev libcli11-dev nlohmann-json3-dev catch2 libfmt-dev libzstd-dev libssl-dev
    postgresql-15 postgresql-client-15 postgresql-15-partman
    clang-format groff-base man-db
    bash bash-completion zsh fish
    clang-14 libclang-rt-14-dev libfuzzer-14-dev jq
    python3-prometheus-client
)
case "${1:-}" in
"") ;;
--benchmark) packages+=(hyperfine jq time) ;;
*)
    echo "usage: scripts/install-deps.sh [--benchmark]" >&2
    exit 64
    ;;
esac

say() { printf 'install-deps: %s\n' "$*"; }
die() {
    printf 'install-deps: error: %s\n' "$*" >&2
    exit 1
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "this script needs Debian's apt-get and dpkg (Debian 12 is supported); elsewhere install" \
        "the equivalents of: ${packages[*]}"
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [ "$status" != installed ]; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    say "all ${1:+benchmark, }build and test dependencies are installed"
    exit 0
fi

sudo=()
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
        die "not root and no sudo: as root, run apt-get install ${missing[*]}"
    sudo=(sudo)
fi

log=$(mktemp "${TMPDIR:-/tmp}/eventctl-install-deps.XXXXXX.log")
run_logged() {
    if ! "$@" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "'$*' failed (full log: $log)"
    fi
}

# A fresh machine may still be running its first unattended upgrade: wait for apt's lock
# rather than fail.
apt_options=(-o DPkg::Lock::Timeout=600 -q)
say "installing ${missing[*]}"
run_logged "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" update
if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y \
    --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    if grep -q 'Unable to locate package\|has no installation candidate' "$log"; then
        die "a package was not found; this script targets Debian 12 (bookworm), whose" \
            "PostgreSQL is 15 (full log: $log)"
    fi
    die "apt-get install failed (full log: $log)"
fi
rm -f "$log"
say "installed ${#missing[@]} package(s)"
