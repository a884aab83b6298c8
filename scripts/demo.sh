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

# TODO(harness CLI): replace this section with the harness CLI running the README's plugin against a fixture (`plugbench run ...`) once harness/src/cli/main.ts lands.
section "demo: the built @plugbench/sdk, loaded by name as a plugin would"
node - <<'JS'
const sdk = require('@plugbench/sdk');
const { Phase, Phases, phaseName, isTerminal, doTransitionType, TransitionType, PhaseInfoUndefined } = sdk;

console.log(`@plugbench/sdk from ${require.resolve('@plugbench/sdk')}\n`);
console.log('Phases (Go numbers):');
for (const p of Phases) console.log(`  ${p}  ${phaseName(p).padEnd(26)}${isTerminal(p) ? 'terminal' : ''}`);

sdk.installClock({ nowMs: () => Date.UTC(2024, 0, 2, 3, 4, 5) });
console.log('\nTransitions as Go prints them:');
console.log(`  ${doTransitionType(TransitionType.Barrier, PhaseInfoUndefined)}`);
console.log(`  ${sdk.doTransition(sdk.phaseInfoRunning(2, undefined))}`);
console.log(`  ${sdk.doTransition(sdk.phaseInfoRetryableFailure('Throttled', 'HTTP 429 from the service', undefined))}`);

console.log('\nGenerated names (fixedLengthUniqueIDForParts, max 50):');
for (const exec of ['f8a7b6c5d4', 'a-workflow-execution-name-long-enough-to-be-hashed']) {
  console.log(`  ${JSON.stringify([exec, 'n0', '0'])} -> ${sdk.generatedName(exec, 'n0', 0)}`);
}

console.log('\nPlugin state must survive serialization:');
for (const value of [{ jobId: 'abc', polls: 3 }, { startedAt: new Date(0) }, { tries: [1, undefined] }]) {
  try {
    sdk.encodeState(value);
    console.log(`  accepted ${JSON.stringify(value)}`);
  } catch (err) {
    console.log(`  rejected: ${err.message}`);
  }
}
JS
