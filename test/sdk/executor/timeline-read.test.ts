/**
 * Reading the kept timeline fast: `slice` of the executor's view reads the record store in one call, and texts that
 * records read in order repeat (the transition's Go-style text, a decision's message) are built once and reused.
 * Each must give exactly what reading record by record gives, with the texts the contract itself builds.
 */
import assert from 'node:assert/strict';
import { types } from 'node:util';
import fc from 'fast-check';
import {
  doTransition,
  Executor,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  type TimelineRecord,
  type TimelineTransition,
} from '@plugbench/sdk';
import { transitionText } from '../../../sdk/src/executor/record-store/pending';
import { doTransitionType } from '../../../sdk/src/contract/transition';
import { TransitionType } from '../../../sdk/src/contract/transition-type';
import { PhaseInfo } from '../../../sdk/src/contract/phase-info';
import { PHASE_NAMES } from '../../../sdk/src/timeline/phase-names';
import type { Phase } from '../../../sdk/src/contract/phase';
import { entryOf, template, testPlugin } from '../../support/plugins';

/** Tasks in step: each Queued, then Running with a new version each round (its time moving every other), then Success. */
async function runInStep(tasks: number): Promise<Executor> {
  const plugin = testPlugin('step', (tCtx) => {
    const s = tCtx.pluginStateReader().get<{ n: number }>().value?.n ?? 0;
    tCtx.pluginStateWriter().put(1, { n: s + 1 });
    const at = new Date(Date.UTC(2024, 0, 1) + 1000 * Math.floor(s / 2));
    if (s === 0) return doTransition(phaseInfoQueued(at, 0, 'queued'));
    if (s < 6) return doTransition(phaseInfoRunning(s, { occurredAt: at }));
    return doTransition(phaseInfoSuccess({ occurredAt: at }));
  });
  const ex = await Executor.create({ plugins: [entryOf(plugin)] });
  for (let i = 0; i < tasks; i++) ex.start({ id: `t${i}`, template: template('step') });
  await ex.runUntil({ terminal: 'all', maxRounds: 10_000 });
  return ex;
}

const json = (records: readonly TimelineRecord[]): string[] => records.map((r) => JSON.stringify(r));

describe('executor: reading the kept timeline', () => {
  it('slice reads what indexing reads, for every kind of start and end, into a plain new array', async () => {
    const ex = await runInStep(3);
    const view = ex.timeline;
    const one = Array.from({ length: view.length }, (_, i) => view[i]!);
    const n = view.length;
    const bounds = [undefined, 0, 1, 2, n - 1, n, n + 5, -1, -2, -n, -n - 3, 1.7, -1.2, NaN, Infinity, -Infinity, '2'];
    for (const start of bounds)
      for (const end of bounds) {
        const got = view.slice(start as number, end as number);
        assert.ok(Array.isArray(got) && !types.isProxy(got) && Object.getPrototypeOf(got) === Array.prototype);
        assert.deepStrictEqual(json(got), json(one.slice(start as number, end as number)), `slice(${start}, ${end})`);
      }
    const all = view.slice();
    const c = all.findIndex((r) => r.kind === 'call');
    assert.notEqual(all[c], view[c], 'each read makes a call record anew');
    assert.deepStrictEqual(all[c], view[c]);
    assert.deepStrictEqual(
      Array.prototype.slice.call(view, 2, 4).map((r) => JSON.stringify(r)),
      json(one.slice(2, 4)),
    );
    // Borrowed by another array, it slices that array.
    assert.deepStrictEqual(view.slice.call([1, 2, 3] as never, 1), [2, 3]);
    ex.start({ id: 'later', template: template('step') });
    await ex.step();
    assert.ok(view.length > n);
    assert.deepStrictEqual(json(view.slice(n)), json(ex.timeline).slice(n), 'an earlier view slices what came since');
  });

  it('records read in order, out of order and one by one carry the same texts', async () => {
    const ex = await runInStep(5);
    const view = ex.timeline;
    const inOrder = json(view.slice());
    const reversed = Array.from({ length: view.length }, (_, i) => JSON.stringify(view[view.length - 1 - i])).reverse();
    assert.deepStrictEqual(reversed, inOrder);
    const texts = new Set(
      view.flatMap((r) => (r.kind === 'call' && r.transition !== undefined ? [r.transition.text] : [])),
    );
    assert.ok(texts.size > 3, 'the run has several transition texts');
  });

  it("the transition's text is the contract's toString of its fields, however calls repeat or alternate", () => {
    const type = fc.constantFrom<TimelineTransition['type']>('Ephemeral', 'Barrier');
    const phase = fc.constantFrom(...PHASE_NAMES.filter((p) => p !== undefined));
    const fields = fc.record({
      type,
      phase,
      version: fc.integer({ min: 0, max: 3 }),
      reason: fc.constantFrom('', 'r', 'queued'),
      info: fc.oneof(
        fc.constant(undefined),
        fc.constant<{ occurredAt?: number }>({}),
        fc.integer({ min: 0, max: 3 }).map((s) => ({ occurredAt: Date.UTC(2024, 0, 1) + s * 1500 })),
      ),
    });
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 12 }), (calls) => {
        for (const t of calls) {
          const at = t.info?.occurredAt;
          const info = t.info === undefined ? undefined : at === undefined ? {} : { occurredAt: new Date(at) };
          const pi = new PhaseInfo(PHASE_NAMES.indexOf(t.phase) as Phase, t.version, t.reason, info, undefined);
          const tt = t.type === 'Barrier' ? TransitionType.Barrier : TransitionType.Ephemeral;
          assert.equal(transitionText({ ...t, text: '' } as TimelineTransition), doTransitionType(tt, pi).toString());
        }
      }),
      { numRuns: 300 },
    );
  });
});
