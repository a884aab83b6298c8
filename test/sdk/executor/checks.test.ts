// The contract checks (issue 3; the idempotency the API document asks of Handle): `replayHandle` calls Handle a
// second time on the same persisted state and says whether it returned the same transition; `repeatCleanup` calls
// Abort and Finalize twice and says whether the second call failed. Neither changes what the run does.
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  create,
  doTransition,
  TaskLogSchema,
  now,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
} from '@plugbench/sdk';
import { TimelineModel } from '@plugbench/sdk/timeline';
import { calls, entryOf, handles, runOne, sentEvents, steps, testPlugin } from '../../support/plugins';

describe('executor: contract checks', () => {
  describe('replayHandle', () => {
    it('an idempotent Handle (a function of its state) replays the same', async () => {
      const p = testPlugin('p', (tCtx) => {
        const n = (tCtx.pluginStateReader().get<number>().value ?? 0) + 1;
        tCtx.pluginStateWriter().put(1, n);
        return doTransition(n > 3 ? phaseInfoSuccess() : phaseInfoRunning(n));
      });
      const { ex, id } = await runOne(p, { checks: { replayHandle: true } });
      await ex.runUntil({ maxRounds: 20 });
      assert.equal(p.count('handle'), 8, 'Handle is called twice per round');
      assert.ok(handles(ex).every((r) => r.replay?.same === true));
      assert.equal(ex.task(id).nodePhase, 'Succeeded');
    });

    it('a Handle that is not idempotent is detected; the replay changes nothing of the round', async () => {
      let calls = 0; // outside the state: a second call sees a different world
      const p = testPlugin('p', async (tCtx) => {
        calls++;
        tCtx.pluginStateWriter().put(1, { calls });
        await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(now(), 50 + calls, 'raw'));
        return doTransition(phaseInfoRunning(calls));
      });
      const { ex, id } = await runOne(p, { checks: { replayHandle: true } });
      await steps(ex, 1);
      const r = handles(ex)[0]!;
      assert.equal(r.replay?.same, false);
      assert.equal(r.transition?.version, 1);
      assert.equal(r.replay?.transition?.version, 2);
      // What persisted and went out is the first call's.
      assert.deepEqual(ex.task(id).state.value, { calls: 1 });
      assert.deepEqual(sentEvents(ex), ['QUEUED:51', 'RUNNING:1']);
    });

    it('a replay that throws is reported, and the round stands', async () => {
      const p = testPlugin('p', (_t, n) => {
        if (n % 2 === 0) throw new Error('second call fails');
        return doTransition(phaseInfoRunning(1));
      });
      const { ex } = await runOne(p, { checks: { replayHandle: true } });
      await steps(ex, 1);
      const r = handles(ex)[0]!;
      assert.equal(r.replay?.same, false);
      assert.match(r.replay?.error?.message ?? '', /second call fails/);
      assert.equal(r.decision?.code, 'event');
    });

    it('off by default: one Handle per round, no replay in the record', async () => {
      const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)));
      const { ex } = await runOne(p);
      await steps(ex, 2);
      assert.equal(p.count('handle'), 2);
      assert.ok(handles(ex).every((r) => r.replay === undefined));
    });
  });

  describe('repeatCleanup', () => {
    it('an Abort or Finalize that fails when called twice is detected; the round stands', async () => {
      const released = new Set<string>();
      const p = testPlugin('p', () => doTransition(phaseInfoRunning(1)), {
        abort: (_t, n) => {
          if (n === 2) throw new Error('already aborted');
        },
        finalize: (tCtx) => {
          const name = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
          if (released.has(name)) throw new Error(`token ${name} already released`);
          released.add(name);
        },
      });
      const { ex, id } = await runOne(p, { checks: { repeatCleanup: true } });
      await steps(ex, 1);
      ex.abort(id, 'stop');
      await ex.runUntil({ maxRounds: 5 });
      assert.equal(p.count('abort'), 2);
      assert.equal(p.count('finalize'), 2);
      const [abort, finalize] = calls(ex).filter((r) => r.call !== 'handle');
      assert.equal(abort!.repeat?.ok, false);
      assert.match(abort!.repeat?.error?.message ?? '', /already aborted/);
      assert.equal(finalize!.repeat?.ok, false);
      assert.match(finalize!.repeat?.error?.message ?? '', /already released/);
      assert.equal(abort!.error, undefined);
      assert.equal(ex.task(id).nodePhase, 'Aborted');
    });

    it('idempotent Abort and Finalize pass', async () => {
      const p = testPlugin('p', () => doTransition(phaseInfoSuccess()));
      const { ex } = await runOne(p, { checks: { repeatCleanup: true } });
      await ex.runUntil({ maxRounds: 5 });
      const fin = calls(ex).find((r) => r.call === 'finalize')!;
      assert.deepEqual(fin.repeat, { ok: true });
      assert.equal(p.count('finalize'), 2);
    });

    it('off by default: Finalize once, no repeat in the record', async () => {
      const p = testPlugin('p', () => doTransition(phaseInfoSuccess()));
      const { ex } = await runOne(p);
      await ex.runUntil({ maxRounds: 5 });
      assert.equal(p.count('finalize'), 1);
      assert.equal(calls(ex).find((r) => r.call === 'finalize')!.repeat, undefined);
    });
  });

  describe('the checks neither miss nor invent', () => {
    // Flyte may run Handle again on the same persisted state whenever a round is lost (flytepropeller
    // pkg/controller/nodes/task/handler.go Handle: nothing of a failed round persists), so the second call sees the
    // world the first left: what it returns must be the same transition, task info included.
    it('a Handle that submits a second external job (a new id in its log link) is detected: the task info is compared too', async () => {
      const jobs: string[] = [];
      const p = testPlugin('p', (tCtx) => {
        jobs.push(`job-${jobs.length + 1}`); // the remote system creates a job on every call
        tCtx.pluginStateWriter().put(1, { job: jobs.at(-1) });
        return doTransition(
          phaseInfoRunning(0, {
            occurredAt: now(),
            logs: [create(TaskLogSchema, { name: 'job', uri: `remote://${jobs.at(-1)}` })],
          }),
        );
      });
      const { ex } = await runOne(p, { checks: { replayHandle: true } });
      await steps(ex, 1);
      const r = handles(ex)[0]!;
      assert.deepEqual(
        [r.transition?.phase, r.transition?.version],
        [r.replay?.transition?.phase, r.replay?.transition?.version],
        'phase and version agree',
      );
      assert.equal(r.replay?.same, false, 'the log links differ');
      assert.deepEqual(r.replay?.transition?.info?.logs, [{ name: 'job', uri: 'remote://job-2' }]);
    });

    it('times are not compared: occurredAt from the wall clock differs between the calls, and the replay is the same', async () => {
      let wall = 1000;
      const p = testPlugin('p', () => doTransition(phaseInfoRunning(1, { occurredAt: new Date(wall++) })));
      const { ex } = await runOne(p, { checks: { replayHandle: true } });
      await steps(ex, 1);
      assert.equal(handles(ex)[0]!.replay?.same, true);
    });

    it("the replay runs under the round's faults: an injected resource-status is not blamed on the plugin", async () => {
      const p = testPlugin('p', async (tCtx) => {
        const status = await tCtx.resourceManager().allocateResource('pool', 'tok', {});
        return doTransition(
          status === AllocationStatus.Granted
            ? phaseInfoRunning(1)
            : phaseInfoWaitingForResources(now(), 0, 'no token'),
        );
      });
      const { ex } = await runOne(p, {
        checks: { replayHandle: true },
        faults: [{ kind: 'resource-status', status: AllocationStatus.Exhausted, round: 1 }],
      });
      await steps(ex, 1);
      const r = handles(ex)[0]!;
      assert.equal(r.transition?.phase, 'WaitingForResources');
      assert.equal(r.replay?.same, true);
      assert.deepEqual(r.faults, ['resource-status'], 'the replay does not add to the faults that fired');
    });

    it("the replay's console output is captured like any call's, not printed", async () => {
      const p = testPlugin('p', (_t, n) => {
        console.log(`handle call ${n}`);
        return doTransition(phaseInfoRunning(1));
      });
      const { ex } = await runOne(p, { checks: { replayHandle: true } });
      await steps(ex, 1);
      const r = handles(ex)[0]!;
      assert.deepEqual(r.logs, [{ level: 'info', message: 'handle call 1' }]);
      assert.deepEqual(r.replay?.logs, [{ level: 'info', message: 'handle call 2' }]);
    });

    it("the second Finalize of repeatCleanup is the check's: its release is not one of the run's in the pool summary", async () => {
      const p = testPlugin(
        'p',
        async (tCtx) => {
          await tCtx
            .resourceManager()
            .allocateResource('pool', tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName(), {});
          return doTransition(phaseInfoSuccess());
        },
        {
          finalize: (tCtx) =>
            tCtx
              .resourceManager()
              .releaseResource('pool', tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName()),
        },
      );
      const entry = entryOf(p, { load: (iCtx) => iCtx.resourceRegistrar().registerResourceQuota('pool', 2) });
      const { ex } = await runOne(entry, { checks: { repeatCleanup: true }, resourceManager: { type: 'redis' } });
      await ex.runUntil({ maxRounds: 10 });
      assert.equal(p.count('finalize'), 2, 'Finalize was called twice');
      const fin = calls(ex).find((r) => r.call === 'finalize')!;
      assert.deepEqual(
        fin.resources.map((r) => r.op),
        ['release'],
      );
      const pool = TimelineModel.from(ex.timeline).pools[0]!;
      assert.deepEqual([pool.grants, pool.releases], [1, 1]);
    });
  });
});
