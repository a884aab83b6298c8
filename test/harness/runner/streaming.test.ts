// A long run through a real runner process, as the timeline panel's Run to end makes it: every record reaches the
// host, in order, before the answer, over Node's IPC channel (a forked runner) and over the debug runner's socket.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunnerClient, RunnerSocketServer } from '@plugbench/harness/runner';
import { forkedRunners, pluginModule, RUNNER_JS } from './support';

const TASKS = 40;
const ROUNDS = 100;

/** A plugin that runs ROUNDS rounds a task (a new version each), and a fixture of TASKS of its tasks. */
function writeLongRun(dir: string): string {
  fs.writeFileSync(
    path.join(dir, 'count-plugin.ts'),
    pluginModule(
      'count',
      'count',
      `handle(ctx) {
      const n = ((ctx.pluginStateReader().get().value as { n?: number } | undefined)?.n ?? 0) + 1;
      if (n >= ${ROUNDS - 1}) return doTransition(phaseInfoSuccess(undefined));
      ctx.pluginStateWriter().put(1, { n });
      return doTransition(phaseInfoRunning(n, undefined));
    }`,
    ),
  );
  const file = path.join(dir, 'long.fixture.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'long',
      plugin: { module: './count-plugin.ts', export: 'entry' },
      executor: { maxPluginPhaseVersions: ROUNDS + 10 },
      tasks: Array.from({ length: TASKS }, (_, i) => ({ id: `t${i}`, type: 'count' })),
      maxRounds: TASKS * ROUNDS + 10,
    }),
  );
  return file;
}

/** Runs the fixture to the end through `client`; checks that every record came, in order, before the answer. */
async function runToEnd(client: RunnerClient, fixture: string): Promise<void> {
  const seqs: number[] = [];
  client.onRecords((rs) => seqs.push(...rs.map((r) => r.seq)));
  await client.request({ type: 'open', fixture, roundTimeoutMs: 10_000 });
  const end = await client.request({ type: 'run', stop: { kind: 'end' }, breakpoints: [], maxRounds: 1_000_000 });
  const atAnswer = seqs.length;
  assert.equal(end.reason, 'terminal');
  assert.equal(end.rounds, TASKS * ROUNDS);
  // run.started, a task.started and a task.finished per task, a record per round, run.finished.
  assert.equal(atAnswer, 2 + 2 * TASKS + TASKS * ROUNDS, 'every record arrived before the answer');
  assert.ok(
    seqs.every((s, i) => s === i),
    'in order, none twice',
  );
}

describe('runner process, a long run streamed to the host', function () {
  this.timeout(120_000);
  const runners = forkedRunners();

  it('over the IPC channel of a forked runner', async () => {
    await runToEnd(runners.start(60_000, 60_000), writeLongRun(runners.dir));
  });

  it('over the socket of a runner started as the debugger starts it', async () => {
    const fixture = writeLongRun(runners.dir);
    const server = new RunnerSocketServer();
    const child = spawn(process.execPath, [RUNNER_JS], {
      cwd: runners.dir,
      stdio: 'ignore',
      env: {
        ...process.env,
        PLUGBENCH_RUNNER_SOCKET: server.path,
        PLUGBENCH_CACHE_DIR: path.join(runners.dir, '.cache'),
      },
    });
    try {
      const transport = await server.accept(30_000, () => child.kill('SIGKILL'));
      const client = new RunnerClient(transport, { silenceTimeoutMs: 60_000, openTimeoutMs: 60_000 });
      await runToEnd(client, fixture);
      await client.close();
    } finally {
      child.kill('SIGKILL');
      server.close();
    }
  });
});
