// The outcome of an asynchronous round (maybe-async.ts Later): what the run loop listens to instead of a promise.
import assert from 'node:assert/strict';
import { Later } from '../../../sdk/src/executor/maybe-async';

describe('executor: the outcome of an asynchronous round (Later)', () => {
  it('calls its listeners once, those registered before it settled and after, and settles only once', () => {
    const later = new Later<number>();
    const seen: string[] = [];
    later.listen(
      (v) => seen.push(`a ${v}`),
      (e) => seen.push(`a failed ${String(e)}`),
    );
    later.listen(
      (v) => seen.push(`b ${v}`),
      () => seen.push('b failed'),
    );
    assert.equal(seen.length, 0);
    later.resolve(1);
    later.resolve(2);
    later.reject(new Error('late'));
    later.listen(
      (v) => seen.push(`c ${v}`),
      () => seen.push('c failed'),
    );
    assert.deepEqual(seen, ['a 1', 'b 1', 'c 1']);
  });

  it('a rejection reaches the failure listeners, and a promise of it rejects', async () => {
    const later = new Later<number>();
    const failed: unknown[] = [];
    later.listen(
      () => assert.fail('not settled with a value'),
      (e) => failed.push(e),
    );
    const error = new Error('round failed');
    later.reject(error);
    assert.deepEqual(failed, [error]);
    await assert.rejects(later.promise(), error);
  });

  it('resolved with a promise, settles with what that promise settles to', async () => {
    const later = new Later<number>();
    later.resolve(Promise.resolve(7));
    assert.equal(await later, 7);
    const failing = new Later<number>();
    failing.resolve(Promise.reject(new Error('no')));
    await assert.rejects(failing.promise(), /no/);
  });

  it('its promise settles in the job that settles it, as the promise it replaces did: no job more', async () => {
    const order: string[] = [];
    const later = new Later<string>();
    let resolveNative!: (v: string) => void;
    const native = new Promise<string>((resolve) => (resolveNative = resolve));
    // Listened to first and settled first: a job more on its side would put it second.
    void later.then((v) => order.push(v));
    void native.then((v) => order.push(v));
    queueMicrotask(() => {
      later.resolve('later');
      resolveNative('native');
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(order, ['later', 'native']);
  });
});
