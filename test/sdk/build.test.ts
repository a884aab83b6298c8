// The built package as a user gets it: `require('@plugbench/sdk')` from the repository root resolves through
// node_modules (the workspace link) to sdk/dist, not through the tsconfig paths that tsx applies to the other tests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const built = (rel: string) => path.join(root, 'sdk', rel);

function assertBuilt(rel: string): void {
  assert.ok(existsSync(built(rel)), `sdk/${rel} is missing: run \`npm run build\` first (npm test does)`);
}

/**
 * Runs `lines` with plain `node -e` from the repository root, `sdk` being `require('@plugbench/sdk')` (the built
 * bundle), and parses what they print as JSON. No tsx loader and no NODE_OPTIONS from the test runner: this is what
 * a user's `node` sees.
 */
function nodeJson<T>(lines: string[]): T {
  assertBuilt('dist/index.js');
  const script = ["const sdk = require('@plugbench/sdk');", ...lines].join('\n');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, env, encoding: 'utf8' });
  assert.equal(r.status, 0, `node -e failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

describe('build: @plugbench/sdk as built', () => {
  it('has the CommonJS bundle and the type declarations that package.json points at', () => {
    const pkg = JSON.parse(readFileSync(built('package.json'), 'utf8')) as { main: string; types: string };
    assertBuilt(pkg.main);
    assertBuilt(pkg.types);
    assert.equal(pkg.types, 'dist/types/index.d.ts');
    assertBuilt('dist/types/contract/phase-info.d.ts');
  });

  it('is required by name from the repository root with plain node', () => {
    const script = [
      "const where = require.resolve('@plugbench/sdk');",
      'const s = sdk.doTransitionType(sdk.TransitionType.Barrier, sdk.PhaseInfoUndefined).toString();',
      'console.log(JSON.stringify({ where, s, running: sdk.phaseName(sdk.Phase.Running) }));',
    ];
    const out = nodeJson<{ where: string; s: string; running: string }>(script);
    assert.equal(out.s, 'TransitionTypeBarrier,Phase<PhaseUndefined:0 <nil> Reason:>');
    assert.equal(out.running, 'PhaseRunning');
    assert.ok(
      out.where.endsWith(path.join('sdk', 'dist', 'index.js')),
      `resolved to ${out.where}, not the built bundle`,
    );
  });
});

describe('build: the built SDK scopes the contract clock to each executor', () => {
  it('two executors running at once in one process each read their own virtual clock', () => {
    // A plugin reports now() across an await; two executors started 10 years apart run at once. With the clock
    // scope missing from the bundle (a side-effect-only import dropped by the bundler), the second executor's
    // clock would leak into the first one's calls.
    const script = [
      'const seen = {};',
      'const plugin = (id) => ({ getID: () => id, getProperties: () => ({}), abort() {}, finalize() {},',
      '  async handle(tCtx) { await new Promise((r) => setImmediate(r)); (seen[id] ??= []).push(sdk.now().getUTCFullYear());',
      '    return sdk.doTransition(sdk.phaseInfoSuccess()); } });',
      'const entry = (id) => ({ id, registeredTaskTypes: [id], loadPlugin: () => plugin(id) });',
      'const template = (type) => sdk.create(sdk.TaskTemplateSchema, { type, id: { name: type } });',
      'async function run(id, startMs) {',
      '  const ex = await sdk.Executor.create({ plugins: [entry(id)], startMs });',
      '  ex.start({ id: "t", template: template(id) });',
      '  await ex.runUntil({ maxRounds: 20 });',
      '}',
      'Promise.all([run("a", Date.UTC(2020, 0, 1)), run("b", Date.UTC(2030, 0, 1))])',
      '  .then(() => console.log(JSON.stringify({ seen, outside: sdk.now().getUTCFullYear() })));',
    ];
    const out = nodeJson<{ seen: Record<string, number[]>; outside: number }>(script);
    assert.deepEqual(out.seen, { a: [2020], b: [2030] });
    assert.equal(out.outside, new Date().getUTCFullYear(), 'outside any run, now() is the wall clock');
  });
});
