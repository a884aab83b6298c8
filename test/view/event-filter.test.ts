// The event list's filter: by task, by kind and by text, over a synthetic run that has every kind of round, and
// kept up to date as a live run appends rounds. Expectations are computed from the records, not written down.
import assert from 'node:assert/strict';
import { TimelineModel, type CallRecord, type TimelineRecord } from '@plugbench/sdk/timeline';
import {
  FilteredRounds,
  NO_FILTER,
  RoundKind,
  isFiltering,
  isOfKind,
  type RoundFilter,
} from '../../view/src/event-filter';
import { syntheticTimeline } from '../support/synthetic-timeline';

const records = syntheticTimeline({ tasks: 16, seed: 4 });
const calls = records.filter((r): r is CallRecord => r.kind === 'call');

/** The indices of the calls that pass `keep`, straight from the records. */
function expected(keep: (c: CallRecord, i: number) => boolean): number[] {
  return calls.flatMap((c, i) => (keep(c, i) ? [i] : []));
}

function rowsOf(filter: RoundFilter, model = TimelineModel.from(records)): number[] {
  const f = new FilteredRounds();
  f.setFilter(filter);
  f.update(model);
  return [...f.rows];
}

/** A lane's plugin phase changed at call i: the previous call of the same task attempt had another phase. */
function phaseChanged(i: number): boolean {
  const c = calls[i]!;
  for (let j = i - 1; j >= 0; j--) {
    const p = calls[j]!;
    if (p.task === c.task && p.attempt === c.attempt) return p.pluginPhase.phase !== c.pluginPhase.phase;
  }
  return true;
}

describe('view: event list filter', () => {
  it('keeps every round without a filter', () => {
    assert.deepEqual(
      rowsOf(NO_FILTER),
      expected(() => true),
    );
    assert.equal(isFiltering(NO_FILTER), false);
    assert.equal(isFiltering({ ...NO_FILTER, text: '  ' }), false, 'blank text does not narrow');
  });

  it('narrows by kind: events, phase changes, round errors, retries, resource waits', () => {
    const cases: [RoundFilter['kind'], (c: CallRecord, i: number) => boolean][] = [
      [RoundKind.Events, (c) => c.events.length > 0],
      [RoundKind.PhaseChanges, (_c, i) => phaseChanged(i)],
      [RoundKind.RoundErrors, (c) => c.decision?.code === 'round-error' || c.error !== undefined],
      [RoundKind.Retries, (c) => c.decision?.code === 'retry'],
      [
        RoundKind.ResourceWaits,
        (c) => c.resources.some((r) => r.status === 'ResourceExhausted' || r.status === 'NamespaceQuotaExceeded'),
      ],
    ];
    for (const [kind, keep] of cases) {
      const want = expected(keep);
      assert.ok(want.length > 0 && want.length < calls.length, `the synthetic run has some ${kind}, not only`);
      assert.deepEqual(rowsOf({ ...NO_FILTER, kind }), want, kind);
    }
  });

  it('narrows by task, and by task and kind together', () => {
    const task = calls[calls.length - 1]!.task;
    assert.deepEqual(
      rowsOf({ ...NO_FILTER, task }),
      expected((c) => c.task === task),
    );
    assert.deepEqual(
      rowsOf({ ...NO_FILTER, task, kind: RoundKind.Events }),
      expected((c) => c.task === task && c.events.length > 0),
    );
    assert.deepEqual(rowsOf({ ...NO_FILTER, task: 'no-such-task' }), []);
  });

  it('narrows by text, ignoring case, over what the row shows', () => {
    const error = calls.find((c) => c.decision?.code === 'round-error')!.decision!.message;
    const word = error.split(/\s+/).find((w) => w.length > 4)!;
    const byError = rowsOf({ ...NO_FILTER, text: word.toUpperCase() });
    assert.ok(byError.length > 0);
    for (const i of byError)
      assert.ok(JSON.stringify(calls[i]).toLowerCase().includes(word.toLowerCase()), `row ${i} mentions ${word}`);
    // The task round as the row writes it, and the run round.
    const c = calls[10]!;
    assert.ok(rowsOf({ ...NO_FILTER, text: `${c.task} round ${c.round}` }).includes(10));
    assert.ok(rowsOf({ ...NO_FILTER, text: 'run round 11' }).includes(10));
    // An event phase.
    assert.deepEqual(
      rowsOf({ ...NO_FILTER, text: 'succeeded v' }),
      expected((x) => x.events.some((e) => e.phase === 'SUCCEEDED')),
    );
  });

  it('follows a live run: appended rounds are filtered as they come, without starting over', () => {
    const model = new TimelineModel();
    const f = new FilteredRounds();
    f.setFilter({ ...NO_FILTER, kind: RoundKind.Events });
    const half = Math.floor(records.length / 2);
    model.appendAll(records.slice(0, half));
    assert.equal(f.update(model), true);
    const first = f.rows.length;
    assert.equal(f.update(model), false, 'nothing new, nothing changed');
    model.appendAll(records.slice(half));
    assert.equal(f.update(model), true);
    assert.ok(f.rows.length > first);
    assert.deepEqual(
      f.rows,
      expected((c) => c.events.length > 0),
    );
  });

  it('starts over for another model (a reload with fewer rounds) and for another filter', () => {
    const f = new FilteredRounds();
    f.update(TimelineModel.from(records));
    const fewer: TimelineRecord[] = [];
    let n = 0;
    for (const r of records) {
      if (r.kind === 'call' && ++n > 20) break;
      fewer.push(r);
    }
    assert.equal(f.update(TimelineModel.from(fewer)), true);
    assert.deepEqual(
      f.rows,
      expected((_c, i) => i < 20),
    );
    f.setFilter({ ...NO_FILTER, kind: RoundKind.Retries });
    const m = TimelineModel.from(records);
    assert.equal(f.update(m), true);
    assert.deepEqual(
      f.rows,
      expected((c) => c.decision?.code === 'retry'),
    );
    assert.equal(isOfKind(m, f.rows[0]!, RoundKind.Retries), true);
  });
});
