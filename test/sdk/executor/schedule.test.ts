// The round queue against a sorted list of its live entries: rounds leave in (time, ticket) order, a rescheduled
// task leaves once at its last time, a cancelled one not at all, whatever the heap's shape.
import assert from 'node:assert/strict';
import { newSeededRandom } from '@plugbench/sdk/random';
import { RoundQueue } from '../../../sdk/src/executor/schedule';

interface Item {
  id: number;
  ticket: number;
}

describe('executor: the round queue', () => {
  it('hands out rounds in (time, ticket) order through random schedules, reschedules, cancels and pops', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = newSeededRandom(seed);
      const queue = new RoundQueue<Item>();
      const items = Array.from({ length: 1 + r.intn(3000) }, (_, id) => ({ id, ticket: 0 }));
      // The model: each scheduled item's (time, ticket).
      const live = new Map<Item, { atMs: number; ticket: number }>();
      const first = () =>
        [...live].sort(([, a], [, b]) => a.atMs - b.atMs || a.ticket - b.ticket)[0] as
          [Item, { atMs: number; ticket: number }] | undefined;
      for (let step = 0; step < 4000; step++) {
        const x = r.float();
        const item = items[r.intn(items.length)]!;
        if (x < 0.45) {
          const atMs = r.intn(50);
          queue.schedule(item, atMs, r.float() < 0.2);
          live.set(item, { atMs, ticket: item.ticket });
        } else if (x < 0.5) {
          queue.cancel(item);
          live.delete(item);
          assert.equal(item.ticket, 0);
        } else if (x < 0.6) {
          const want = first();
          const due = queue.peek();
          assert.equal(due?.item, want?.[0], `seed ${seed} step ${step}: peek`);
          assert.equal(due?.atMs, want?.[1].atMs);
        } else {
          const want = first();
          const due = queue.pop();
          assert.equal(due?.item, want?.[0], `seed ${seed} step ${step}: pop`);
          assert.equal(due?.atMs, want?.[1].atMs);
          if (want !== undefined) {
            live.delete(want[0]);
            assert.equal(want[0].ticket, 0, 'a popped item is no longer scheduled');
          }
        }
      }
      for (let want = first(); want !== undefined; want = first()) {
        assert.equal(queue.pop()?.item, want[0], `seed ${seed}: draining`);
        live.delete(want[0]);
      }
      assert.equal(queue.pop(), undefined);
    }
  });

  it('puts a priority round before the others due at the same time, the latest first', () => {
    const queue = new RoundQueue<Item>();
    const [a, b, c] = [0, 1, 2].map((id) => ({ id, ticket: 0 }));
    queue.schedule(a!, 5);
    queue.schedule(b!, 5, true);
    queue.schedule(c!, 5, true);
    assert.deepEqual(
      [queue.pop()?.item.id, queue.pop()?.item.id, queue.pop()?.item.id, queue.pop()],
      [2, 1, 0, undefined],
    );
  });
});
