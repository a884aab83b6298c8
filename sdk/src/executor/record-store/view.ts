/**
 * `Executor.timeline`: a read-only array of the kept records, each made when it is read.
 *
 * @module
 */
import type { TimelineRecord } from '../../timeline/types';
import type { RecordStore } from './store';

/** The index a property key names, or `undefined`. */
function indexOf(key: string | symbol): number | undefined {
  if (typeof key !== 'string' || key.length === 0) return undefined;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return undefined;
  const i = Number(key);
  return Number.isInteger(i) && String(i) === key ? i : undefined;
}

/** `Array.prototype.slice`'s index for `x` (a relative index, or `whenUndefined`) in an array of `length`. */
function sliceIndex(x: unknown, length: number, whenUndefined: number): number {
  if (x === undefined) return whenUndefined;
  const n = Math.trunc(+(x as number)) || 0;
  return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
}

const readOnly = (): never => {
  throw new TypeError('the executor timeline is read-only');
};

/**
 * A live, read-only view of `store` that is an array to every reader (`Array.isArray`, indexing, `length`, every
 * array method, spread, `JSON.stringify`, `assert.deepStrictEqual`): a view taken earlier sees the records added
 * since. Reading `view[i]` makes the record anew (an object each read): a reader that reads a record many times keeps
 * its own copy (`[...view]`).
 */
export function timelineView(store: RecordStore): readonly TimelineRecord[] {
  const read = (i: number): TimelineRecord | undefined => (i < store.length ? store.read(i) : undefined);
  // `slice` reads the store in one call: through the traps, each record cost a `has` and a `get` with a key made a
  // string and parsed back. The same records in the same new array; on anything but the view, the array's own.
  const slice = function (this: unknown, start?: number, end?: number): TimelineRecord[] {
    if (this !== view) return Array.prototype.slice.call(this, start, end) as TimelineRecord[];
    const n = store.length;
    const from = sliceIndex(start, n, 0);
    return store.readRange(from, Math.max(from, sliceIndex(end, n, n)));
  };
  const view = new Proxy<TimelineRecord[]>([], {
    get(target, key, receiver) {
      if (key === 'length') return store.length;
      if (key === 'slice') return slice;
      const i = indexOf(key);
      return i === undefined ? Reflect.get(target, key, receiver) : read(i);
    },
    has(target, key) {
      const i = indexOf(key);
      return i === undefined ? Reflect.has(target, key) : i < store.length;
    },
    ownKeys() {
      const keys: string[] = [];
      for (let i = 0; i < store.length; i++) keys.push(String(i));
      keys.push('length');
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length') return { value: store.length, writable: true, enumerable: false, configurable: false };
      const i = indexOf(key);
      if (i === undefined) return Reflect.getOwnPropertyDescriptor(target, key);
      return i < store.length
        ? { value: store.read(i), writable: false, enumerable: true, configurable: true }
        : undefined;
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
    setPrototypeOf: readOnly,
    preventExtensions: readOnly,
  });
  return view;
}
