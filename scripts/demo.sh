#!/usr/bin/env bash
# `npm run demo`: installs what the demo needs (npm ci, on a fresh clone or when package-lock.json changed), builds,
# and runs the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n==== %s ====\n\n' "$*"; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  section "install: npm ci"
  npm ci --no-audit --no-fund
fi

section "build: npm run build"
npm run build

out=.plugbench/demo
mkdir -p "$out"

section "demo: five tasks of the ported Flyte webapi plugin compete for a quota of two (plugbench run)"
node harness/bin/plugbench.js run examples/fixtures/webapi-quota.fixture.yaml --html "$out/webapi-quota.html"

section "demo: every example fixture, with its expectations and contract checks (plugbench test)"
# Three fixtures show a contract check failing on purpose (expectFailure); the run passes because they do fail.
node harness/bin/plugbench.js test examples

section "demo: the report"
echo "The timeline and the resource pools of the first run, as the VS Code webview draws them:"
echo "  file://$PWD/$out/webapi-quota.html"
echo "Open examples/ in VS Code with the extension to run, step and step back through the same fixtures."
