// `npm run lint`: ESLint (eslint.config.mjs) and Prettier's check (.prettierrc.json), side by side, since the two
// share nothing and ESLint's type-aware rules keep one core busy. Each one's output is printed whole under its own
// header; the exit code is 1 if either found a problem. `npm run format` (--fix) writes what both can fix.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The command-line script of an installed package, from its package.json (its `exports` hide the path). */
function binOf(pkg) {
  const manifest = require.resolve(`${pkg}/package.json`);
  const { bin } = require(manifest);
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin[pkg]);
}

const fix = process.argv.includes('--fix');
const eslint = { name: 'eslint', bin: binOf('eslint'), args: ['--max-warnings', '0', '.'] };
// The cache keys on file contents, so an unchanged file is not formatted again.
const prettier = { name: 'prettier', bin: binOf('prettier'), args: ['--cache', '--cache-strategy', 'content', '.'] };

/** Runs one check to the end; its output, stdout and stderr interleaved as written, and whether it passed. */
function run({ name, bin, args }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (e) => resolve({ name, ok: false, output: String(e), seconds: 0 }));
    child.on('close', (code, signal) =>
      resolve({
        name,
        ok: code === 0,
        output: Buffer.concat(chunks).toString() + (signal ? `\n(stopped by ${signal})\n` : ''),
        seconds: (Date.now() - started) / 1000,
      }),
    );
  });
}

// --fix (`npm run format`): ESLint's fixes first, then Prettier over them, one after the other (both write files).
const results = fix
  ? [
      await run({ ...eslint, name: 'eslint --fix', args: ['--fix', ...eslint.args] }),
      await run({ ...prettier, name: 'prettier --write', args: ['--write', '--log-level', 'warn', ...prettier.args] }),
    ]
  : await Promise.all(
      [eslint, { ...prettier, name: 'prettier --check', args: ['--check', ...prettier.args] }].map(run),
    );
for (const r of results) {
  console.log(`---- ${r.name}: ${r.ok ? 'ok' : 'FAILED'} (${r.seconds.toFixed(1)}s) ----`);
  if (r.output.trim() !== '') console.log(r.output.trimEnd());
}
const failed = results.filter((r) => !r.ok).map((r) => r.name);
if (failed.length > 0) {
  const hint = fix
    ? 'what is listed needs a hand fix'
    : 'npm run format fixes formatting and what ESLint can fix itself';
  console.log(`lint failed: ${failed.join(', ')} (${hint})`);
  process.exit(1);
}
