#!/usr/bin/env bash
# Installs what the `plugbench serve` and Redis tests need: Debian's redis-server (the tests start their own on a
# free loopback port; never a mock), the Python client's packages and the Go test's modules. Safe to run repeatedly: what is there is skipped.
set -euo pipefail

APT_PACKAGES=(redis-server)

log() { echo "[serve-install] $*"; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"

# The Python client test's packages (test/python/requirements.txt: Flyte's flyteidl stubs, grpcio), in a virtual
# environment of the repository; a marker holding the requirements makes a rerun instant.
install_python() {
  local venv="$ROOT/node_modules/.cache/plugbench-python" req="$ROOT/test/python/requirements.txt"
  if [ -f "$venv/.requirements" ] && cmp -s "$venv/.requirements" "$req"; then
    log "python packages already installed in $venv"
    return 0
  fi
  log "pip install -r test/python/requirements.txt into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$venv/.requirements"
}

# The Go test's modules (test/go/go.mod: Flyte's flyteplugins, flyteidl, flytestdlib, flytepropeller), into Go's
# module cache; a no-op when they are there.
install_go() {
  log "go mod download (test/go)"
  (cd "$ROOT/test/go" && go mod download)
}

apt_install "${APT_PACKAGES[@]}"
install_python
install_go
