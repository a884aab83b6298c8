// Benchmark 9: the runner process at scale. One fixture of 1,000 tasks of 100 rounds each (100,000 rounds: every
// Handle writes its state and returns a new version, the last one succeeds, then Finalize), run to the end
//  - in process: `openFixture` (the harness's session, as the runner opens it) and its rounds run to the end,
//  - through a runner process (`harness/src/runner`): `open`, then `run` to the end, with every record streamed to
//    the host as the extension receives them (each batch decoded and checked against the timeline schema by the
//    client into plain records, every one of them, before a listener sees it: what the extension's session reads),
// each time from its own open (the open itself is not timed), interleaved. Goal: the runner within 1.2x of the
// process itself. Then the round trip of one `step` request (one round) as the timeline panel's Step makes it, on a
// fixture already open in the runner: p50 and p90 over a few hundred steps; goal p50 < 5 ms.
// Beside the wall times, the CPU time of each side during the run (the runner's read from /proc on Linux): on a
// loaded machine the wall time says more about the machine than about the code, and the runner's CPU time against
// the process's own says what the records' way to the host costs. Each side's main thread is also counted alone
// (`runnerMain`, `hostMain`): a fresh runner's V8 spends about as much again on its background threads (compiling the
// executor's code optimised), which the run in process did in the runs before it.
// The runner is a fresh process every time (as every session's runner is), while the run in process is timed in this
// process, whose code is compiled by the runs before it. So the run in process is also timed in a fresh process of its
// own (`openFixture`, then its rounds, as `plugbench run` would, nothing compiled before the open), the same as the
// runner: `coldRatio` (the runner against it) says what the runner costs beside the compiling both do.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);

const PLUGIN = `import { doTransition, phaseInfoRunning, phaseInfoSuccess } from '@plugbench/sdk';
export const benchEntry = {
  id: 'bench',
  registeredTaskTypes: ['bench'],
  loadPlugin: () => ({
    getID: () => 'bench',
    getProperties: () => ({}),
    handle(ctx) {
      const n = (ctx.pluginStateReader().get().value?.n ?? 0) + 1;
      if (n >= ROUNDS) return doTransition(phaseInfoSuccess());
      ctx.pluginStateWriter().put(1, { n });
      return doTransition(phaseInfoRunning(n));
    },
    abort() {},
    finalize() {},
  }),
};
`;

/** Writes the fixture (and its plugin) into a folder of the repository, so that the plugin resolves the SDK. */
function writeFixture(dir, tasks, roundsPerTask, name = 'scale') {
  writeFileSync(join(dir, 'plugin.mjs'), PLUGIN.replace('ROUNDS', String(roundsPerTask - 1)));
  const fixture = {
    name: 'runner-scale',
    plugin: { module: './plugin.mjs', export: 'benchEntry' },
    executor: { maxPluginPhaseVersions: roundsPerTask + 10 },
    tasks: Array.from({ length: tasks }, (_, i) => ({ id: `t${i}`, template: { type: 'bench' } })),
    maxRounds: tasks * roundsPerTask + 10,
    checks: { replayHandle: false, repeatCleanup: false },
  };
  const file = join(dir, `${name}.fixture.json`);
  writeFileSync(file, JSON.stringify(fixture));
  return file;
}

/** CPU time of this process so far, ms. */
function ownCpuMs() {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * CPU time of process `pid` so far, ms (user + system, in clock ticks of 10 ms); undefined where /proc is not. With
 * `main`, of its main thread only (the thread's id is the process's): without V8's background threads (optimising
 * compilers, the collector's helpers), which a fresh process keeps busy and which compete for the same cores.
 */
function cpuMsOf(pid, main = false) {
  const stat = main ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(stat)) return undefined;
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function inProcess(h, file) {
  const session = await h.openFixture(file, { golden: false });
  const c0 = ownCpuMs();
  const t0 = process.hrtime.bigint();
  const out = await session.runUntil({});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, cpuMs: ownCpuMs() - c0, rounds: out.rounds, reason: out.reason };
}

/** The run in process, in a fresh Node process of its own: the open untimed, the rounds timed (wall and CPU). */
function inFreshProcess(file) {
  const script = `const h = require(${JSON.stringify(join(root, 'harness/dist/index.js'))});
(async () => {
  const session = await h.openFixture(${JSON.stringify(file)}, { golden: false });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = await session.runUntil({});
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (c.user + c.system) / 1000, rounds: out.rounds }));
})();`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { cwd: root, maxBuffer: 1 << 20 }, (err, stdout) =>
      err ? reject(err) : resolve(JSON.parse(stdout)),
    ),
  );
}

function fork(r) {
  const transport = r.forkRunner({ runnerPath: r.runnerProcessPath(), cwd: root });
  return new r.RunnerClient(transport, { silenceTimeoutMs: 120_000, openTimeoutMs: 120_000 });
}

