// Benchmark 4: the harness. N generated fixtures (the ported webapi and echo plugins, a few tasks each, quotas,
// retries) through `plugbench test`, once with every contract check and once with all of them switched off; the
// cost of the checks is the ratio. Both runs go through the built command in a fresh process, as CI runs it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL_OFF = {
  replayHandle: false,
  repeatCleanup: false,
  tokensReleased: false,
  stateSerializable: false,
  getAfterPut: false,
  lostInfo: false,
  roundCap: false,
};

function fixture(i, plugins, checks) {
  const web = i % 2 === 0;
  const tasks = Array.from({ length: 1 + (i % 4) }, (_, k) =>
    web
      ? {
          id: `t${k}`,
          type: 'toy-webapi',
          template: { custom: { queuedSeconds: 5 + (k % 3), durationSeconds: 10 + ((i + k) % 20) } },
        }
      : { id: `t${k}`, type: 'echo' },
  );
  return {
    name: `generated-${i}`,
    plugin: web
      ? { module: relative(plugins.dir, plugins.webapi), export: 'webApiEntry' }
      : { module: relative(plugins.dir, plugins.echo), export: 'createEchoEntry', config: { sleepDurationMs: 20_000 } },
    executor: { seed: i + 1, ...(web ? { resourceManager: { type: 'redis' } } : {}) },
    checks: checks ? { lostInfo: false } : ALL_OFF,
    tasks,
  };
}

function write(dir, n, checks) {
  mkdirSync(dir, { recursive: true });
  const plugins = {
    dir,
    webapi: join(root, 'examples/plugins/webapi.ts'),
    echo: join(root, 'examples/plugins/echo.ts'),
  };
  for (let i = 0; i < n; i++)
    writeFileSync(join(dir, `g${i}.fixture.json`), JSON.stringify(fixture(i, plugins, checks)));
}

function timeTest(dir) {
  const t0 = process.hrtime.bigint();
  const out = execFileSync(
    process.execPath,
    [join(root, 'harness/bin/plugbench.js'), 'test', dir, '--reporter', 'json'],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, bytes: out.length };
}

/**
 * One fixture of many tasks, in process: the time of its run (every round) against the time of evaluating it
 * afterwards (expectations of every task, contract checks, the run's expectations). Evaluation must stay linear
 * in the records: the ratio must not grow with the tasks.
 */
export async function evaluation(tasks) {
  const require = createRequire(import.meta.url);
  const { openFixture } = require('@plugbench/harness');
  const dir = mkdtempSync(join(tmpdir(), 'plugbench-bench-eval-'));
  try {
    const file = join(dir, 'many.fixture.json');
    const echo = relative(dir, join(root, 'examples/plugins/echo.ts'));
    writeFileSync(
      file,
      JSON.stringify({
        name: 'many',
        plugin: { module: echo, export: 'createEchoEntry', config: { sleepDurationMs: 600_000 } },
        executor: { seed: 1 },
        maxRounds: 1_000_000,
        tasks: Array.from({ length: tasks }, (_, i) => ({
          id: `t${i}`,
          type: 'echo',
          expect: { nodePhase: 'Succeeded', events: ['RUNNING:0', 'SUCCEEDED:0'], attempts: 1 },
        })),
        expect: { tokens: { released: true }, stop: 'terminal' },
      }),
    );
    const session = await openFixture(file, { cacheDir: join(dir, 'cache') });
    const t0 = performance.now();
    await session.runUntil({ terminal: 'all' });
    const runMs = performance.now() - t0;
    const t1 = performance.now();
    const result = await session.finish();
    const evaluateMs = performance.now() - t1;
    if (!result.passed) throw new Error(`evaluation fixture failed: ${result.problems.slice(0, 3).join('; ')}`);
    return {
      tasks,
      rounds: result.rounds,
      records: result.timeline.length,
      runMs,
      evaluateMs,
      ratio: evaluateMs / runMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Wall ms of `plugbench --version`, and of `node -e 0` run in turn with it (pairs, in alternating order; medians and
 * minima). The bin answers before anything loads, so what it costs beyond any Node process is the paired difference
 * (`overNodeMs*`): on a loaded machine both wall times carry the wait for a core, which the difference mostly cancels.
 */
export function startup(runs = 15) {
  const wall = (args) => {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const version = [];
  const node = [];
  for (let i = 0; i < runs + 1; i++) {
    const versionFirst = i % 2 === 0;
    const n0 = versionFirst ? undefined : wall(['-e', '0']);
    const v = wall([join(root, 'harness/bin/plugbench.js'), '--version']);
    const n = n0 ?? wall(['-e', '0']);
    if (i === 0) continue; // warm-up
    version.push(v);
    node.push(n);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const over = version.map((v, i) => v - node[i]);
  return {
    versionMsMedian: med(version),
    versionMsMin: Math.min(...version),
    nodeMsMedian: med(node),
    nodeMsMin: Math.min(...node),
    ratioMedian: med(version.map((v, i) => v / node[i])),
    overNodeMsMedian: med(over),
    overNodeMsMin: Math.min(...over),
  };
}

export async function harnessChecks({ fixtures = 1_000, evaluationTasks = 1_000 } = {}) {
  const evaluate = await evaluation(evaluationTasks);
  const start = startup();
  const base = mkdtempSync(join(tmpdir(), 'plugbench-bench-'));
  try {
    write(join(base, 'with'), fixtures, true);
    write(join(base, 'without'), fixtures, false);
    // One untimed run warms the bundle cache both timed runs share.
    timeTest(join(base, 'without'));
    const without = timeTest(join(base, 'without'));
    const withChecks = timeTest(join(base, 'with'));
    return {
      fixtures,
      withChecksSeconds: withChecks.seconds,
      withoutChecksSeconds: without.seconds,
      ratio: withChecks.seconds / without.seconds,
      msPerFixtureWithChecks: (withChecks.seconds * 1000) / fixtures,
      evaluation: evaluate,
      startup: start,
      targets: { evaluationRatio: 0.2, versionMs: 150 },
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
