// When rounds run (FlytePropeller's workqueue and resync): every resync period of virtual time; at once when the plugin
// calls taskRefreshIndicator(), when something calls the setup context's enqueueOwner, or when an owned Kubernetes
// object is updated; right after a round that changed the workflow; streaks of up to max-streak-length rounds; and
// runUntil's stopping rules, which never let a run go on forever.
import assert from 'node:assert/strict';
import {
  doTransition,
  Executor,
  phaseInfoRunning,
  phaseInfoSuccess,
  type EnqueueOwner,
  type KubeObject,
} from '@plugbench/sdk';
import {
  calls,
  entryOf,
  foreverPlugin,
  handles,
  recordsOf,
  runOne,
  steps,
  template,
  testPlugin,
} from '../../support/plugins';

const T0 = Date.UTC(2024, 0, 1);
const times = (ex: Executor, task?: string) => calls(ex, task).map((r) => r.at - T0);

/** Running:1 forever: every round after the first dedups. */
const steady = (id = 'p') => testPlugin(id, () => doTransition(phaseInfoRunning(1)));

describe('executor: scheduling', () => {
  it('a round that changes nothing is followed by the next one a resync period later (virtual time)', async () => {
    const { ex } = await runOne(steady(), { resyncPeriodMs: 7000 });
    await steps(ex, 4);
    // Round 1 changed the workflow (an event), so round 2 comes at once; then every 7 s.
    assert.deepEqual(times(ex), [0, 0, 7000, 14000]);
  });

  it('the default resync period is 10 s (workflow-reeval-duration)', async () => {
    const { ex } = await runOne(steady());
    await steps(ex, 3);
    assert.deepEqual(times(ex), [0, 0, 10000]);
  });

  it('taskRefreshIndicator() schedules a round at once, even when the round changed nothing', async () => {
    const p = testPlugin('p', (tCtx, n) => {
      if (n === 3) tCtx.taskRefreshIndicator()();
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p, { resyncPeriodMs: 5000 });
    await steps(ex, 5);
    assert.deepEqual(times(ex), [0, 0, 5000, 5000, 10000]);
  });

  it('taskRefreshIndicator() called after its round is over schedules nothing (plugbench keeps runs deterministic; Go enqueues whenever it is called)', async () => {
    let late: (() => void) | undefined;
    const p = testPlugin('p', (tCtx) => {
      late ??= tCtx.taskRefreshIndicator();
      return doTransition(phaseInfoRunning(1));
    });
    const { ex } = await runOne(p, { resyncPeriodMs: 5000 });
    await steps(ex, 2);
    late!();
    await steps(ex, 1);
    assert.deepEqual(times(ex), [0, 0, 5000]);
  });

  it("the setup context's enqueueOwner schedules the owner's rounds at once, from inside or outside a round", async () => {
    let enqueue!: EnqueueOwner;
    const p = testPlugin('p', async (_t, n) => {
      if (n === 3) await enqueue({ namespace: 'flytesnacks-development', name: 'wf' });
      return doTransition(phaseInfoRunning(1));
    });
    const entry = entryOf(p, {
      load: (iCtx) => {
        enqueue = iCtx.enqueueOwner();
        assert.equal(iCtx.ownerKind(), 'flyteworkflow');
      },
    });
    const ex = await Executor.create({ plugins: [entry], resyncPeriodMs: 5000 });
    ex.start({ id: 't', template: template('p'), execution: { name: 'wf' } });
    await steps(ex, 4);
    assert.deepEqual(times(ex), [0, 0, 5000, 5000]);
    // From outside, between rounds: the round due at 10 s comes now instead.
    await enqueue({ namespace: 'flytesnacks-development', name: 'wf' });
    await steps(ex, 1);
    assert.deepEqual(times(ex), [0, 0, 5000, 5000, 5000]);
    // An owner nobody knows is ignored (Go: always returns nil).
    await enqueue({ namespace: 'x', name: 'nobody' });
  });

  it("an update of a Kubernetes object labelled with the task's execution id enqueues it (Go k8s PluginManager)", async () => {
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pod-a', namespace: 'ns', labels: { 'execution-id': 'wf' } },
    };
    const { ex } = await runOne(steady(), { resyncPeriodMs: 5000, kubeObjects: [obj] }, { execution: { name: 'wf' } });
    await steps(ex, 3);
    assert.deepEqual(times(ex), [0, 0, 5000]);
    ex.kube.update({ ...obj, metadata: { ...obj.metadata, annotations: { touched: 'yes' } } });
    await steps(ex, 1);
    assert.deepEqual(times(ex), [0, 0, 5000, 5000]);
  });

  it('a task starts at startAtMs', async () => {
    const { ex } = await runOne(steady(), {}, { startAtMs: T0 + 3000 });
    await steps(ex, 1);
    assert.deepEqual(times(ex), [3000]);
  });

  it('tasks due at the same time run first come, first served', async () => {
    const ex = await Executor.create({ plugins: [entryOf(steady())], resyncPeriodMs: 1000 });
    for (const id of ['a', 'b', 'c']) ex.start({ id, template: template('p') });
    await steps(ex, 9);
    assert.deepEqual(
      calls(ex).map((r) => `${r.task}@${r.at - T0}`),
      ['a@0', 'b@0', 'c@0', 'a@0', 'b@0', 'c@0', 'a@1000', 'b@1000', 'c@1000'],
    );
  });

  describe('streaks (max-streak-length)', () => {
    /** Two tasks whose every round changes the workflow, for `rounds` rounds, then Success. */
    async function twoBusyTasks(maxStreakLength: number | undefined) {
      const p = testPlugin('p', (tCtx) => {
        const n = (tCtx.pluginStateReader().get<number>().value ?? 0) + 1;
        tCtx.pluginStateWriter().put(1, n);
        return doTransition(n > 5 ? phaseInfoSuccess() : phaseInfoRunning(n));
      });
      const ex = await Executor.create({
        plugins: [entryOf(p)],
        ...(maxStreakLength !== undefined ? { maxStreakLength } : {}),
      });
      ex.start({ id: 'a', template: template('p') });
      ex.start({ id: 'b', template: template('p') });
      await steps(ex, 8);
      return handles(ex)
        .map((r) => r.task)
        .join('');
    }

    it('off by default: tasks take turns round by round', async () => {
      assert.equal(await twoBusyTasks(undefined), 'abababab');
      assert.equal(await twoBusyTasks(1), 'abababab', 'a streak of 1 is a single round (Go: maxLength <= 0 means 1)');
    });

    it('one pick-up runs up to max-streak-length rounds back to back while each changes the workflow (the first included)', async () => {
      assert.equal(await twoBusyTasks(3), 'aaabbbaa');
      assert.equal(await twoBusyTasks(2), 'aabbaabb');
    });

    it('a streak ends at a round that changes nothing', async () => {
      // a: Running:1, then the same (no change) — its streak ends after 2 rounds though 4 are allowed.
      const a = steady('a');
      const b = testPlugin('b', (_t, n) => doTransition(phaseInfoRunning(n)));
      const ex = await Executor.create({ plugins: [entryOf(a), entryOf(b)], maxStreakLength: 4, resyncPeriodMs: 1000 });
      ex.start({ id: 'a', template: template('a') });
      ex.start({ id: 'b', template: template('b') });
      await steps(ex, 6);
      assert.deepEqual(
        calls(ex).map((r) => `${r.task}@${r.at - T0}`),
        ['a@0', 'a@0', 'b@0', 'b@0', 'b@0', 'b@0'],
      );
    });
  });

  describe('runUntil', () => {
    it('stops at the round cap and never runs forever (a plugin that never finishes)', async function () {
      this.timeout(30_000);
      const { ex, id } = await runOne(foreverPlugin('p'));
      const capped = await ex.runUntil({ maxRounds: 25 });
      assert.deepEqual(capped, { reason: 'round-cap', rounds: 25 });
      assert.equal(ex.task(id).rounds, 25);
      // The default cap is 10000 rounds.
      const started = Date.now();
      assert.deepEqual(await ex.runUntil(), { reason: 'round-cap', rounds: 10000 });
      assert.ok(Date.now() - started < 15000);
      assert.equal(recordsOf(ex, 'run.finished').at(-1)!.reason, 'round-cap');
    });

    it('stops when the targets are terminal, or idle when nothing is left to run', async () => {
      const done = testPlugin('d', () => doTransition(phaseInfoSuccess()));
      const ex = await Executor.create({ plugins: [entryOf(done), entryOf(foreverPlugin('f'))] });
      ex.start({ id: 'd', template: template('d') });
      ex.start({ id: 'f', template: template('f') });
      assert.equal((await ex.runUntil({ terminal: 'd', maxRounds: 50 })).reason, 'terminal');
      assert.equal(ex.task('d').nodePhase, 'Succeeded');
      const empty = await Executor.create({ plugins: [entryOf(done)] });
      assert.equal((await empty.runUntil()).reason, 'idle');
      assert.equal(await empty.step(), undefined);
    });

    it('stops at a phase, after the next event, or before virtual time passes untilMs', async () => {
      const p = testPlugin('p', (_t, n) => doTransition(n < 3 ? phaseInfoRunning(1) : phaseInfoSuccess()));
      const { ex, id } = await runOne(p, { resyncPeriodMs: 1000 });
      assert.deepEqual(await ex.runUntil({ nextEvent: true }), { reason: 'phase', rounds: 1 });
      assert.deepEqual(await ex.runUntil({ untilMs: T0 + 500 }), { reason: 'time-cap', rounds: 1 });
      assert.equal((await ex.runUntil({ phase: { task: id, phase: 'Success' } })).reason, 'phase');
      assert.equal(ex.task(id).pluginPhase, 'Success');
      assert.equal(ex.task(id).nodePhase, 'Succeeding');
    });

    it('step() runs exactly one round', async () => {
      const { ex, id } = await runOne(foreverPlugin('p'));
      const recs = await ex.step();
      assert.equal(recs?.length, 1);
      assert.equal(ex.task(id).rounds, 1);
      assert.equal(ex.rounds, 1);
    });
  });
});
