// @plugbench/sdk/random: seeded names and ids. Go's k8s.io/apimachinery/pkg/util/rand String draws from
// "bcdfghjklmnpqrstvwxz2456789"; here the draws come from a seed, so two runs agree.
import assert from 'node:assert/strict';
import { K8sAlphanums, newSeededRandom, randomForTask, seedOf } from '@plugbench/sdk/random';

const ctxOf = (name: string) => ({
  taskExecutionMetadata: () => ({ getTaskExecutionID: () => ({ getGeneratedName: () => name }) }),
});

describe('sdk/random: seeded names and ids', () => {
  it('the same seed gives the same sequence; another seed another one', () => {
    const a = newSeededRandom(42);
    const b = newSeededRandom(42);
    const xs = [a.string(12), a.uuid(), a.intn(1000)];
    assert.deepEqual([b.string(12), b.uuid(), b.intn(1000)], xs);
    assert.notDeepEqual([newSeededRandom(43).string(12)], [xs[0]]);
  });

  it("strings use k8s' alphabet unless told otherwise; uuids are version 4", () => {
    const r = newSeededRandom('s');
    const s = r.string(200);
    assert.equal(s.length, 200);
    assert.ok([...s].every((c) => K8sAlphanums.includes(c)));
    assert.match(r.string(10, 'ab'), /^[ab]{10}$/);
    for (let i = 0; i < 20; i++)
      assert.match(r.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.throws(() => r.intn(0), /invalid argument/);
  });

  it('intn covers [0, n) evenly enough', () => {
    const r = newSeededRandom(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[r.intn(4)]!++;
    for (const c of counts) assert.ok(c > 800 && c < 1200, String(counts));
  });

  it('randomForTask: stable for an attempt (its generated name), independent with a salt', () => {
    assert.equal(randomForTask(ctxOf('f1-n0-0')).string(8), randomForTask(ctxOf('f1-n0-0')).string(8));
    assert.notEqual(randomForTask(ctxOf('f1-n0-0')).string(8), randomForTask(ctxOf('f1-n0-1')).string(8));
    assert.notEqual(randomForTask(ctxOf('f1-n0-0'), 'x').string(8), randomForTask(ctxOf('f1-n0-0')).string(8));
    assert.equal(seedOf(''), 0x811c9dc5);
  });
});
