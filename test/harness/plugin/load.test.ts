// Plugin modules: TypeScript bundled with esbuild on the fly, `@plugbench/sdk` resolved to the harness's own copy,
// source maps to the TypeScript, and load errors that name the file and the fix.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sdk from '@plugbench/sdk';
import { PluginModuleError, bundleModule, loadFunctionExport, loadModule, loadPluginEntry } from '@plugbench/harness';

describe('harness: plugin modules', () => {
  let dir: string;
  let cacheDir: string;
  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-plugin-load-'));
    cacheDir = path.join(dir, '.cache');
    write(
      'helper.ts',
      `export const phaseOf = (n: number): number => n;\nexport function explode(): never {\n  throw new Error('boom from helper');\n}\n`,
    );
    write(
      'plugin.ts',
      `import { doTransition, phaseInfoRunning, type PluginEntry } from '@plugbench/sdk';
import { explode, phaseOf } from './helper';
interface Config { id?: string }
export function createEntry(config: Config = {}): PluginEntry {
  const id = config.id ?? 'p';
  return {
    id,
    registeredTaskTypes: [id],
    loadPlugin: () => ({
      getID: () => id,
      getProperties: () => ({}),
      handle: (tCtx: unknown) => (tCtx === 'explode' ? explode() : doTransition(phaseInfoRunning(phaseOf(3)))),
      abort() {},
      finalize() {},
    }),
  };
}
export default createEntry();
export const notAPlugin = 42;
export const bare = { getID: () => 'x', handle() {} };
export function badFactory() { return { id: 1 }; }
export function throwingFactory(config: { fail: boolean }) { if (config.fail) throw new Error('config says fail'); return createEntry(); }
export function beforeRound() {}
export const sdkItself = (globalThis as Record<string, unknown>).__probe;
`,
    );
    write('broken.ts', `export const x = ;\n`);
    write('imports-missing.ts', `import { nothing } from './not-there';\nexport default nothing;\n`);
    write('throws-on-load.ts', `throw new Error('top-level failure');\n`);
    write('cjs.js', `module.exports = require('./plugin.ts').default;\n`);
    write('sdk-probe.ts', `import * as s from '@plugbench/sdk';\nexport const sdkModule = s;\n`);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles TypeScript with its relative imports, and calls a factory with the config', async () => {
    const entry = await loadPluginEntry({ module: 'plugin.ts', export: 'createEntry', config: { id: 'custom' } }, dir, {
      cacheDir,
    });
    assert.equal(entry.id, 'custom');
    const plugin = await entry.loadPlugin({} as sdk.SetupContext);
    const t = await plugin.handle({} as sdk.TaskExecutionContext);
    // One contract in the process: the plugin's Transition is the harness's class.
    assert.ok(t instanceof sdk.Transition);
    assert.equal(t.info.version, 3);
    const byDefault = await loadPluginEntry({ module: 'plugin.ts' }, dir, { cacheDir });
    assert.equal(byDefault.id, 'p');
  });

  it("resolves @plugbench/sdk to the harness's own module object", async () => {
    const m = await loadModule(path.join(dir, 'sdk-probe.ts'), { cacheDir });
    const s = m.sdkModule as Record<string, unknown>;
    assert.equal(s.Transition, sdk.Transition);
    assert.equal(s.phaseInfoRunning, sdk.phaseInfoRunning);
  });

  it('takes module.exports = entry of a CommonJS plugin', async () => {
    const entry = await loadPluginEntry({ module: 'cjs.js' }, dir, { cacheDir });
    assert.equal(entry.id, 'p');
  });

  it('writes the bundle with an inline source map carrying the TypeScript, and maps stack traces to it', async () => {
    const b = await bundleModule(path.join(dir, 'plugin.ts'), { cacheDir });
    assert.ok(b.bundlePath.startsWith(cacheDir));
    const code = readFileSync(b.bundlePath, 'utf8');
    const map = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(code);
    assert.ok(map, 'inline source map');
    const json = JSON.parse(Buffer.from(map[1]!, 'base64').toString('utf8')) as {
      sources: string[];
      sourcesContent: string[];
    };
    assert.ok(json.sources.some((s) => s.endsWith('helper.ts')));
    assert.ok(json.sourcesContent.some((s) => s.includes('boom from helper')));
    const entry = await loadPluginEntry({ module: 'plugin.ts' }, dir, { cacheDir });
    const plugin = await entry.loadPlugin({} as sdk.SetupContext);
    try {
      await plugin.handle('explode' as never);
      assert.fail('did not throw');
    } catch (e) {
      assert.match((e as Error).stack ?? '', /helper\.ts:3:\d+/);
    }
  });

  it('rebuilds when a source file changes, and gives fresh module state per load', async () => {
    write('counter.ts', `let n = 0;\nexport const next = () => ++n;\n`);
    const a = await loadModule(path.join(dir, 'counter.ts'), { cacheDir });
    assert.equal((a.next as () => number)(), 1);
    const b = await loadModule(path.join(dir, 'counter.ts'), { cacheDir });
    assert.equal((b.next as () => number)(), 1);
    write('counter.ts', `let n = 10;\nexport const next = () => ++n;\n`);
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'counter.ts'), later, later);
    const c = await loadModule(path.join(dir, 'counter.ts'), { cacheDir });
    assert.equal((c.next as () => number)(), 11);
  });

  const fails = async (
    ref: { module: string; export?: string; config?: unknown },
    problem: string,
    what: RegExp,
    fix: RegExp,
  ) => {
    await assert.rejects(loadPluginEntry(ref, dir, { cacheDir }), (e: unknown) => {
      assert.ok(e instanceof PluginModuleError, String(e));
      assert.ok(e instanceof sdk.PluginLoadError, 'a PluginLoadError too');
      assert.equal(e.problem, problem);
      assert.equal(e.file, path.join(dir, ref.module));
      assert.match(e.message, what);
      assert.match(e.fix, fix);
      return true;
    });
  };

  it('a missing module', () =>
    fails({ module: 'nope.ts' }, 'not_found', /nope\.ts: no such file/, /relative to the fixture file/));

  it('a syntax error, with its position', async () => {
    await fails(
      { module: 'broken.ts' },
      'compile',
      /does not compile: .*broken\.ts:1:18: Unexpected ";"/,
      /syntax error/,
    );
    try {
      await loadPluginEntry({ module: 'broken.ts' }, dir, { cacheDir });
    } catch (e) {
      assert.deepEqual(
        (e as PluginModuleError).compileErrors.map((m) => [path.basename(m.file), m.line, m.column]),
        [['broken.ts', 1, 18]],
      );
    }
  });

  it('an import that does not resolve', () =>
    fails({ module: 'imports-missing.ts' }, 'compile', /Could not resolve "\.\/not-there"/, /check the import path/));

  it('a module that throws while loading', () =>
    fails({ module: 'throws-on-load.ts' }, 'evaluate', /top-level failure/, /top level/));

  it('a missing export, with a suggestion', () =>
    fails(
      { module: 'plugin.ts', export: 'createentry' },
      'missing_export',
      /no export named "createentry"; it exports: .*createEntry/,
      /use "export": "createEntry"/,
    ));

  it('an export that is not a plugin', async () => {
    await fails(
      { module: 'plugin.ts', export: 'notAPlugin' },
      'not_a_plugin',
      /export "notAPlugin" is a number/,
      /export a PluginEntry/,
    );
    await fails(
      { module: 'plugin.ts', export: 'bare' },
      'not_a_plugin',
      /is an object with keys getID, handle/,
      /this is a Plugin; export a PluginEntry instead/,
    );
  });

  it('factories: config for an entry, a factory returning something else, a factory that throws', async () => {
    await fails(
      { module: 'plugin.ts', config: { id: 'x' } },
      'factory',
      /is a PluginEntry, not a factory/,
      /remove "config"/,
    );
    await fails(
      { module: 'plugin.ts', export: 'badFactory' },
      'factory',
      /returned an object with keys id, not a PluginEntry/,
      /return \{id, registeredTaskTypes, loadPlugin\}/,
    );
    await fails(
      { module: 'plugin.ts', export: 'throwingFactory', config: { fail: true } },
      'factory',
      /factory "throwingFactory" threw: config says fail/,
      /config/,
    );
  });

  it('world scripts: a function export', async () => {
    const fn = await loadFunctionExport('plugin.ts', 'beforeRound', dir, { cacheDir });
    assert.equal(typeof fn, 'function');
    await assert.rejects(
      loadFunctionExport('plugin.ts', 'notAPlugin', dir, { cacheDir }),
      /export "notAPlugin" is a number, not a function/,
    );
  });
});
