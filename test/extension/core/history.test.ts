// The short run history.
import assert from 'node:assert/strict';
import { describeEntry, RunHistory, type MementoLike } from '../../../extension/src/core/history';

describe('run history', () => {
  function memento(): MementoLike & { data: Map<string, unknown> } {
    const data = new Map<string, unknown>();
    return {
      data,
      get: <T>(k: string) => data.get(k) as T,
      update: async (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))),
    };
  }
  it('keeps the last `limit`, newest first, and survives a reload (a run left running counts as stopped)', () => {
    const m = memento();
    const h = new RunHistory(m, 10);
    for (let i = 0; i < 12; i++) {
      const e = h.start({ kind: 'run', fixture: `/w/f${i}.fixture.yaml`, label: `f${i}.fixture.yaml` }, 1000 * i);
      if (i < 11) h.finish(e, 'finished', 'ok', i, 1000 * i + 5);
    }
    assert.equal(h.entries.length, 10);
    assert.equal(h.last?.label, 'f11.fixture.yaml');
    assert.equal(h.last?.outcome, 'running');
    const again = new RunHistory(m, 10);
    assert.deepEqual(again.entries.map((e) => e.label).slice(0, 3), [
      'f11.fixture.yaml',
      'f10.fixture.yaml',
      'f9.fixture.yaml',
    ]);
    assert.equal(again.last?.outcome, 'stopped');
    const next = again.start({ kind: 'test', fixture: '/w/x', label: 'x' });
    assert.equal(next.id, 13);
  });
  it('ignores saved entries that are not entries', () => {
    const m = memento();
    m.data.set('plugbench.runHistory', [
      { id: 1 },
      'x',
      { id: 2, fixture: '/f', label: 'f', startedAt: 1, outcome: 'passed', kind: 'test' },
    ]);
    assert.equal(new RunHistory(m).entries.length, 1);
  });
  it('describes an entry for the picker', () => {
    const d = describeEntry({
      id: 1,
      kind: 'test',
      fixture: '/w/a',
      label: 'a.fixture.yaml',
      task: 't',
      startedAt: 0,
      outcome: 'failed',
      rounds: 3,
      detail: '1 failed',
    });
    assert.equal(d.label, '$(error) test a.fixture.yaml › t');
    assert.match(d.description, /^failed · 3 run rounds · /);
    assert.equal(d.detail, '1 failed');
  });
});
