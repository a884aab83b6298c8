// Raw events (EventsRecorder.RecordRaw) are converted like the round's transition event
// (flytepropeller/pkg/controller/nodes/task/handler.go Handle, STEP 4 and 5; transformer.go ToTaskExecutionEvent):
// every event of the round carries the round's resource pool info, and a Success event the outputs path.
import assert from 'node:assert/strict';
import { doTransition, phaseInfoQueued, phaseInfoRunning, phaseInfoSuccess } from '@plugbench/sdk';
import { calls, runOne, steps, testPlugin } from '../../support/plugins';

const at = new Date(Date.UTC(2024, 0, 1));

describe('executor: raw events carry the round fields (Go nodes/task/handler.go Handle, transformer.go ToTaskExecutionEvent)', () => {
  it("every raw event of a Handle round has the round's pool info; a raw Success event has the outputs path", async () => {
    const p = testPlugin('p', async (tCtx) => {
      const token = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      await tCtx.resourceManager().allocateResource('api', token, {});
      await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(at, 7, 'queued raw'));
      await tCtx.eventsRecorder().recordRaw(phaseInfoSuccess({ occurredAt: at }));
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p);
    await steps(ex, 1);
    const [raw1, raw2, transition] = calls(ex)[0]!.events;
    const pool = transition!.resourcePoolInfo;
    assert.ok(pool !== undefined && pool.length === 1, 'the round allocated one token');
    assert.deepEqual(raw1!.resourcePoolInfo, pool);
    assert.deepEqual(raw2!.resourcePoolInfo, pool);
    assert.equal(raw1!.outputUri, undefined, 'not a Success');
    assert.match(raw2!.outputUri ?? '', /outputs\.pb$/);
    assert.equal(transition!.outputUri, undefined, 'the round itself is Running');
  });

  it('raw events recorded during Abort and the final ABORTED event carry the pool info of the Abort call', async () => {
    const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)), {
      abort: async (tCtx) => {
        await tCtx.resourceManager().allocateResource('api', 'cleanup-token', {});
        await tCtx.eventsRecorder().recordRaw(phaseInfoRunning(3));
      },
    });
    const { ex, id } = await runOne(p);
    await steps(ex, 1);
    ex.abort(id);
    await ex.runUntil({ maxRounds: 10 });
    const abort = calls(ex).find((r) => r.call === 'abort')!;
    assert.equal(abort.events.length, 2);
    for (const e of abort.events)
      assert.deepEqual(
        e.resourcePoolInfo?.map((r) => r.namespace),
        ['api'],
      );
  });

  it('a token allocated twice in a round is one pool entry with the last namespace (Go resourcemanager.go Proxy.AllocateResource: a map by token)', async () => {
    const p = testPlugin('p', async (tCtx) => {
      const rm = tCtx.resourceManager();
      await rm.allocateResource('first', 'same-token', {});
      await rm.allocateResource('other', 'another-token', {});
      await rm.allocateResource('second', 'same-token', {});
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p);
    await steps(ex, 1);
    const [transition] = calls(ex)[0]!.events;
    assert.deepEqual(transition!.resourcePoolInfo, [
      { namespace: 'second', allocationToken: 'same-token' },
      { namespace: 'other', allocationToken: 'another-token' },
    ]);
  });
});
