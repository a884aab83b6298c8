// The in-memory catalog: hits and misses by identifier, cache version, interface and inputs.
import assert from 'node:assert/strict';
import {
  type CatalogKey,
  create,
  LiteralMapSchema,
  type LiteralMap,
  catalogKeyString,
  InMemoryCatalog,
} from '@plugbench/sdk';
import { defined } from '../../../support/defined';

function ints(values: Record<string, number>): LiteralMap {
  const literals: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    literals[k] = {
      value: {
        case: 'scalar',
        value: { value: { case: 'primitive', value: { value: { case: 'integer', value: BigInt(v) } } } },
      },
    };
  }
  return create(LiteralMapSchema, { literals } as never);
}
const key = (inputs: LiteralMap, over: Partial<CatalogKey> = {}): CatalogKey => ({
  identifier: 'p/d/my_task/v1',
  cacheVersion: '1.0',
  inputs,
  ...over,
});

describe('services: InMemoryCatalog', () => {
  it('a miss, then after upload a hit with the outputs', async () => {
    const catalog = new InMemoryCatalog();
    const miss = defined((await catalog.download({ key: key(ints({ a: 1 })) }))[0], 'a result');
    assert.equal(miss.cached, false);
    assert.equal(miss.outputs, undefined);
    await catalog.upload({ key: key(ints({ a: 1 })), outputs: ints({ o: 2 }) });
    const hit = defined((await catalog.download({ key: key(ints({ a: 1 })) }))[0], 'a result');
    assert.equal(hit.cached, true);
    assert.deepEqual(Object.keys(hit.outputs!.literals), ['o']);
    assert.deepEqual(catalog.stats(), { hits: 1, misses: 1, uploads: 1 });
  });

  it('different inputs, cache version, identifier or interface miss', async () => {
    const catalog = new InMemoryCatalog();
    await catalog.upload({ key: key(ints({ a: 1 })), outputs: ints({ o: 2 }) });
    const results = await catalog.download(
      { key: key(ints({ a: 2 })) },
      { key: key(ints({ a: 1 }), { cacheVersion: '2.0' }) },
      { key: key(ints({ a: 1 }), { identifier: 'p/d/my_task/v2' }) },
      {
        key: key(ints({ a: 1 }), { typedInterface: { outputs: { variables: { o: { description: 'x' } } } } as never }),
      },
      { key: key(ints({ a: 1 })) },
    );
    assert.deepEqual(
      results.map((r) => r.cached),
      [false, false, false, false, true],
    );
  });

  it('the key does not depend on the order inputs were put in the map', async () => {
    const ab = ints({ a: 1, b: 2 });
    const ba = ints({ b: 2, a: 1 });
    assert.deepEqual(Object.keys(ba.literals), ['b', 'a']);
    assert.equal(catalogKeyString(key(ab)), catalogKeyString(key(ba)));
    const catalog = new InMemoryCatalog();
    await catalog.upload({ key: key(ab), outputs: ints({ o: 1 }) });
    assert.equal(defined((await catalog.download({ key: key(ba) }))[0], 'a result').cached, true);
  });

  it('the first upload of a key wins, and outputs are copied in and out', async () => {
    const catalog = new InMemoryCatalog();
    const outputs = ints({ o: 1 });
    await catalog.upload({ key: key(ints({ a: 1 })), outputs });
    await catalog.upload({ key: key(ints({ a: 1 })), outputs: ints({ other: 9 }) });
    delete outputs.literals.o;
    const hit = defined((await catalog.download({ key: key(ints({ a: 1 })) }))[0], 'a result');
    assert.deepEqual(Object.keys(hit.outputs!.literals), ['o']);
    delete hit.outputs!.literals.o;
    const again = defined((await catalog.download({ key: key(ints({ a: 1 })) }))[0], 'a result');
    assert.deepEqual(Object.keys(again.outputs!.literals), ['o']);
    assert.equal(catalog.size, 1);
  });
});
