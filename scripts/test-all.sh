#!/usr/bin/env bash
# The one command that, on a fresh machine, installs everything the tests need and runs every test
# (`npm run test:all`; .ci/run runs this script). Build and type-check failures stop it at once; the lint and the
# test suites all run, and it fails if any of them failed. The last line is the plain "tests: N passed, N failed" total.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

section() { printf '\n==== %s ====\n\n' "$*"; }
has_script() { node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"; }

section "install: npm ci"
npm ci --no-audit --no-fund

# Chromium (the webview and HTML report tests) and code-server's real VS Code (the extension tests), before any
# test runs; cached, so a second run costs nothing.
section "install: Chromium and a real VS Code (scripts/vscode/install.sh)"
bash scripts/vscode/install.sh

section "install: redis-server and the serve tests' clients (scripts/serve/install.sh)"
bash scripts/serve/install.sh

section "build: npm run build"
npm run build

section "type check: npm run check-types"
npm run check-types

failed_suites=()

# Lint (ESLint with types, then Prettier's check) runs after the type check and before the tests: a failure is
# reported under its own header and fails the run, but the test suites still run.
section "lint: npm run lint"
if npm run lint; then :; else
  section "lint: FAILED (npm run lint: ESLint or Prettier found problems; npm run format fixes what it can)"
  failed_suites+=("lint")
fi

run_suite() { # name script
  section "$1: npm run $2"
  if npm run "$2" 2>&1 | tee "$logs/$2.log"; then :; else failed_suites+=("$1"); fi
}

run_suite "unit tests" test:unit
# Packs the published packages and installs them into a new project outside the repository (npm's cache first).
run_suite "packaging tests" test:packaging
if has_script test:vscode; then
  run_suite "VS Code integration tests" test:vscode
else
  section "VS Code integration tests: skipped (package.json has no test:vscode script yet)"
fi

# Per suite: its own closing line "word: N passed, N failed" if it prints one, else mocha's "N passing" and
# "N failing"; added up over the suites.
totals() {
  awk '
    FNR == 1 { flush(); plain = 0; p = 0; f = 0; mp = 0; mf = 0 }
    /^[A-Za-z:-]*:? ?[0-9]+ passed, [0-9]+ failed/ { plain = 1; for (i = 1; i <= NF; i++) { if ($(i + 1) ~ /^passed/) p = $i; if ($(i + 1) ~ /^failed/) f = $i } }
    /^[[:space:]]*[0-9]+ passing/ { mp += $1 }
    /^[[:space:]]*[0-9]+ failing/ { mf += $1 }
    function flush() { if (plain) { P += p; F += f } else { P += mp; F += mf } }
    END { flush(); print P + 0, F + 0 }
  ' "$logs"/*.log
}
read -r passed failed < <(totals)

section "summary ($((SECONDS - started))s)"
if [ "${#failed_suites[@]}" -gt 0 ]; then
  echo "failed: ${failed_suites[*]}"
  # A suite can fail without a mocha summary (it crashed before running); never report that as all green.
  [ "$failed" -gt 0 ] || failed=1
fi
if [ "$passed" -eq 0 ] && [ "${#failed_suites[@]}" -eq 0 ]; then
  echo "no test ran"
  exit 1
fi
echo "tests: $passed passed, $failed failed"
[ "${#failed_suites[@]}" -eq 0 ]
