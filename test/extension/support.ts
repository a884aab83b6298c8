// Shared helpers of the extension's unit tests.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.ts$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

let built = false;
/** Builds dist/extension/runner.js when it is missing or older than its sources. */
export function ensureRunnerBuilt(): void {
  if (built) return;
  const out = path.join(ROOT, 'dist/extension/runner.js');
  const sources = Math.max(...['extension/src', 'harness/src', 'sdk/src'].map((d) => newestMtime(path.join(ROOT, d))));
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < sources) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--only', 'extension', '--only', 'webview'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  }
  built = true;
}

import { forkedRunners as harnessRunners } from '../harness/runner/support';

export { writeFixtureDir } from '../harness/runner/support';

/** Runner processes of the extension's own bundle (dist/extension/runner.js), as the VSIX ships it. */
export const forkedRunners = () => harnessRunners(path.join(ROOT, 'dist/extension/runner.js'), ensureRunnerBuilt);
