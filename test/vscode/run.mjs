// Runs the integration suite in a real VS Code through @vscode/test-electron, with scripts/vscode/code
// standing in for the desktop executable that cannot be downloaded here.
//
// Three code-server sessions, one after the other, because Workspace Trust is fixed for a workbench's lifetime and a
// workbench has one workspace:
//   trusted     examples/ with Workspace Trust off (every folder trusted): every suite but the two below
//   restricted  a temporary copy of examples/, Workspace Trust on and the folder untrusted: restricted.test.ts
//   packages    a plugin project outside the repository with the packed packages installed (packages-project.mjs),
//               trusted: *.packages.test.ts
// PLUGBENCH_VSCODE_TRUST=trusted, =restricted or =packages runs only that session. Each session writes its counts to a
// file; the closing `vscode: N passed, N failed` line is their sum (scripts/test-all.sh adds it up).
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparePackagesProject } from './packages-project.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examples = path.join(root, 'examples');
// git keeps no empty folders; a missing workspace would open with an error notification over screenshots.
fs.mkdirSync(examples, { recursive: true });

const only = process.env.PLUGBENCH_VSCODE_TRUST;
const ALL = ['trusted', 'restricted', 'packages'];
const sessions = ALL.includes(only) ? [only] : ALL;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pbvs-run-'));

async function runSession(session) {
  let workspace = examples;
  if (session === 'restricted') {
    // The restricted suite writes broken fixtures into its workspace: never into the repo's examples/.
    workspace = path.join(scratch, 'examples');
    fs.cpSync(examples, workspace, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  } else if (session === 'packages') {
    try {
      workspace = preparePackagesProject(root, scratch);
    } catch (err) {
      console.error(
        `[vscode-tests] packages session: could not make the plugin project: ${err instanceof Error ? err.message : err}`,
      );
      return { code: 1, passes: 0, failures: 1 };
    }
  }
  const results = path.join(scratch, `${session}.json`);
  const started = Date.now();
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts/vscode/code'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist/test/vscode/suite/index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: {
        PLUGBENCH_SCREENSHOT_DIR: process.env.PLUGBENCH_SCREENSHOT_DIR || path.join(root, 'test-artifacts/screenshots'),
        PLUGBENCH_VSCODE_TRUST: session, // always set, so a value in the caller's environment cannot leak across
        PLUGBENCH_VSCODE_RESULTS: results,
      },
    });
  } catch (err) {
    console.error(`[vscode-tests] ${session} session: ${err instanceof Error ? err.message : err}`);
    code = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
  }
  let counts;
  try {
    counts = JSON.parse(fs.readFileSync(results, 'utf8'));
  } catch {
    // The session ended before mocha finished (code-server or the browser died, a timeout): one failure.
    console.error(`[vscode-tests] ${session} session reported no results`);
    counts = { passes: 0, failures: 1 };
    code ||= 1;
  }
  console.error(`[vscode-tests] ${session} session: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { code, ...counts };
}

let exitCode = 0;
let passed = 0;
let failed = 0;
try {
  for (const s of sessions) {
    const r = await runSession(s);
    passed += r.passes;
    failed += r.failures;
    exitCode ||= r.code;
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
console.log(`vscode: ${passed} passed, ${failed} failed`);
if (passed === 0 && failed === 0) {
  console.error('[vscode-tests] no integration test ran');
  exitCode ||= 1;
}
process.exit(exitCode);
