// What the host's client does with messages that do not follow the protocol: records that do not follow the timeline
// schema stop the runner and fail the run, naming the field (the timeline would otherwise go on without them); any
// other malformed message is logged and ignored.
import assert from 'node:assert/strict';
import {
  RUNNER_PROTOCOL,
  RecordEncoder,
  RunnerClient,
  RunnerRequestError,
  type RunnerExit,
  type RunnerTransport,
} from '@plugbench/harness/runner';
import { doTransition, Executor, phaseInfoRunning, TimelineRecordSchema, type TimelineRecord } from '@plugbench/sdk';
import type { StoreRows } from '@plugbench/sdk/runner';
import { entryOf, template, testPlugin } from '../../support/plugins';
import { finishedRecord } from './support';

/** A runner the test speaks for: `emit` delivers a message to the client as the runner's. */
function fakeRunner() {
  let deliver: (raw: unknown) => void = () => undefined;
  let exited: (e: RunnerExit) => void = () => undefined;
  const sent: { type: string; id: number }[] = [];
  let killed = false;
  const transport: RunnerTransport = {
    pid: 1,
    send: (m) => sent.push(m),
    onMessage: (l) => (deliver = l),
    onExit: (l) => (exited = l),
    onOutput: () => undefined,
    kill: () => {
      killed = true;
      exited({ code: null, signal: 'SIGKILL', stderrTail: '', killed: true });
    },
  };
  return {
    transport,
    sent,
    emit: (raw: unknown) => deliver(raw),
    get killed() {
      return killed;
    },
  };
}

/**
 * A batch as a runner sends it with the rows of its record store: the records a real executor kept over a few rounds
 * (a plugin writing its state, Running with a new version each round), `change` applied to its rows.
 */
async function storeBatch(change: (rows: StoreRows) => StoreRows = (x) => x) {
  const plugin = testPlugin('p', (tCtx, n) => {
    tCtx.pluginStateWriter().put(1, { n });
    return doTransition(phaseInfoRunning(n));
  });
  const ex = await Executor.create({ plugins: [entryOf(plugin)] });
  ex.start({ id: 't0', template: template('p') });
  await ex.runRounds({ maxRounds: 4 });
  const d = JSON.parse(JSON.stringify(ex.timelineDelta().next())) as { records: TimelineRecord[]; rows: StoreRows };
  assert.ok(d.rows.count >= 3, 'the rounds travel as rows');
  return {
    expected: [...ex.timeline],
    message: { type: 'records', batch: new RecordEncoder().encode(d.records), store: change(d.rows) },
  };
}

/** `rows` with the part that is a shape changed by `change`. */
const withShape = (rows: StoreRows, change: (p: Record<string, unknown>) => Record<string, unknown>): StoreRows => ({
  ...rows,
  parts: rows.parts.map((p) => (p.t === 'shape' ? (change(p) as typeof p) : p)),
});

/** A client of `runner` that said hello, with its log. */
async function started(runner: ReturnType<typeof fakeRunner>) {
  const log: string[] = [];
  const client = new RunnerClient(runner.transport, { silenceTimeoutMs: 60_000, log: (_l, m) => log.push(m) });
  runner.emit({ type: 'hello', protocol: RUNNER_PROTOCOL, pid: 1, node: 'v20' });
  await client.ready;
  return { client, log };
}

/** What a client gives its listeners for `message`, once stepped. */
async function fakeRunnerWith(batch: Awaited<ReturnType<typeof storeBatch>>) {
  const runner = fakeRunner();
  const { client } = await started(runner);
  const records: TimelineRecord[] = [];
  client.onRecords((rs) => records.push(...rs));
  runner.emit(batch.message);
  assert.equal(runner.killed, false);
  return { records, expected: batch.expected };
}

/** Sends `message` during a step: the step fails with a protocol error matching `reason`, the runner is stopped. */
async function refused(message: unknown, reason: RegExp): Promise<RunnerClient> {
  const runner = fakeRunner();
  const { client, log } = await started(runner);
  const records: TimelineRecord[] = [];
  client.onRecords((rs) => records.push(...rs));
  const pending = client.request({ type: 'step', rounds: 1 });
  await new Promise<void>((resolve) => setImmediate(resolve));
  runner.emit(message);
  await assert.rejects(pending, (e: unknown) => {
    assert.ok(e instanceof RunnerRequestError);
    assert.equal(e.error.kind, 'protocol');
    assert.match(e.message, reason);
    return true;
  });
  assert.equal(records.length, 0, 'no record of the bad batch reached a listener');
  assert.equal(runner.killed, true);
  assert.ok(log.some((m) => reason.test(m)));
  return client;
}

describe('runner client, messages that break the protocol', () => {
  it('stops the runner and fails the run on a record that does not follow the timeline schema, naming it', async () => {
    const batch = new RecordEncoder().encode([finishedRecord(0), { ...finishedRecord(1), nodePhase: 'Finished' }]);
    const client = await refused({ type: 'records', batch }, /timeline schema(.|\n)*records\[1\]\.nodePhase/);
    assert.equal(client.exited, true);
    await assert.rejects(client.request({ type: 'step', rounds: 1 }), /timeline schema/);
  });

  it("gives listeners the records made from a store's rows, and refuses rows that name what was never sent", async () => {
    const good = await fakeRunnerWith(await storeBatch());
    assert.equal(JSON.stringify(good.records), JSON.stringify(good.expected.map((r) => TimelineRecordSchema.parse(r))));
    const bad = await storeBatch((rows) => ({ ...rows, parts: rows.parts.filter((p) => p.t !== 'ref') }));
    await refused(bad.message, /store rows: parts\[\d+\]\.(ref|shape|resources): part \d+ (was never sent|is a)/);
  });

  it("stops the runner on a store's shared part that breaks the timeline schema, naming the record's field", async () => {
    const bad = await storeBatch((rows) =>
      withShape(rows, (p) => ({ ...p, nodePhase: { before: 'Running', after: 'Finished' } })),
    );
    const first = bad.expected.findIndex((r) => r.kind === 'call');
    await refused(bad.message, new RegExp(`records\\[${first}\\]\\.nodePhase\\.after`));
  });

  it('logs and ignores any other message that does not follow the protocol', async () => {
    const runner = fakeRunner();
    const { client, log } = await started(runner);
    const pending = client.request({ type: 'step', rounds: 1 });
    await new Promise<void>((resolve) => setImmediate(resolve));
    runner.emit({ type: 'log', level: 'loud', message: 'x' });
    const id = runner.sent.at(-1)!.id;
    runner.emit({ type: 'result', id, ok: true, value: { ran: 1, rounds: 1, reason: 'step', finished: false } });
    assert.deepEqual(await pending, { ran: 1, rounds: 1, reason: 'step', finished: false });
    assert.equal(runner.killed, false);
    assert.ok(log.some((m) => /does not follow the protocol, ignored/.test(m) && /level/.test(m)));
  });
});
