// The in-memory data store: references, sizes, copies, protobuf blobs.
import assert from 'node:assert/strict';
import {
  NotFoundError,
  LiteralMapSchema,
  constructReference,
  InMemoryDataStore,
  protobufSize,
  readProtobuf,
  writeProtobuf,
} from '@plugbench/sdk';
import { defined } from '../../../support/defined';
import { primitiveLiterals } from '../../../support/literals';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('services: InMemoryDataStore', () => {
  it('constructReference joins keys to the path and cleans it, as Go URLPathConstructor does', () => {
    assert.equal(constructReference('mem://bucket', 'a', 'b.pb'), 'mem://bucket/a/b.pb');
    assert.equal(constructReference('mem://bucket/base/', 'x'), 'mem://bucket/base/x');
    assert.equal(constructReference('mem://bucket/a//b/../c', 'd'), 'mem://bucket/a/c/d');
    assert.equal(constructReference('mem://bucket/a', 'b/', './c'), 'mem://bucket/a/b/c');
    assert.equal(constructReference('mem://bucket/a'), 'mem://bucket/a', 'no keys: unchanged');
    assert.equal(constructReference('/sandbox/', 'x'), '/sandbox/x', 'a plain path');
    assert.equal(new InMemoryDataStore().constructReference('s3://b/p', 'q'), 's3://b/p/q');
  });

  it('head gives existence and size in bytes; readRaw rejects with NotFoundError when absent', async () => {
    const store = new InMemoryDataStore();
    assert.deepEqual(await store.head('mem://b/x'), { exists: false, size: 0 });
    await assert.rejects(store.readRaw('mem://b/x'), NotFoundError);
    await store.writeRaw('mem://b/x', bytes(1, 2, 3));
    assert.deepEqual(await store.head('mem://b/x'), { exists: true, size: 3 });
    assert.deepEqual(await store.readRaw('mem://b/x'), bytes(1, 2, 3));
    await store.writeRaw('mem://b/x', bytes());
    assert.deepEqual(await store.head('mem://b/x'), { exists: true, size: 0 }, 'an empty blob exists');
    await store.delete('mem://b/x');
    await store.delete('mem://b/x');
    assert.equal((await store.head('mem://b/x')).exists, false);
  });

  it('copies bytes in and out', async () => {
    const store = new InMemoryDataStore();
    const data = bytes(1, 2);
    await store.writeRaw('mem://b/x', data);
    data[0] = 9;
    const read = await store.readRaw('mem://b/x');
    read[1] = 9;
    assert.deepEqual(await store.readRaw('mem://b/x'), bytes(1, 2));
  });

  it('list and snapshot are sorted, with sizes', async () => {
    const store = new InMemoryDataStore();
    await store.writeRaw('mem://b/z', bytes(1));
    await store.writeRaw('mem://b/a/2', bytes(1, 2));
    await store.writeRaw('mem://c/a', bytes());
    assert.deepEqual(store.list('mem://b/'), ['mem://b/a/2', 'mem://b/z']);
    assert.deepEqual(store.snapshot(), [
      { ref: 'mem://b/a/2', size: 2 },
      { ref: 'mem://b/z', size: 1 },
      { ref: 'mem://c/a', size: 0 },
    ]);
  });

  it('readProtobuf and writeProtobuf round-trip a message; the blob size is its binary size', async () => {
    const store = new InMemoryDataStore();
    const map = primitiveLiterals({ x: 42n });
    await writeProtobuf(store, 'mem://b/outputs.pb', LiteralMapSchema, map);
    const back = await readProtobuf(store, 'mem://b/outputs.pb', LiteralMapSchema);
    assert.equal(defined(back.literals.x, 'literal x').value.case, 'scalar');
    assert.equal((await store.head('mem://b/outputs.pb')).size, protobufSize(LiteralMapSchema, map));
    await assert.rejects(readProtobuf(store, 'mem://b/none.pb', LiteralMapSchema), NotFoundError);
  });
});
