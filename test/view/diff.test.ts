import assert from 'node:assert/strict';
import { diffJson, diffLines, stableJson } from '@plugbench/view';

describe('view: diff', () => {
  it('diffs JSON by lines with keys sorted, so key order is not a change', () => {
    assert.deepEqual(
      diffJson({ b: 1, a: 2 }, { a: 2, b: 1 }).filter((l) => l.op !== ' '),
      [],
    );
    const d = diffJson({ phase: 'Running', n: 1, keep: true }, { phase: 'Success', n: 1, keep: true });
    assert.deepEqual(
      d.filter((l) => l.op !== ' '),
      [
        { op: '-', text: '  "phase": "Running"' },
        { op: '+', text: '  "phase": "Success"' },
      ],
    );
    assert.deepEqual(diffJson(undefined, { a: 1 })[0], { op: '-', text: '(none)' });
    assert.equal(
      stableJson({ z: [1, { y: 2, x: 1 }] }),
      '{\n  "z": [\n    1,\n    {\n      "x": 1,\n      "y": 2\n    }\n  ]\n}',
    );
  });

  it('line diff keeps every line of both sides, in order', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f'];
    const b = ['a', 'x', 'c', 'd', 'y', 'f', 'g'];
    const d = diffLines(a.join('\n'), b.join('\n'));
    assert.deepEqual(
      d.filter((l) => l.op !== '+').map((l) => l.text),
      a,
    );
    assert.deepEqual(
      d.filter((l) => l.op !== '-').map((l) => l.text),
      b,
    );
    assert.equal(d.filter((l) => l.op !== ' ').length, 5);
    assert.deepEqual(diffLines('', ''), [{ op: ' ', text: '' }]);
  });
});
