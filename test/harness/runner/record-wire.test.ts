// The wire encoding of timeline records (harness/src/runner/protocol/record-wire.ts): whatever the runner encodes, the
// host decodes to what JSON would have carried (JSON.parse of JSON.stringify), batch after batch; a batch that does
// not decode fails with a message saying what is wrong with it.
import assert from 'node:assert/strict';
import { RecordBatchError, RecordDecoder, RecordEncoder, type RecordBatch } from '@plugbench/harness/runner';

/** JSON's view of a value. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

/** A small deterministic random source. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** A random JSON-ish value: the kinds of values records hold, and those JSON writes its own way. */
function randomValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 9 : 12));
  const keys = ['a', 'b', 'phase', 'version', 'value', '__proto__', 'x y', ''];
  switch (pick) {
    case 0:
      return Math.floor(next() * 2 ** 40) - 2 ** 39;
    case 1:
      return next() * 1000 - 500;
    case 2:
      return [NaN, Infinity, -Infinity, -0, 2 ** 27, -(2 ** 27), 2 ** 27 - 1, Number.MAX_SAFE_INTEGER][
        Math.floor(next() * 8)
      ];
    case 3:
      return ['Running', 'é\u2028"\\\n', '\ud800', 'x'.repeat(300 + Math.floor(next() * 5))][Math.floor(next() * 4)];
    case 4:
      return next() < 0.5;
    case 5:
      return null;
    case 6:
      return undefined;
    case 7:
      return new Date(Math.floor(next() * 1e12));
    case 8:
      return Math.floor(next() * 100);
    case 9:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i--) {
        const k = keys[Math.floor(next() * keys.length)]!;
        Object.defineProperty(o, k, {
          value: randomValue(next, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return o;
    }
  }
}

describe('record wire encoding', () => {
  it('decodes what JSON would carry, over many batches that share names', () => {
    const next = random(7);
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    for (let batch = 0; batch < 200; batch++) {
      const values = Array.from({ length: Math.floor(next() * 6) }, () => randomValue(next));
      const wire = viaJson(encoder.encode(values)) as RecordBatch;
      assert.deepStrictEqual(decoder.decode(wire), viaJson(values), `batch ${batch}`);
    }
  });

  it('names a shape and a string once for the whole stream', () => {
    const encoder = new RecordEncoder();
    const first = encoder.encode([{ kind: 'call', phase: 'Running' }]);
    const second = encoder.encode([{ kind: 'call', phase: 'Running' }]);
    assert.deepEqual([first.shapes, first.strings], [[['kind', 'phase']], ['call', 'Running']]);
    assert.deepEqual([second.shapes, second.strings, second.fresh], [[], [], false]);
    const decoder = new RecordDecoder();
    decoder.decode(first);
    assert.deepEqual(decoder.decode(second), [{ kind: 'call', phase: 'Running' }]);
  });

  it('starts its names again once it has named very many, and the decoder follows', () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    let fresh = 0;
    for (let b = 0; b < 20; b++) {
      const values = Array.from({ length: 5000 }, (_, i) => ({ [`k${b}-${i % 7}`]: `s${b}-${i}` }));
      const wire = encoder.encode(values);
      if (wire.fresh) fresh++;
      assert.deepStrictEqual(decoder.decode(wire), values);
    }
    assert.ok(fresh >= 2, `the names started again (${fresh} fresh batches)`);
  });

  it('fails a batch that does not decode, saying why', () => {
    const good = new RecordEncoder().encode([{ a: 'x' }, [1.5]]);
    const cases: [string, Partial<RecordBatch>, RegExp][] = [
      ['a string never named', { strings: [] }, /string 0 was never named/],
      ['a shape never named', { shapes: [] }, /shape 0 was never named/],
      [
        'ops cut short',
        { ops: Buffer.from(good.ops, 'base64').subarray(0, 8).toString('base64') },
        /fewer ops than values|end in the middle/,
      ],
      [
        'ops left over',
        { ops: Buffer.concat([Buffer.from(good.ops, 'base64'), Buffer.alloc(4, 7)]).toString('base64') },
        /1 ops left over/,
      ],
      ['floats missing', { floats: '' }, /fewer floats/],
      ['bytes not whole values', { ops: 'AAA=' }, /not a whole number of 4-byte values/],
      ['a key named twice', { shapes: [['a', 'a']] }, /names a key twice/],
    ];
    for (const [what, change, message] of cases) {
      assert.throws(
        () => new RecordDecoder().decode({ ...good, ...change }),
        (e: unknown) =>
          e instanceof RecordBatchError && message.test(e.message) && /record batch is malformed/.test(e.message),
        what,
      );
    }
  });

  it('throws where JSON would: a BigInt', () => {
    assert.throws(() => new RecordEncoder().encode([{ n: 1n }]), /BigInt/);
  });
});
