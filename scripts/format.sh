#!/usr/bin/env bash
# Formats every Swift file of the package with the toolchain's swift-format, configured by
# .swift-format at the package root; with --lint, changes nothing and fails on any finding
# (swift format lint --strict).
#
#   scripts/format.sh          format Package.swift, Sources, Tests and Deployments in place
#   scripts/format.sh --lint   check them, exit 1 on any finding
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

mode=format
case "${1:-}" in
    "") ;;
    --lint) mode=lint ;;
    -h | --help)
        sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "error: unknown argument '$1'" >&2
        echo "help: scripts/format.sh [--lint]" >&2
        exit 2
        ;;
esac

if ! swift format --version >/dev/null 2>&1; then
    echo "error: 'swift format' is not available: it ships with the Swift 6 toolchain" >&2
    exit 1
fi

paths=(Package.swift Sources Tests Deployments)
if [ "$mode" = lint ]; then
    swift format lint --strict --recursive --parallel --configuration .swift-format "${paths[@]}"
else
    swift format format --in-place --recursive --parallel --configuration .swift-format "${paths[@]}"
fi
