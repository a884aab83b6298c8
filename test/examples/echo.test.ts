// The echo example (examples/plugins/echo.ts), driven by the real executor: the trace of Flyte's echo.go.
import assert from 'node:assert/strict';
import {
  Executor,
  fromJson,
  LiteralMapSchema,
  readProtobuf,
  TaskTemplateSchema,
  type JsonObject,
} from '@plugbench/sdk';
import { createEchoEntry, type EchoPlugin } from '../../examples/plugins/echo';
import { callKindsOf, callsOf, eventsOf, finishedOf, spy } from './support';

const template = (
  iface: JsonObject = {
    inputs: { variables: { x: { type: { simple: 'INTEGER' } } } },
    outputs: { variables: { y: { type: { simple: 'INTEGER' } } } },
  },
) =>
  fromJson(TaskTemplateSchema, {
    type: 'echo',
    id: { resourceType: 'TASK', project: 'flytesnacks', domain: 'development', name: 'echo-task', version: 'v1' },
    interface: iface,
  });
const inputs = fromJson(LiteralMapSchema, { literals: { x: { scalar: { primitive: { integer: '42' } } } } });

const withStore = (entry = createEchoEntry({ sleepDurationMs: 25_000 })) => spy<EchoPlugin>(entry);

describe('examples: echo', () => {
  it('exports a factory that refuses a negative sleep duration', () => {
    assert.throws(() => createEchoEntry({ sleepDurationMs: -1 }), /non-negative/);
  });

  it('runs RUNNING:0, deduplicated rounds, then SUCCEEDED:0 with the inputs copied, and one Finalize', async () => {
    const h = withStore();
    const ex = await Executor.create({ plugins: [h.entry], resyncPeriodMs: 10_000 });
    const t0 = ex.clock.nowMs();
    ex.start({ id: 'e', template: template(), inputs });
    const outcome = await ex.runUntil({ maxRounds: 50 });
    assert.equal(outcome.reason, 'terminal');

    assert.deepEqual(eventsOf(ex, 'e'), ['RUNNING:0', 'SUCCEEDED:0']);
    const handles = callsOf(ex, 'e').filter((c) => c.call === 'handle');
    // t0: Running (event); t0 again (the round right after a change); t0+10 s; t0+20 s; t0+30 s: 30 >= 25, Success.
    assert.deepEqual(
      handles.map((c) => [c.at - t0, c.decision?.code]),
      [
        [0, 'event'],
        [0, 'dedup'],
        [10_000, 'dedup'],
        [20_000, 'dedup'],
        [30_000, 'event'],
      ],
    );
    for (const c of handles.filter((c) => c.decision?.code === 'dedup')) {
      assert.match(c.decision!.message, /no event: phase and version unchanged \(PhaseRunning:0\)/);
    }
    assert.deepEqual(callKindsOf(ex, 'e'), ['handle', 'handle', 'handle', 'handle', 'handle', 'finalize']);
    assert.equal(finishedOf(ex, 'e')?.nodePhase, 'Succeeded');

    const success = handles.at(-1)!.events[0]!;
    assert.ok(success.outputUri?.endsWith('/outputs.pb'), success.outputUri);
    const outputs = await readProtobuf(h.store(), success.outputUri!, LiteralMapSchema);
    assert.deepEqual(Object.keys(outputs.literals), ['y']);
    const y = outputs.literals.y!.value;
    assert.ok(
      y.case === 'scalar' && y.value.value.case === 'primitive' && y.value.value.value.value.case === 'integer',
    );
    assert.equal(y.value.value.value.value.value, 42n);

    assert.deepEqual(h.plugin().trackedTasks(), [], 'Finalize empties the in-memory map');
  });

  it('with sleep 0 copies and succeeds in the first round', async () => {
    const h = withStore(createEchoEntry({ sleepDurationMs: 0 }));
    const ex = await Executor.create({ plugins: [h.entry] });
    ex.start({ id: 'e', template: template(), inputs });
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(eventsOf(ex, 'e'), ['SUCCEEDED:0']);
    assert.deepEqual(callKindsOf(ex, 'e'), ['handle', 'finalize']);
    assert.deepEqual(h.plugin().trackedTasks(), []);
  });

  it('a task without inputs and outputs succeeds without writing outputs', async () => {
    const ex = await Executor.create({ plugins: [createEchoEntry({ sleepDurationMs: 0 })] });
    ex.start({ id: 'e', template: template({}) });
    await ex.runUntil({ maxRounds: 10 });
    assert.deepEqual(eventsOf(ex, 'e'), ['SUCCEEDED:0']);
    // The event names the outputs path, as Flyte's always does; nothing was written there.
    const uri = callsOf(ex, 'e')[0]!.events[0]!.outputUri;
    assert.match(uri ?? '', /outputs\.pb$/);
    assert.equal((await ex.dataStore.head(uri!)).exists, false);
  });

  it('more outputs than inputs: Handle throws, a round error every round, as in Flyte', async () => {
    const iface = {
      inputs: { variables: { x: { type: { simple: 'INTEGER' } } } },
      outputs: { variables: { y: { type: { simple: 'INTEGER' } }, z: { type: { simple: 'INTEGER' } } } },
    };
    const ex = await Executor.create({ plugins: [createEchoEntry({ sleepDurationMs: 0 })] });
    ex.start({ id: 'e', template: template(iface), inputs });
    await ex.runUntil({ maxRounds: 3 });
    const calls = callsOf(ex, 'e');
    assert.equal(calls.length, 3);
    for (const c of calls) {
      assert.equal(c.decision?.code, 'round-error');
      assert.match(c.error?.message ?? '', /the number of input \[1\] and output \[2\] variables does not match/);
    }
    assert.deepEqual(eventsOf(ex, 'e'), []);
  });

  it('Handle replayed on the same state gives the same transition (contract check)', async () => {
    const ex = await Executor.create({
      plugins: [createEchoEntry({ sleepDurationMs: 15_000 })],
      checks: { replayHandle: true, repeatCleanup: true },
    });
    ex.start({ id: 'e', template: template(), inputs });
    await ex.runUntil({ maxRounds: 20 });
    assert.deepEqual(eventsOf(ex, 'e'), ['RUNNING:0', 'SUCCEEDED:0']);
    for (const c of callsOf(ex, 'e')) {
      if (c.replay) assert.equal(c.replay.same, true, JSON.stringify(c.replay));
      if (c.repeat) assert.equal(c.repeat.ok, true);
    }
  });
});
