// Builds the VSIX: `npm run package [-- --target linux-x64]`.
//
// The runner bundles the user's plugins with esbuild at run time, so the VSIX carries esbuild's JS API and the
// native binary of one platform, staged in dist/node_modules where Node finds them from dist/extension/runner.js.
// Measured (3 example plugins bundled in a fresh process, as every runner start does): native esbuild 35-56 ms in
// all; esbuild-wasm 760-1020 ms (its first build alone 350-650 ms compiling the WebAssembly, then ~200 ms a
// plugin). Step back starts a fresh runner each time, so the native binary it is, in a platform-specific VSIX
// (`vsce package --target`), as VS Code's own guidance for native dependencies says.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' } } });

const target = values.target ?? `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
const [platform, arch] = target.split('-');
const esbuildPlatform = `@esbuild/${platform === 'win32' ? 'win32' : platform}-${arch}`;

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  fs.chmodSync(to, fs.statSync(from).mode);
}

// 1. esbuild, staged where the runner's require('esbuild') finds it inside the VSIX.
const stage = path.join(root, 'dist', 'node_modules');
fs.rmSync(stage, { recursive: true, force: true });
const esbuildDir = path.dirname(require.resolve('esbuild/package.json'));
for (const f of ['package.json', 'lib/main.js', 'LICENSE.md'])
  copy(path.join(esbuildDir, f), path.join(stage, 'esbuild', f));
let platformDir;
try {
  platformDir = path.dirname(require.resolve(`${esbuildPlatform}/package.json`, { paths: [esbuildDir] }));
} catch {
  fail(
    `${esbuildPlatform} is not installed, so a VSIX for ${target} cannot carry esbuild's binary; install it (npm install --no-save ${esbuildPlatform}@${JSON.parse(fs.readFileSync(path.join(esbuildDir, 'package.json'), 'utf8')).version}) or package for this machine`,
  );
}
const binary = platform === 'win32' ? 'esbuild.exe' : path.join('bin', 'esbuild');
for (const f of ['package.json', binary]) copy(path.join(platformDir, f), path.join(stage, esbuildPlatform, f));

// 2. vsce: runs vscode:prepublish (the build, minified), then packs what .vscodeignore allows. The Marketplace page is
// the extension's own README (the repository's README.md is about the whole project); its relative links are
// rewritten to the repository's files, from the extension's folder.
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = values.out ?? path.join(root, 'dist', `plugbench-${manifest.version}-${target}.vsix`);
const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
const pages = [
  '--readme-path',
  'extension/README.md',
  '--changelog-path',
  'extension/CHANGELOG.md',
  '--baseContentUrl',
  `${repository}/blob/HEAD/extension`,
  '--baseImagesUrl',
  `${repository}/raw/HEAD/extension`,
];
const r = spawnSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', ...pages, '--target', target, '--out', out],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
if (r.status !== 0) fail(`vsce failed (${r.status ?? r.signal})`);
console.log(
  `package: ${path.relative(root, out)} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB, esbuild for ${target})`,
);
