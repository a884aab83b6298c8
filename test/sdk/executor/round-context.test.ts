// What a plugin sees of its TaskExecutionContext beyond calling its methods on it, and what runs between rounds.
// Go's propeller builds a fresh context every round (pkg/controller/nodes/task/taskexec_context.go,
// newTaskExecutionContext); its methods are Go methods, so a method value (`r := tCtx.ResourceManager`) works on its
// own. The executor's contexts are fresh every round, and their methods are own properties that work unbound, so a
// plugin may destructure a context, pass a method along, or spread the context into one of its own (as Go embeds it).
import assert from 'node:assert/strict';
import { doTransition, phaseInfoRunning, phaseInfoSuccess, type TaskExecutionContext } from '@plugbench/sdk';
import { runOne, testPlugin } from '../../support/plugins';

const both = [
  { name: 'with the timeline', recordTimeline: true },
  { name: 'without the timeline', recordTimeline: false },
] as const;

describe('executor: the task execution context', () => {
  for (const { name, recordTimeline } of both) {
    describe(name, () => {
      it('methods work unbound: destructured, or taken off the context and called later in the round', async () => {
        const reads: unknown[] = [];
        const p = testPlugin('unbound', (tCtx, n) => {
          const { pluginStateReader, pluginStateWriter } = tCtx;
          const metadata = tCtx.taskExecutionMetadata;
          reads.push(pluginStateReader().get().value);
          pluginStateWriter().put(1, { n });
          assert.equal(
            metadata().getTaskExecutionID().getGeneratedName(),
            tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName(),
          );
          return doTransition(n < 3 ? phaseInfoRunning(n) : phaseInfoSuccess());
        });
        const { ex } = await runOne(p, { recordTimeline });
        await ex.runUntil();
        assert.deepEqual(reads, [undefined, { n: 1 }, { n: 2 }]);
        assert.equal(ex.task('t').nodePhase, 'Succeeded');
      });

      it('a spread context keeps every method: a plugin may wrap it in its own', async () => {
        const keys: string[][] = [];
        const p = testPlugin('spread', (tCtx, n) => {
          const wrapped = { ...tCtx, extra: () => n };
          keys.push(Object.keys(tCtx).sort());
          wrapped.pluginStateWriter().put(1, { n: wrapped.extra() });
          return doTransition(n < 2 ? phaseInfoRunning(n) : phaseInfoSuccess());
        });
        const { ex } = await runOne(p, { recordTimeline });
        await ex.runUntil();
        assert.deepEqual(ex.task('t').state, { version: 1, value: { n: 2 } });
        assert.deepEqual(keys[0], [
          'catalog',
          'dataStore',
          'eventsRecorder',
          'inputReader',
          'maxDatasetSizeBytes',
          'outputWriter',
          'pluginStateReader',
          'pluginStateWriter',
          'resourceManager',
          'secretManager',
          'taskExecutionMetadata',
          'taskReader',
          'taskRefreshIndicator',
        ]);
      });

      it('each round has its own context; one kept past its round still reads its own round and changes nothing', async () => {
        let first: TaskExecutionContext | undefined;
        const p = testPlugin('kept', (tCtx, n) => {
          first ??= tCtx;
          if (n > 1) assert.notEqual(tCtx, first, 'a fresh context every round');
          tCtx.pluginStateWriter().put(1, { n });
          // The first round's context, kept: its reader sees what that round saw; its writer is ignored.
          if (n > 1) {
            assert.equal(first.pluginStateReader().get().value, undefined);
            first.pluginStateWriter().put(1, { n: -1 });
          }
          return doTransition(n < 3 ? phaseInfoRunning(n) : phaseInfoSuccess());
        });
        const { ex } = await runOne(p, { recordTimeline });
        await ex.runUntil();
        assert.deepEqual(ex.task('t').state, { version: 1, value: { n: 3 } });
        assert.equal(first!.pluginStateReader().get().value, undefined);
      });

      it('what a synchronous Handle queued (a promise job) runs before the next round', async () => {
        const jobs: number[] = [];
        const seenBefore: number[][] = [];
        const p = testPlugin('queues', (_tCtx, n) => {
          seenBefore.push([...jobs]);
          void Promise.resolve().then(() => jobs.push(n));
          return doTransition(n < 4 ? phaseInfoRunning(n) : phaseInfoSuccess());
        });
        const { ex } = await runOne(p, { recordTimeline });
        await ex.runUntil();
        assert.deepEqual(seenBefore, [[], [1], [1, 2], [1, 2, 3]]);
      });

      it('what an asynchronous Handle queued, and what that queued in turn, runs before the next round', async () => {
        // The run loop listens to the round's outcome instead of awaiting a promise made for it (run-loop.ts); it
        // still takes one job after the round, as the await did.
        const jobs: string[] = [];
        const seenBefore: string[][] = [];
        const p = testPlugin('queues-async', async (_tCtx, n) => {
          seenBefore.push([...jobs]);
          await Promise.resolve();
          void Promise.resolve().then(() => {
            jobs.push(`${n}`);
            void Promise.resolve().then(() => jobs.push(`${n} then`));
          });
          return doTransition(n < 3 ? phaseInfoRunning(n) : phaseInfoSuccess());
        });
        const { ex } = await runOne(p, { recordTimeline });
        await ex.runUntil();
        assert.deepEqual(seenBefore, [[], ['1', '1 then'], ['1', '1 then', '2', '2 then']]);
      });
    });
  }

  it('maxDatasetSizeBytes follows the executor configuration', async () => {
    const sizes: number[] = [];
    const p = testPlugin('size', (tCtx, n) => {
      sizes.push(tCtx.maxDatasetSizeBytes());
      return doTransition(n < 2 ? phaseInfoRunning(n) : phaseInfoSuccess());
    });
    const { ex } = await runOne(p, { maxOutputSizeBytes: 1234 });
    await ex.runUntil();
    assert.deepEqual(sizes, [1234, 1234]);
  });
});