async function inRunner(r, file) {
  const client = fork(r);
  try {
    await client.ready;
    let records = 0;
    client.onRecords((rs) => (records += rs.length));
    await client.request({ type: 'open', fixture: file, roundTimeoutMs: 10_000 });
    const runner0 = cpuMsOf(client.pid);
    const runnerMain0 = cpuMsOf(client.pid, true);
    const hostMain0 = cpuMsOf(process.pid, true);
    const host0 = ownCpuMs();
    const t0 = process.hrtime.bigint();
    const out = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 10_000_000 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const hostCpuMs = ownCpuMs() - host0;
    const runner1 = cpuMsOf(client.pid);
    const runnerCpuMs = runner0 !== undefined && runner1 !== undefined ? runner1 - runner0 : undefined;
    const runnerMainCpuMs = difference(runnerMain0, cpuMsOf(client.pid, true));
    const hostMainCpuMs = difference(hostMain0, cpuMsOf(process.pid, true));
    return {
      ms,
      runnerCpuMs,
      hostCpuMs,
      runnerMainCpuMs,
      hostMainCpuMs,
      rounds: out.ran,
      finished: out.finished,
      records,
    };
  } finally {
    await client.close();
  }
}

/** `b - a`, or undefined when either is. */
const difference = (a, b) => (a !== undefined && b !== undefined ? b - a : undefined);

async function stepTrips(r, file, steps) {
  const client = fork(r);
  try {
    await client.ready;
    await client.request({ type: 'open', fixture: file, roundTimeoutMs: 10_000 });
    // A few untimed steps first: the first rounds compile the executor's code.
    for (let i = 0; i < 20; i++) await client.request({ type: 'step', rounds: 1 });
    const ms = [];
    for (let i = 0; i < steps; i++) {
      const t0 = process.hrtime.bigint();
      await client.request({ type: 'step', rounds: 1 });
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    ms.sort((a, b) => a - b);
    return { p50: median(ms), p90: ms[Math.floor(ms.length * 0.9)] };
  } finally {
    await client.close();
  }
}

/** CPU times of the pairs (medians), and the runner's against the process's own, when the runner's could be read. */
function cpuFigures(pairs) {
  const inProcess = median(pairs.map((p) => p.inProcessCpuMs));
  const coldInProcess = median(pairs.map((p) => p.coldCpuMs));
  const host = median(pairs.map((p) => p.hostCpuMs));
  if (pairs.some((p) => p.runnerCpuMs === undefined)) return { inProcess, coldInProcess, host };
  const runner = median(pairs.map((p) => p.runnerCpuMs));
  return {
    inProcess,
    coldInProcess,
    runner,
    host,
    // The main threads alone (the rounds, the records' way): what the wall time follows when a core is free for each.
    runnerMain: median(pairs.map((p) => p.runnerMainCpuMs)),
    hostMain: median(pairs.map((p) => p.hostMainCpuMs)),
    runnerRatio: median(pairs.map((p) => p.runnerCpuMs / p.inProcessCpuMs)),
    runnerColdRatio: median(pairs.map((p) => p.runnerCpuMs / p.coldCpuMs)),
  };
}

export async function runnerScale({ tasks = 1_000, roundsPerTask = 100, reps = 3, steps = 300 } = {}) {
  const h = require(join(root, 'harness/dist/index.js'));
  const r = require(join(root, 'harness/dist/runner-client.js'));
  const dir = mkdtempSync(join(here, '.runner-scale-'));
  try {
    // One untimed run each way, on a small fixture of the same plugin: the plugin's bundle is cached, the code compiled.
    const small = writeFixture(dir, 20, roundsPerTask, 'warm-up');
    await inProcess(h, small);
    await inRunner(r, small);
    const file = writeFixture(dir, tasks, roundsPerTask);
    const pairs = [];
    for (let i = 0; i < reps; i++) {
      const a = i % 2 === 0 ? await inProcess(h, file) : undefined;
      const b = await inRunner(r, file);
      const a2 = a ?? (await inProcess(h, file));
      const cold = await inFreshProcess(file);
      if (b.rounds !== a2.rounds || cold.rounds !== a2.rounds)
        throw new Error(`runner ran ${b.rounds} rounds, the process ${a2.rounds}, a fresh process ${cold.rounds}`);
      pairs.push({
        inProcessMs: a2.ms,
        inRunnerMs: b.ms,
        inProcessCpuMs: a2.cpuMs,
        coldMs: cold.ms,
        coldCpuMs: cold.cpuMs,
        runnerCpuMs: b.runnerCpuMs,
        hostCpuMs: b.hostCpuMs,
        runnerMainCpuMs: b.runnerMainCpuMs,
        hostMainCpuMs: b.hostMainCpuMs,
        rounds: b.rounds,
        records: b.records,
      });
    }
    const trips = await stepTrips(r, file, steps);
    return {
      tasks,
      rounds: pairs[0].rounds,
      records: pairs[0].records,
      inProcessMs: median(pairs.map((p) => p.inProcessMs)),
      inRunnerMs: median(pairs.map((p) => p.inRunnerMs)),
      ratio: median(pairs.map((p) => p.inRunnerMs / p.inProcessMs)),
      minRatio: Math.min(...pairs.map((p) => p.inRunnerMs / p.inProcessMs)),
      coldInProcessMs: median(pairs.map((p) => p.coldMs)),
      coldRatio: median(pairs.map((p) => p.inRunnerMs / p.coldMs)),
      coldMinRatio: Math.min(...pairs.map((p) => p.inRunnerMs / p.coldMs)),
      cpuMs: cpuFigures(pairs),
      load: os.loadavg()[0],
      stepMs: trips,
      targets: { ratio: 1.2, stepP50Ms: 5 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
