#!/usr/bin/env bash
# Installs what the VS Code integration tests need: Debian's Chromium and ripgrep, and code-server's
# VS Code build plus playwright-core in a cache folder kept out of the root install.
# Desktop VS Code and Electron cannot be downloaded on our machines or in CI, so code-server's
# npm package is the only real VS Code we can get. Safe to run repeatedly: a marker makes reruns instant.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
APT_PACKAGES=(chromium ripgrep libkrb5-dev)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PLUGBENCH_VSCODE_CACHE:-$ROOT/.vscode-test/code-server}"
MARKER="$CACHE/.installed"
# Native modules are built against this exact Node, so a Node upgrade must trigger a reinstall.
WANT="code-server=$CODE_SERVER_VERSION playwright-core=$PLAYWRIGHT_VERSION node=$(node -p 'process.versions.modules')"

log() { echo "[vscode-install] $*"; }

# shellcheck source=../lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"

install_apt() { apt_install "${APT_PACKAGES[@]}"; }

install_npm() {
  local stage="$CACHE.partial"
  rm -rf "$stage" "$CACHE"
  mkdir -p "$stage"
  # node-gyp must use the system Node's headers (no download), node-pty's install calls npx without
  # a TTY, and code-server's own checks refuse to run as root without unsafe-perm.
  export npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  cd "$stage"
  echo '{ "name": "plugbench-vscode-cache", "private": true }' >package.json
  log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"
  npm install --ignore-scripts --no-package-lock \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
  # Must run from the folder that owns node_modules; from inside code-server it rebuilds nothing.
  npm rebuild argon2

  local cs="$stage/node_modules/code-server"
  cd "$cs/lib/vscode"
  log "installing VS Code's own dependencies"
  npm install --omit=dev --ignore-scripts --no-package-lock
  # @vscode/ripgrep's install script fetches a binary from outside the registries; give it Debian's.
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  log "building native modules"
  npm rebuild
  # What code-server's skipped postinstall would have created.
  ln -sfn node_modules node_modules.asar
  ln -sfn code-linux.sh bin/remote-cli/code-server
  ln -sfn browser-linux.sh bin/helpers/browser.sh
  (cd extensions && npm install --omit=dev --no-package-lock)

  echo "$WANT" >"$stage/.installed"
  cd "$ROOT"
  mv "$stage" "$CACHE"
}

install_apt
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ]; then
  log "up to date ($WANT)"
  exit 0
fi
start=$SECONDS
install_npm
log "installed into $CACHE in $((SECONDS - start)) s"
