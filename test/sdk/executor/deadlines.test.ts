// The round timeouts of pending plugin calls on one shared timer (sdk/src/executor/deadlines.ts): each pending call
// expires once, a call that settled never does, and calls of different timeouts each expire at their own. The test
// asserts which deadlines expired and in what order, never how long it took: it waits for a last deadline, due after
// every other, to expire.
import assert from 'node:assert/strict';
import { Deadlines } from '../../../sdk/src/executor/deadlines';

/** Adds a deadline due after every other one of the test, and resolves when it expires. */
function last(d: Deadlines, ms: number, expired: string[]): Promise<void> {
  return new Promise((resolve) =>
    d.add(ms, () => {
      expired.push('last');
      resolve();
    }),
  );
}

describe('executor: deadlines of pending calls', () => {
  it('every pending deadline expires once, in the order they fall due, across timeouts', async () => {
    const d = new Deadlines();
    const expired: string[] = [];
    d.add(40, () => expired.push('a40'));
    d.add(5, () => expired.push('b5'));
    d.add(40, () => expired.push('c40'));
    d.add(20, () => expired.push('d20'));
    await last(d, 80, expired);
    assert.deepEqual(expired, ['b5', 'd20', 'a40', 'c40', 'last']);
  });

  it('a deadline removed before it falls due never expires; those after it still do', async () => {
    const d = new Deadlines();
    const expired: string[] = [];
    const first = d.add(10, () => expired.push('first'));
    const second = d.add(10, () => expired.push('second'));
    d.add(10, () => expired.push('third'));
    d.remove(first);
    d.remove(second);
    d.remove(second);
    await last(d, 30, expired);
    assert.deepEqual(expired, ['third', 'last']);
    // The queue keeps working once it emptied.
    d.add(5, () => expired.push('again'));
    await last(d, 20, expired);
    assert.deepEqual(expired, ['third', 'last', 'again', 'last']);
  });

  it('many calls that settle at once leave nothing to expire', async () => {
    const d = new Deadlines();
    const expired: string[] = [];
    for (let i = 0; i < 500; i++) d.remove(d.add(10, () => expired.push(`call ${i}`)));
    await last(d, 10, expired);
    assert.deepEqual(expired, ['last']);
  });
});
