// The in-memory catalog: hits and misses by identifier, cache version, interface and inputs.
import assert from 'node:assert/strict';
import { type CatalogKey, type LiteralMap, catalogKeyString, InMemoryCatalog } from '@plugbench/sdk';
import { defined } from '../../../support/defined';
import { primitiveLiterals } from '../../../support/literals';

const key = (inputs: LiteralMap, over: Partial<CatalogKey> = {}): CatalogKey => ({
  identifier: 'p/d/my_task/v1',
  cacheVersion: '1.0',
  inputs,
  ...over,
});

describe('services: InMemoryCatalog', () => {
  it('a miss, then after upload a hit with the outputs', async () => {
    const catalog = new InMemoryCatalog();
    const miss = defined((await catalog.download({ key: key(primitiveLiterals({ a: 1n })) }))[0], 'a result');
    assert.equal(miss.cached, false);
    assert.equal(miss.outputs, undefined);
    await catalog.upload({ key: key(primitiveLiterals({ a: 1n })), outputs: primitiveLiterals({ o: 2n }) });
    const hit = defined((await catalog.download({ key: key(primitiveLiterals({ a: 1n })) }))[0], 'a result');
    assert.equal(hit.cached, true);
    assert.deepEqual(Object.keys(hit.outputs!.literals), ['o']);
    assert.deepEqual(catalog.stats(), { hits: 1, misses: 1, uploads: 1 });
  });

  it('different inputs, cache version, identifier or interface miss', async () => {
    const catalog = new InMemoryCatalog();
    await catalog.upload({ key: key(primitiveLiterals({ a: 1n })), outputs: primitiveLiterals({ o: 2n }) });
    const results = await catalog.download(
      { key: key(primitiveLiterals({ a: 2n })) },
      { key: key(primitiveLiterals({ a: 1n }), { cacheVersion: '2.0' }) },
      { key: key(primitiveLiterals({ a: 1n }), { identifier: 'p/d/my_task/v2' }) },
      {
        key: key(primitiveLiterals({ a: 1n }), {
          typedInterface: { outputs: { variables: { o: { description: 'x' } } } } as never,
        }),
      },
      { key: key(primitiveLiterals({ a: 1n })) },
    );
    assert.deepEqual(
      results.map((r) => r.cached),
      [false, false, false, false, true],
    );
  });

  it('the key does not depend on the order inputs were put in the map', async () => {
    const ab = primitiveLiterals({ a: 1n, b: 2n });
    const ba = primitiveLiterals({ b: 2n, a: 1n });
    assert.deepEqual(Object.keys(ba.literals), ['b', 'a']);
    assert.equal(catalogKeyString(key(ab)), catalogKeyString(key(ba)));
    const catalog = new InMemoryCatalog();
    await catalog.upload({ key: key(ab), outputs: primitiveLiterals({ o: 1n }) });
    assert.equal(defined((await catalog.download({ key: key(ba) }))[0], 'a result').cached, true);
  });

  it('the first upload of a key wins, and outputs are copied in and out', async () => {
    const catalog = new InMemoryCatalog();
    const outputs = primitiveLiterals({ o: 1n });
    await catalog.upload({ key: key(primitiveLiterals({ a: 1n })), outputs });
    await catalog.upload({ key: key(primitiveLiterals({ a: 1n })), outputs: primitiveLiterals({ other: 9n }) });
    delete outputs.literals.o;
    const hit = defined((await catalog.download({ key: key(primitiveLiterals({ a: 1n })) }))[0], 'a result');
    assert.deepEqual(Object.keys(hit.outputs!.literals), ['o']);
    delete hit.outputs!.literals.o;
    const again = defined((await catalog.download({ key: key(primitiveLiterals({ a: 1n })) }))[0], 'a result');
    assert.deepEqual(Object.keys(again.outputs!.literals), ['o']);
    assert.equal(catalog.size, 1);
  });
});
