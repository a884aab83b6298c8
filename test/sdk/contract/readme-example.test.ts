// The README's plugin (examples/readme-plugin.ts, written only from the API document and the naming table): it is
// the code the README shows, it compiles against the built @plugbench/sdk as a user would see it, and its Handle
// does what the README says when driven through a minimal hand-made context. (The executor drives it for real in
// its own tests; this one needs nothing but the contract.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AllocationStatus,
  Phase,
  TransitionType,
  type PluginStateReader,
  type PluginStateWriter,
  type ResourceManager,
  type ResourceRegistrar,
  type SetupContext,
  type TaskExecutionContext,
  type TaskExecutionID,
  type TaskExecutionMetadata,
  type Transition,
} from '@plugbench/sdk';
import { countdownEntry, countdownPlugin } from '../../../examples/readme-plugin';

const root = path.resolve(__dirname, '../../..');
const examplePath = path.join(root, 'examples/readme-plugin.ts');

/** An object that has only `impl`'s members; touching any other is a test failure that names it. */
function only<T extends object>(what: string, impl: Partial<T>): T {
  return new Proxy(impl, {
    get(target, prop) {
      if (prop in target) return (target as Record<PropertyKey, unknown>)[prop];
      throw new Error(`the example used ${what}.${String(prop)}, which this test context does not provide`);
    },
  }) as T;
}

/** Pools with quotas; a token is held until released; re-allocating a held token is granted (as Flyte's are). */
class Pools {
  readonly quota = new Map<string, number>();
  readonly held = new Map<string, Set<string>>();
  registrar: ResourceRegistrar = {
    registerResourceQuota: async (ns, quota) => {
      this.quota.set(ns, quota);
      this.held.set(ns, new Set());
    },
  };
  manager: ResourceManager = {
    getID: () => 'test',
    allocateResource: async (ns, token) => {
      const held = this.held.get(ns);
      if (held === undefined) throw new Error(`resource ${ns} not registered`);
      if (held.has(token)) return AllocationStatus.Granted;
      if (held.size >= (this.quota.get(ns) ?? 0)) return AllocationStatus.Exhausted;
      held.add(token);
      return AllocationStatus.Granted;
    },
    releaseResource: async (ns, token) => {
      this.held.get(ns)?.delete(token);
    },
  };
}

/** One task execution: state written in a round is read in the next. */
class Execution {
  #stored: { stateVersion: number; value: unknown } | undefined;
  #pending: { stateVersion: number; value: unknown } | undefined;
  readonly #pools: Pools;
  constructor(
    readonly name: string,
    pools: Pools,
  ) {
    this.#pools = pools;
  }

  context(): TaskExecutionContext {
    const stored = this.#stored;
    const reader: PluginStateReader = {
      getStateVersion: () => stored?.stateVersion ?? 0,
      get: <T>() => ({ stateVersion: stored?.stateVersion ?? 0, value: stored?.value as T | undefined }),
    };
    const writer: PluginStateWriter = {
      put: (stateVersion, value) => {
        this.#pending = { stateVersion, value: JSON.parse(JSON.stringify(value)) };
      },
      reset: () => {
        this.#pending = undefined;
      },
    };
    const id = only<TaskExecutionID>('TaskExecutionID', {
      getGeneratedName: () => this.name,
    });
    return only<TaskExecutionContext>('TaskExecutionContext', {
      resourceManager: () => this.#pools.manager,
      pluginStateReader: () => reader,
      pluginStateWriter: () => writer,
      taskExecutionMetadata: () =>
        only<TaskExecutionMetadata>('TaskExecutionMetadata', { getTaskExecutionID: () => id }),
    });
  }

  async round(): Promise<Transition> {
    this.#pending = undefined;
    const t = await countdownPlugin.handle(this.context());
    if (this.#pending !== undefined) this.#stored = this.#pending;
    return t;
  }
}

describe('contract: the README example plugin', () => {
  it('is the code the README shows', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const code = readFileSync(examplePath, 'utf8');
    assert.ok(
      readme.includes('```ts\n' + code + '```\n'),
      'README.md must show examples/readme-plugin.ts verbatim in a ```ts block',
    );
  });

  it("type-checks against the built @plugbench/sdk, as a user's project would", function () {
    this.timeout(60_000);
    assert.ok(
      existsSync(path.join(root, 'sdk/dist/types/index.d.ts')),
      'sdk/dist/types is missing: run `npm run build` first (npm test does)',
    );
    // The base options without the repository's paths: '@plugbench/sdk' resolves through node_modules to the
    // package's published declarations, not to its source.
    const dir = mkdtempSync(path.join(tmpdir(), 'plugbench-readme-'));
    try {
      const tsconfig = path.join(dir, 'tsconfig.json');
      writeFileSync(
        tsconfig,
        JSON.stringify({
          extends: path.join(root, 'tsconfig.base.json'),
          compilerOptions: { noEmit: true, types: [], lib: ['ES2022'] },
          files: [examplePath],
        }),
      );
      const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
      const r = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--listFilesOnly'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        /sdk[\\/]dist[\\/]types[\\/]index\.d\.ts/,
        'did not compile against the built declarations',
      );
      assert.doesNotMatch(r.stdout, /sdk[\\/]src[\\/]/, 'compiled against the SDK source, not the package');
      const check = spawnSync(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stdout + check.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('registers its pool at load, runs three rounds with new versions, succeeds, and releases its token in finalize', async () => {
    const pools = new Pools();
    const setup = only<SetupContext>('SetupContext', { resourceRegistrar: () => pools.registrar });
    assert.equal(await countdownEntry.loadPlugin(setup), countdownPlugin);
    assert.equal(pools.quota.get('countdown-pool'), 2);
    assert.equal(countdownPlugin.getID(), countdownEntry.id);
    assert.deepEqual(countdownEntry.registeredTaskTypes, ['countdown']);

    const run = new Execution('exec-n0-0', pools);
    const seen: Array<[number, number]> = [];
    for (let i = 0; i < 3; i++) {
      const t = await run.round();
      assert.equal(t.type, TransitionType.Ephemeral);
      seen.push([t.info.phase, t.info.version]);
    }
    assert.deepEqual(seen, [
      [Phase.Running, 1],
      [Phase.Running, 2],
      [Phase.Running, 3],
    ]);
    const last = await run.round();
    assert.equal(last.info.phase, Phase.Success);
    assert.deepEqual([...(pools.held.get('countdown-pool') ?? [])], ['exec-n0-0']);
    await countdownPlugin.finalize(run.context());
    await countdownPlugin.finalize(run.context()); // idempotent
    assert.equal(pools.held.get('countdown-pool')?.size, 0);
  });

  it('waits for resources while the pool is full, then runs once a token comes back', async () => {
    const pools = new Pools();
    await countdownEntry.loadPlugin(only<SetupContext>('SetupContext', { resourceRegistrar: () => pools.registrar }));
    const a = new Execution('a', pools);
    const b = new Execution('b', pools);
    const c = new Execution('c', pools);
    assert.equal((await a.round()).info.phase, Phase.Running);
    assert.equal((await b.round()).info.phase, Phase.Running);
    const waiting = await c.round();
    assert.equal(waiting.info.phase, Phase.WaitingForResources);
    assert.equal(waiting.info.reason, 'countdown-pool is busy');
    await countdownPlugin.abort(a.context());
    await countdownPlugin.finalize(a.context());
    const running = await c.round();
    assert.equal(running.info.phase, Phase.Running);
    assert.equal(running.info.version, 1);
  });
});
