#!/usr/bin/env bash
# Installs the Debian packages Spindle builds and tests with, when any is missing.
# Usage: scripts/setup.sh [build|test|demo|screenshots|bench]
#   test adds what the integration tests run, demo the web server, screenshots a browser, bench what
#   Spindle is measured against.
set -euo pipefail

build_packages=(pkg-config libcurl4-openssl-dev libsqlite3-dev libxml2-dev zlib1g-dev libcmark-dev)
# cgi-fcgi (libfcgi-bin) talks FastCGI to `spindle serve` directly, spawn-fcgi hands it a socket on fd 0;
# chromium runs the browser sync;
# python3 runs the independent proxy client and drives chromium.
test_packages=(nginx libfcgi-bin spawn-fcgi chromium python3)
demo_packages=(nginx)
screenshot_packages=(chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
# wrk loads the FastCGI endpoint through nginx; libfcgi-dev builds the C responder it is compared with.
bench_packages=(hugo nginx wrk libfcgi-dev gcc)

packages=("${build_packages[@]}")
case "${1:-build}" in
    test) packages+=("${test_packages[@]}") ;;
    demo) packages+=("${demo_packages[@]}") ;;
    screenshots) packages+=("${screenshot_packages[@]}") ;;
    bench) packages+=("${bench_packages[@]}") ;;
esac

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then exit 0; fi

if ! command -v swift >/dev/null; then
    echo "error: swift is not on PATH; install Swift 6.2 or later (https://www.swift.org/install/linux/)" >&2
    exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "error: installing ${missing[*]} needs root (or sudo)" >&2; exit 1; }
    sudo="sudo"
fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
