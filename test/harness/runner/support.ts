// Shared helpers of the runner's tests: the runner process built, fixtures whose plugins misbehave on purpose, and
// forked runners that are stopped after each test.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunnerClient, forkRunner } from '@plugbench/harness/runner';
import type { TimelineRecord } from '@plugbench/sdk/timeline';

export const ROOT = path.resolve(__dirname, '../../..');
/** The runner process the harness forks (the CLI's). */
export const RUNNER_JS = path.join(ROOT, 'harness/dist/runner.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.ts$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const built = new Set<string>();
/** Runs `node scripts/build.mjs --only <groups>` once per test run when an output is missing or older than a source. */
export function ensureBuilt(
  outputs: readonly string[],
  sourceDirs: readonly string[],
  groups: readonly string[],
): void {
  const key = groups.join(' ');
  if (built.has(key)) return;
  const sources = Math.max(...sourceDirs.map((d) => newestMtime(path.join(ROOT, d))));
  const stale = outputs.some(
    (out) => !fs.existsSync(path.join(ROOT, out)) || fs.statSync(path.join(ROOT, out)).mtimeMs < sources,
  );
  if (stale) {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts/build.mjs'), ...groups.flatMap((g) => ['--only', g])],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  }
  built.add(key);
}

/** A `before` hook of the enclosing `describe` that builds the runner process when stale (the build may take a while). */
export function buildsHarnessRunner(): void {
  before(function () {
    this.timeout(120_000);
    ensureHarnessRunnerBuilt();
  });
}

/** Builds the runner process (harness/dist/runner.js, dist/extension/runner.js) when missing or older than its sources. */
export function ensureHarnessRunnerBuilt(): void {
  ensureBuilt(['harness/dist/runner.js', 'dist/extension/runner.js'], ['harness/src', 'sdk/src'], ['runner']);
}

/**
 * The source of a plugin module exporting `entry`, a plugin `id` for tasks of type `taskType`; `handle` is the
 * method's source, Abort and Finalize do nothing.
 */
export const pluginModule = (id: string, taskType: string, handle: string) =>
  `import { doTransition, phaseInfoRunning, phaseInfoSuccess, type PluginEntry } from '@plugbench/sdk';
export const entry: PluginEntry = {
  id: '${id}',
  registeredTaskTypes: ['${taskType}'],
  isDefault: false,
  loadPlugin: () => ({
    getID: () => '${id}',
    getProperties: () => ({}),
    ${handle},
    abort() {},
    finalize() {},
  }),
};
void phaseInfoRunning;
`;

/** A plugin whose Handle runs `body`, then succeeds. */
const plugin = (body: string) =>
  pluginModule(
    'misbehaving',
    't',
    `async handle() {
      ${body}
      return doTransition(phaseInfoSuccess(undefined));
    }`,
  );

const fixture = (module: string) => `name: ${module}
plugin:
  module: ./${module}.ts
  export: entry
tasks:
  - id: a
    type: t
`;

/** A temporary folder of fixtures and plugins that misbehave on purpose. */
export function writeFixtureDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-ext-'));
  const w = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  w('loop-plugin.ts', plugin('for (;;) { /* never gives control back */ }'));
  w('loop.fixture.yaml', fixture('loop-plugin'));
  w('never-settles-plugin.ts', plugin('await new Promise(() => undefined);'));
  w('never-settles.fixture.yaml', fixture('never-settles-plugin'));
  w('exit-plugin.ts', plugin('process.exit(3);'));
  w('exit.fixture.yaml', fixture('exit-plugin'));
  w(
    'random-plugin.ts',
    plugin(
      'if (Math.random() < 2) return doTransition(phaseInfoRunning(Math.floor(Math.random() * 200), undefined));',
    ).replace('void phaseInfoRunning;', 'void phaseInfoSuccess;'),
  );
  w('random.fixture.yaml', fixture('random-plugin'));
  w('syntax-plugin.ts', `export const entry = {\n  id: 'x',\n  handle( {\n};\n`);
  w('syntax.fixture.yaml', fixture('syntax-plugin'));
  w(
    'broken.fixture.yaml',
    `plugin: { module: ./loop-plugin.ts, export: entry }
tasks:
  - id: a
    type: t
    expect: { nodePhase: Finished }
`,
  );
  w(
    'wrong-expect.fixture.yaml',
    `name: wrong-expect
plugin:
  module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}
  export: createEchoEntry
  config: { sleepDurationMs: 0 }
tasks:
  - id: a
    type: echo
    expect: { events: [RUNNING:0] }
`,
  );
  w(
    'good.fixture.yaml',
    `name: good
plugin:
  module: ${JSON.stringify(path.join(ROOT, 'examples/plugins/echo.ts'))}
  export: createEchoEntry
  config: { sleepDurationMs: 0 }
tasks:
  - id: one
    type: echo
    expect: { nodePhase: Succeeded, events: [SUCCEEDED:0], calls: [handle, finalize] }
  - id: two
    type: echo
    expect: { nodePhase: Succeeded }
`,
  );
  return dir;
}

/**
 * Runner processes for a `describe` (the harness's runner.js unless told): registers hooks that build the runner, write {@link writeFixtureDir}'s folder
 * (`dir`, set in `before`) and stop every runner `start` made after each test.
 */
export function forkedRunners(
  runnerPath = RUNNER_JS,
  build = ensureHarnessRunnerBuilt,
): { readonly dir: string; start(silenceTimeoutMs?: number, openTimeoutMs?: number): RunnerClient } {
  let dir = '';
  const clients: RunnerClient[] = [];
  before(() => {
    build();
    dir = writeFixtureDir();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.stop();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    start(silenceTimeoutMs = 10000, openTimeoutMs?: number): RunnerClient {
      const transport = forkRunner({ runnerPath, cwd: dir, env: { PLUGBENCH_CACHE_DIR: path.join(dir, '.cache') } });
      const client = new RunnerClient(transport, { silenceTimeoutMs, ...(openTimeoutMs ? { openTimeoutMs } : {}) });
      clients.push(client);
      return client;
    },
  };
}

/** A valid timeline record (a task's `task.finished`) with sequence number `seq`. */
export const finishedRecord = (seq: number): TimelineRecord => ({
  v: 1,
  seq,
  at: 0,
  kind: 'task.finished',
  task: 't',
  attempt: 0,
  nodePhase: 'Succeeded',
  rounds: 1,
});
