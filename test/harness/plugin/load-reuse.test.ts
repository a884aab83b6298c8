// Loading the same plugin module again (every fixture that names it does): the bundle is compiled once, yet each load
// is a new evaluation of the module, with its own state, and stack traces still point at the TypeScript, also after
// the module is rebuilt.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sdk from '@plugbench/sdk';
import { PluginModuleError, loadModule } from '@plugbench/harness';

describe('harness: plugin modules loaded again', () => {
  let dir: string;
  let cacheDir: string;
  const write = (name: string, text: string) => writeFileSync(path.join(dir, name), text);
  const touch = (name: string) => {
    const later = new Date(Date.now() + 10_000);
    utimesSync(path.join(dir, name), later, later);
  };
  const load = (name: string) => loadModule(path.join(dir, name), { cacheDir });
  const stackOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      return (e as Error).stack ?? '';
    }
    return assert.fail('did not throw');
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-plugin-reuse-'));
    cacheDir = path.join(dir, '.cache');
    write(
      'stateful.ts',
      `import * as s from '@plugbench/sdk';
export class Thing {}
export const made = new Thing();
export const shared: string[] = [];
let n = 0;
export const next = () => ++n;
export const sdkModule = s;
export function explode(): never {
  throw new Error('boom');
}
`,
    );
    write(
      'env.js',
      `exports.env = { filename: __filename, dirname: __dirname, thisIsExports: this === exports, req: typeof require.resolve, self: module.exports === exports };\n`,
    );
    write('throws-on-load.ts', `const x = 1;\nthrow new Error('top-level failure ' + x);\n`);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every load its own module state, and the same SDK', async () => {
    const loads = [await load('stateful.ts'), await load('stateful.ts'), await load('stateful.ts')];
    for (const m of loads) {
      (m.shared as string[]).push('x');
      assert.equal((m.next as () => number)(), 1);
      assert.equal((m.shared as string[]).length, 1);
      assert.ok((m.sdkModule as typeof sdk).Transition === sdk.Transition, "the harness's own SDK");
    }
    assert.notEqual(loads[0]!.Thing, loads[1]!.Thing);
    assert.ok(!(loads[1]!.made instanceof (loads[0]!.Thing as new () => unknown)));
  });

  it('evaluates a CommonJS module with the five arguments Node gives it', async () => {
    const env = (await load('env.js')).env as {
      filename: string;
      dirname: string;
      thisIsExports: boolean;
      req: string;
      self: boolean;
    };
    assert.ok(env.filename.startsWith(cacheDir), env.filename);
    assert.equal(env.dirname, path.dirname(env.filename));
    assert.equal(env.thisIsExports, true);
    assert.equal(env.req, 'function');
    assert.equal(env.self, true);
  });

  it('maps stack traces to the TypeScript on every load', async () => {
    for (let i = 0; i < 3; i++) {
      const m = await load('stateful.ts');
      assert.match(stackOf(m.explode as () => never), /stateful\.ts:9:\d+/);
    }
  });

  it('maps stack traces to the new source after a rebuild', async () => {
    write('moving.ts', `export function explode(): never {\n  throw new Error('first');\n}\n`);
    const a = await load('moving.ts');
    assert.match(stackOf(a.explode as () => never), /moving\.ts:2:\d+/);
    write('moving.ts', `// moved down\n\n\nexport function explode(): never {\n  throw new Error('second');\n}\n`);
    touch('moving.ts');
    const b = await load('moving.ts');
    assert.match(stackOf(b.explode as () => never), /second[\s\S]*moving\.ts:5:\d+/);
  });

  it('evaluates the top level again on every load: a module that throws throws each time, where it threw', async () => {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(load('throws-on-load.ts'), (e: unknown) => {
        assert.ok(e instanceof PluginModuleError, String(e));
        assert.match(e.message, /threw while loading: Error: top-level failure 1/);
        assert.match(e.message, /throws-on-load\.ts:2:\d+/);
        return true;
      });
    }
  });
});
