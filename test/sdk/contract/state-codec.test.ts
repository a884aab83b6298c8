// The plugin state rule (state-codec.ts): state is JSON checked on put, not gob. A value must come back from the
// store exactly as it went in; anything JSON would drop or change is refused with the JSON path of the first
// offending part.
import assert from 'node:assert/strict';
import { StateSerializationError, assertSerializable, decodeState, encodeState } from '@plugbench/sdk';

function rejects(value: unknown, path: string, message: RegExp): void {
  assert.throws(
    () => encodeState(value),
    (err: unknown) => {
      assert.ok(err instanceof StateSerializationError, String(err));
      assert.equal(err.path, path);
      assert.match(err.message, message);
      assert.ok(err.message.endsWith(` at ${path}`), err.message);
      assert.equal(err.code, 'StateSerialization');
      return true;
    },
  );
  assert.throws(() => assertSerializable(value), StateSerializationError);
}

class Job {
  constructor(public id: string) {}
}

describe('contract: plugin state serialization', () => {
  it('accepts plain data and round-trips it exactly', () => {
    const values: unknown[] = [
      null,
      true,
      false,
      0,
      -1.5,
      Number.MAX_SAFE_INTEGER,
      '',
      'ünïcødé ✓ \u{1F600}',
      [],
      {},
      [1, 'two', null, [3], { four: 4 }],
      { phase: 'submitted', jobId: 'abc-123', attempts: 2, nested: { list: [{ a: 1 }, { b: [true, false] }] } },
      { 'odd key': 1, '': 2, '0': 3, 'a.b': 4 },
      Object.assign(Object.create(null) as object, { bare: 1 }),
    ];
    for (const v of values) {
      assert.doesNotThrow(() => assertSerializable(v), JSON.stringify(v));
      assert.deepEqual(decodeState(encodeState(v)), JSON.parse(JSON.stringify(v)));
      assert.equal(JSON.stringify(decodeState(encodeState(v))), JSON.stringify(v));
    }
  });

  it('accepts the same object twice in one value (not a cycle)', () => {
    const shared = { x: 1 };
    assert.doesNotThrow(() => encodeState({ a: shared, b: shared, list: [shared, shared] }));
  });

  it('rejects undefined, at the top and inside', () => {
    rejects(undefined, '$', /undefined/);
    rejects({ a: 1, b: undefined }, '$.b', /undefined/);
    rejects([1, undefined], '$[1]', /undefined/);
  });

  it('rejects NaN, Infinity and -0', () => {
    rejects(Number.NaN, '$', /NaN/);
    rejects({ x: Infinity }, '$.x', /Infinity/);
    rejects({ x: [-Infinity] }, '$.x[0]', /-Infinity/);
    rejects({ zero: -0 }, '$.zero', /-0/);
  });

  it('rejects bigint, function and symbol values', () => {
    rejects({ n: 10n }, '$.n', /bigint/);
    rejects({ f: () => 1 }, '$.f', /function/);
    rejects({ s: Symbol('s') }, '$.s', /symbol/);
    rejects(() => 1, '$', /function/);
  });

  it('rejects Date, Map, Set, typed arrays, boxed primitives and class instances, naming the class', () => {
    rejects({ at: new Date(0) }, '$.at', /Date/);
    rejects({ m: new Map([[1, 2]]) }, '$.m', /Map/);
    rejects({ s: new Set([1]) }, '$.s', /Set/);
    rejects({ b: new Uint8Array(2) }, '$.b', /Uint8Array/);
    rejects({ n: new Number(1) }, '$.n', /Number/);
    rejects({ job: new Job('x') }, '$.job', /Job/);
    rejects(new Job('x'), '$', /plain data/);
  });

  it('rejects a cycle where it closes', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    rejects(a, '$.self', /cycle/);
    const list: unknown[] = [1];
    list.push({ back: list });
    rejects(list, '$[1].back', /cycle/);
  });

  it('rejects a hole in an array', () => {
    // eslint-disable-next-line no-sparse-arrays
    rejects({ xs: [1, , 3] }, '$.xs[1]', /hole/);
    rejects({ xs: new Array(2) }, '$.xs[0]', /hole/);
  });

  it('rejects symbol keys', () => {
    rejects({ inner: { [Symbol('k')]: 1, ok: 2 } }, '$.inner', /symbol keys/);
  });

  it('rejects properties JSON drops silently: non-enumerable ones, and named properties of an array', () => {
    rejects(
      { inner: Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }) },
      '$.inner.hidden',
      /non-enumerable/,
    );
    rejects(Object.assign([1, 2], { extra: 3 }), '$.extra', /named property of an array/);
    rejects({ xs: Object.assign([], { '4294967295': 'x' }) }, '$.xs["4294967295"]', /named property of an array/);
    rejects([Object.assign([0], { [Symbol('k')]: 1 })], '$[0]', /symbol keys/);
  });

  it('names keys that are not identifiers with bracket notation', () => {
    rejects({ 'odd key': { 'a.b': undefined } }, '$["odd key"]["a.b"]', /undefined/);
    rejects({ list: [{ '0': Number.NaN }] }, '$.list[0]["0"]', /NaN/);
  });

  it('reports the first offending part in key order', () => {
    rejects({ a: { ok: 1 }, b: undefined, c: Number.NaN }, '$.b', /undefined/);
  });
});
