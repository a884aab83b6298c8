#!/usr/bin/env bash
# Installs what the `plugbench serve` and Redis tests need from Debian: redis-server (the tests start their own on
# a free loopback port; never a mock). Safe to run repeatedly: installed packages are skipped.
set -euo pipefail

APT_PACKAGES=(redis-server)

log() { echo "[serve-install] $*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; exit 1; fi
}

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "already installed: ${APT_PACKAGES[*]}"
  exit 0
fi
log "apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Package lists may be absent or stale on a fresh machine; only then pay for an update.
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1 ||
   ! as_root apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian starts a system redis-server on install where an init system runs; the tests never use it.
