// A round's context, state visibility and dedup on (phase, version) (task/handler.go Handle):
// a fresh context every round; state visible only from the next round, only when the round succeeded and its
// (phase, version) changed; a deduped round sends no event and drops its state write and recorded events.
import assert from 'node:assert/strict';
import {
  create,
  doTransition,
  TaskLogSchema,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  type TaskExecutionContext,
} from '@plugbench/sdk';
import { calls, handles, runOne, sentEvents, steps, testPlugin } from '../../support/plugins';

const at = new Date(Date.UTC(2024, 0, 1));

describe('executor: a fresh context every round', () => {
  it('each Handle gets a new context, state manager, output writer and events recorder', async () => {
    const p = testPlugin('p', (_t, n) => doTransition(phaseInfoRunning(n)));
    const { ex } = await runOne(p);
    await steps(ex, 3);
    const ctxs = p.seen.map((s) => s.ctx);
    assert.equal(ctxs.length, 3);
    const parts = (c: TaskExecutionContext) => [
      c,
      c.pluginStateReader(),
      c.pluginStateWriter(),
      c.outputWriter(),
      c.eventsRecorder(),
      c.resourceManager(),
    ];
    for (let i = 0; i < parts(ctxs[0]!).length; i++) {
      assert.equal(new Set(ctxs.map((c) => parts(c)[i])).size, 3, `part ${i} is shared between rounds`);
    }
  });

  it('what a context collected in a round does not carry over: raw events recorded late are not sent later', async () => {
    let kept: TaskExecutionContext | undefined;
    const p = testPlugin('p', async (tCtx, n) => {
      if (n === 1) kept = tCtx;
      if (n === 2) await kept!.eventsRecorder().recordRaw(phaseInfoQueued(at, 7, 'from an old context'));
      return doTransition(phaseInfoRunning(n));
    });
    const { ex } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(sentEvents(ex), ['RUNNING:1', 'RUNNING:2', 'RUNNING:3']);
  });
});

describe('executor: state visibility', () => {
  it('a write is not visible in its own round, and visible from the next', async () => {
    const reads: unknown[] = [];
    const p = testPlugin('p', (tCtx, n) => {
      tCtx.pluginStateWriter().put(1, { n });
      reads.push(tCtx.pluginStateReader().get().value);
      return doTransition(phaseInfoRunning(n));
    });
    const { ex, id } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(reads, [undefined, { n: 1 }, { n: 2 }]);
    assert.deepEqual(ex.task(id).state, { version: 1, value: { n: 3 } });
  });

  it('a round that fails persists nothing: the next round reads the state of the round before', async () => {
    const p = testPlugin('p', (tCtx, n) => {
      tCtx.pluginStateWriter().put(1, { n });
      if (n === 2) throw new Error('transient');
      return doTransition(phaseInfoRunning(n));
    });
    const { ex } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(
      p.seen.map((s) => s.state),
      [undefined, { n: 1 }, { n: 1 }],
    );
    const second = handles(ex)[1]!;
    assert.equal(second.state?.persisted, false);
    assert.deepEqual(second.state?.write, { op: 'put', version: 1, value: { n: 2 } });
    assert.deepEqual(second.state?.after, { version: 1, value: { n: 1 } });
  });

  it('a round whose (phase, version) did not change persists no state', async () => {
    // Running:1, then Running:1 again with a new state, then Running:2.
    const p = testPlugin('p', (tCtx, n) => {
      tCtx.pluginStateWriter().put(n, { n });
      return doTransition(phaseInfoRunning(n < 3 ? 1 : 2));
    });
    const { ex } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(
      p.seen.map((s) => [s.stateVersion, s.state]),
      [
        [0, undefined],
        [1, { n: 1 }],
        [1, { n: 1 }],
      ],
    );
  });

  it('the stored state is a copy: changing the value after put() changes nothing', async () => {
    const p = testPlugin('p', (tCtx, n) => {
      const v = { list: [n] };
      tCtx.pluginStateWriter().put(1, v);
      v.list.push(99);
      const read = tCtx.pluginStateReader().get<{ list: number[] }>().value;
      read?.list.push(42);
      return doTransition(phaseInfoRunning(n));
    });
    const { ex } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(p.seen[1]!.state, { list: [1] });
    assert.deepEqual(p.seen[2]!.state, { list: [2] });
  });

  it('a round that writes nothing keeps the previous state', async () => {
    const p = testPlugin('p', (tCtx, n) => {
      if (n === 1) tCtx.pluginStateWriter().put(3, { first: true });
      return doTransition(phaseInfoRunning(n));
    });
    const { ex, id } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(p.seen[2]!.state, { first: true });
    assert.deepEqual(ex.task(id).state, { version: 3, value: { first: true } });
  });
});

