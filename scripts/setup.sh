#!/usr/bin/env bash
# Installs the Debian packages Spindle builds and tests with, when any is missing.
# Usage: scripts/setup.sh [build|test|demo|screenshots|bench]
#   test adds what the integration tests run, demo the web server, screenshots a browser, bench what
#   Spindle is measured against (and discogskit from PyPI, in bench-out/discogskit).
set -euo pipefail

build_packages=(pkg-config libcurl4-openssl-dev libsqlite3-dev libxml2-dev zlib1g-dev libcmark-dev)
# cgi-fcgi (libfcgi-bin) talks FastCGI to `spindle serve` directly, spawn-fcgi hands it a socket on fd 0;
# chromium runs the browser sync;
# python3 runs the independent proxy client and drives chromium.
test_packages=(nginx libfcgi-bin spawn-fcgi chromium python3)
demo_packages=(nginx)
screenshot_packages=(chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
# wrk loads the FastCGI endpoint through nginx; libfcgi-dev builds the C responder it is compared with.
# libxml2-utils gives `xmllint --stream`, the parse-only ceiling of the dump import (installing it upgrades
# the shared libxml2 to the same Debian version); python3-venv holds discogskit, the importer it is compared with.
# time (GNU time) gives every measured process's own peak RSS (Sources/spindle-bench/Spawn.swift says why).
bench_packages=(hugo nginx wrk libfcgi-dev gcc libxml2-utils python3 python3-venv time)
# discogskit (PyPI) goes into its own virtualenv in the checkout: bench-out/ is not committed.
discogskit_version=0.2.0
discogskit_venv="$(cd "$(dirname "$0")/.." && pwd)/bench-out/discogskit"

# The dump bench compares `spindle dumps import` with discogskit, installed from PyPI on first use. A failed
# install is not fatal: the bench reports discogskit as unavailable and measures the rest.
install_discogskit() {
    local installed
    installed=$("$discogskit_venv/bin/discogskit" --version 2>/dev/null || true)
    [[ $installed == "discogskit $discogskit_version" ]] && return 0
    echo "installing discogskit $discogskit_version into $discogskit_venv"
    # Debian's python3, whose venv module python3-venv provides (not whichever python3 is first on PATH).
    if ! { /usr/bin/python3 -m venv --clear "$discogskit_venv" &&
        "$discogskit_venv/bin/pip" install -q "discogskit==$discogskit_version"; }; then
        echo "warning: could not install discogskit; the dump bench will report it as unavailable" >&2
    fi
}

packages=("${build_packages[@]}")
case "${1:-build}" in
    test) packages+=("${test_packages[@]}") ;;
    demo) packages+=("${demo_packages[@]}") ;;
    screenshots) packages+=("${screenshot_packages[@]}") ;;
    bench) packages+=("${bench_packages[@]}") ;;
esac

install_missing_packages() {
    local missing=() package sudo=""
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then return 0; fi

    if ! command -v swift >/dev/null; then
        echo "error: swift is not on PATH; install Swift 6.2 or later (https://www.swift.org/install/linux/)" >&2
        exit 1
    fi
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root (or sudo)" >&2; exit 1; }
        sudo="sudo"
    fi
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

install_missing_packages
if [[ ${1:-build} == bench ]]; then install_discogskit; fi
