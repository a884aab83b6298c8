// Type-checks every project of the repository, one per environment, each with its own libs and globals:
// the SDK and the harness (Node), the view and the webview (browser: DOM, no Node), the extension host (Node and
// vscode), the tests with the examples (Node, mocha, and the DOM that browser tests evaluate). A project that
// imports another package checks the source it reaches through that package's `exports`.
//
//   node scripts/check-types.mjs            all projects, as many at once as there are cores
//   node scripts/check-types.mjs view test  some of them
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tscBin = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');

/** name -> tsconfig, largest first so the long ones start early. */
const projects = {
  test: 'test/tsconfig.json',
  extension: 'extension/tsconfig.json',
  harness: 'harness/tsconfig.json',
  sdk: 'sdk/tsconfig.json',
  webview: 'extension/webview/tsconfig.json',
  view: 'view/tsconfig.json',
};

const asked = process.argv.slice(2);
for (const name of asked) {
  if (!(name in projects)) {
    console.error(`check-types: unknown project ${name}; one of ${Object.keys(projects).join(', ')}`);
    process.exit(2);
  }
}
const queue = Object.keys(projects).filter((name) => asked.length === 0 || asked.includes(name));

/** Runs tsc on one project; resolves to whether it passed, printing its output in one piece. */
function check(name) {
  const start = performance.now();
  return new Promise((resolve) => {
    // Incremental, with the build info out of the source tree: a second run rechecks only what changed.
    const info = path.join(root, 'node_modules', '.cache', 'check-types', `${name}.tsbuildinfo`);
    const child = spawn(
      process.execPath,
      [tscBin, '--noEmit', '-p', projects[name], '--pretty', '--incremental', '--tsBuildInfoFile', info],
      { cwd: root },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => {
      console.error(`check-types: ${name}: ${err.message}`);
      resolve(false);
    });
    child.on('exit', (code, signal) => {
      const took = `${((performance.now() - start) / 1000).toFixed(1)}s`;
      if (code === 0) console.log(`check-types: ${name} (${projects[name]}) ok in ${took}`);
      else
        console.error(`${out}check-types: ${name} (${projects[name]}) FAILED (${signal ?? `exit ${code}`}) in ${took}`);
      resolve(code === 0);
    });
  });
}

async function worker(results) {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) results.push(await check(name));
}

const results = [];
await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, () => worker(results)));
process.exit(results.every(Boolean) ? 0 : 1);