describe('executor: dedup on (phase, version)', () => {
  it('an unchanged (phase, version) sends no event and drops the state write and the recorded events, saying so', async () => {
    const p = testPlugin('p', async (tCtx, n) => {
      await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(at, 10 + n, `raw ${n}`));
      tCtx.pluginStateWriter().put(1, { n });
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p);
    await steps(ex, 2);
    const [first, second] = handles(ex);
    assert.equal(first!.decision?.code, 'event');
    assert.deepEqual(
      first!.events.map((e) => [e.source, e.phase, e.version]),
      [
        ['raw', 'QUEUED', 11],
        ['transition', 'RUNNING', 1],
      ],
      'recorded events go out before the transition event',
    );
    assert.equal(second!.decision?.code, 'dedup');
    assert.equal(
      second!.decision?.message,
      'no event: phase and version unchanged (PhaseRunning:1), state write discarded',
    );
    assert.deepEqual(second!.events, []);
    assert.deepEqual(
      second!.droppedEvents?.map((e) => [e.source, e.phase, e.version]),
      [
        ['raw', 'QUEUED', 12],
        ['transition', 'RUNNING', 1],
      ],
    );
    assert.equal(second!.state?.persisted, false);
    assert.deepEqual(second!.state?.after, { version: 1, value: { n: 1 } });
    assert.deepEqual(sentEvents(ex), ['QUEUED:11', 'RUNNING:1']);
  });

  it('a dedup round without a write says "no state write"', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(0)));
    const { ex } = await runOne(p);
    await steps(ex, 2);
    assert.equal(
      handles(ex)[1]!.decision?.message,
      'no event: phase and version unchanged (PhaseRunning:0), no state write',
    );
  });

  it('new info, logs or reason with the same (phase, version) are not reported (flyte #3440)', async () => {
    const p = testPlugin('p', (_t, n) =>
      doTransition(
        phaseInfoRunning(1, { logs: [create(TaskLogSchema, { name: `log ${n}`, uri: `http://log/${n}` })] }),
      ),
    );
    const { ex } = await runOne(p);
    await steps(ex, 3);
    assert.equal(sentEvents(ex).length, 1);
    assert.deepEqual(calls(ex)[0]!.events[0]!.logs, [{ name: 'log 1', uri: 'http://log/1' }]);
  });

  it('any change of version sends an event, even a lower one (equality, not order)', async () => {
    const versions = [3, 1, 1, 2];
    const p = testPlugin('p', (_t, n) =>
      doTransition(n <= versions.length ? phaseInfoRunning(versions[n - 1]!) : phaseInfoSuccess()),
    );
    const { ex } = await runOne(p);
    await steps(ex, 5);
    assert.deepEqual(sentEvents(ex), ['RUNNING:3', 'RUNNING:1', 'RUNNING:2', 'SUCCEEDED:0']);
    assert.deepEqual(
      handles(ex).map((r) => r.decision?.code),
      ['event', 'event', 'dedup', 'event', 'event'],
    );
  });

  it('a first round in a phase other than Undefined sends an event; a new phase with the same version too', async () => {
    const p = testPlugin('p', (_t, n) =>
      doTransition(n === 1 ? phaseInfoQueued(at, 0, 'queued') : phaseInfoRunning(0)),
    );
    const { ex } = await runOne(p);
    await steps(ex, 3);
    assert.deepEqual(sentEvents(ex), ['QUEUED:0', 'RUNNING:0']);
    assert.equal(calls(ex)[0]!.events[0]!.reason, 'queued');
  });
});
