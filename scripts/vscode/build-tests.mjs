// Compiles the VS Code integration suite (test/vscode/suite) to CommonJS in dist/test/vscode/suite,
// the form VS Code's extensionTestsPath loads. `vscode` only exists inside the extension host, and
// mocha stays external so the suite and its runner share one instance.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suiteDir = path.join(root, 'test/vscode/suite');

function entries(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return entries(p);
    return e.name === 'index.ts' || e.name.endsWith('.test.ts') ? [p] : [];
  });
}

async function buildSuite() {
  const outdir = path.join(root, 'dist/test/vscode');
  fs.rmSync(path.join(outdir, 'suite'), { recursive: true, force: true });
  await build({
    entryPoints: entries(suiteDir),
    outbase: path.join(root, 'test/vscode'),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    // Workspace packages from their TypeScript sources, as scripts/build.mjs bundles the extension.
    conditions: ['@plugbench/source'],
    logLevel: 'warning',
  });
}

// The extension and its webview come from the root build; only their groups, because the extension
// bundles everything it loads (a VSIX has no node_modules) and the rest (tsc declarations) is slow.
function buildExtension() {
  const args = [path.join(root, 'scripts/build.mjs'), '--only', 'extension', '--only', 'webview'];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/build.mjs failed (${r.status ?? r.signal})`);
}

buildExtension();
await buildSuite();
console.log('[vscode-tests] built dist/test/vscode/suite');
