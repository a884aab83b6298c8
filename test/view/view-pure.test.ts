import assert from 'node:assert/strict';
import { diffJson, diffLines, stableJson, SHORTCUTS, keyAction } from '@plugbench/view';
import { formatOffset, ticks } from '../../view/src/scale';

describe('view: pure parts', () => {
  it('diffs JSON by lines with keys sorted, so key order is not a change', () => {
    assert.deepEqual(diffJson({ b: 1, a: 2 }, { a: 2, b: 1 }).filter((l) => l.op !== ' '), []);
    const d = diffJson({ phase: 'Running', n: 1, keep: true }, { phase: 'Success', n: 1, keep: true });
    assert.deepEqual(
      d.filter((l) => l.op !== ' '),
      [
        { op: '-', text: '  "phase": "Running"' },
        { op: '+', text: '  "phase": "Success"' },
      ],
    );
    assert.deepEqual(diffJson(undefined, { a: 1 })[0], { op: '-', text: '(none)' });
    assert.equal(stableJson({ z: [1, { y: 2, x: 1 }] }), '{\n  "z": [\n    1,\n    {\n      "x": 1,\n      "y": 2\n    }\n  ]\n}');
  });

  it('line diff keeps every line of both sides, in order', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f'];
    const b = ['a', 'x', 'c', 'd', 'y', 'f', 'g'];
    const d = diffLines(a.join('\n'), b.join('\n'));
    assert.deepEqual(d.filter((l) => l.op !== '+').map((l) => l.text), a);
    assert.deepEqual(d.filter((l) => l.op !== '-').map((l) => l.text), b);
    assert.equal(d.filter((l) => l.op !== ' ').length, 5);
    assert.deepEqual(diffLines('', ''), [{ op: ' ', text: '' }]);
  });

  it('maps keys to actions, and leaves typing and modified keys alone', () => {
    assert.equal(keyAction({ key: 'ArrowRight' }), 'step');
    assert.equal(keyAction({ key: 'n' }), 'nextEvent');
    assert.equal(keyAction({ key: 'N' }), 'previousEvent');
    assert.equal(keyAction({ key: 'End' }), 'runToEnd');
    assert.equal(keyAction({ key: 'n', ctrlKey: true }), undefined);
    assert.equal(keyAction({ key: 'n', target: { tagName: 'TEXTAREA' } as unknown as EventTarget }), undefined);
    // A focused slider handles arrows itself, but letters still work there.
    assert.equal(keyAction({ key: 'ArrowRight', target: { tagName: 'INPUT', type: 'range' } as unknown as EventTarget }), undefined);
    assert.equal(keyAction({ key: 'n', target: { tagName: 'INPUT', type: 'range' } as unknown as EventTarget }), 'nextEvent');
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    assert.equal(new Set(keys).size, keys.length, 'no key bound twice');
  });

  it('formats virtual offsets and picks round ticks', () => {
    assert.deepEqual([850, 12_500, 185_000, 3_725_000].map(formatOffset), ['850ms', '12.5s', '3m05s', '1h02m']);
    assert.deepEqual(ticks(0, 1000, 500, 100), [0, 200, 400, 600, 800, 1000]);
    assert.deepEqual(ticks(3, 9, 600, 100), [3, 4, 5, 6, 7, 8, 9]);
  });
});
