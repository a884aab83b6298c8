/**
 * The rule for plugin state: a value must come back from the state store exactly as it went in. Flyte stores gob
 * bytes; plugbench stores JSON and refuses what JSON would change, naming the JSON path of the first offending part.
 *
 * @module
 */
import { StateSerializationError } from './errors';

/** A value that survives the state store unchanged. */
export type StateValue = null | boolean | number | string | StateValue[] | { [key: string]: StateValue };

const key = (path: string, k: string) =>
  /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;

/** The keys from the checked value down to the part being checked: array indices and property names. */
type PathKeys = (string | number)[];

/** `$.a[0]["b c"]`: a JSON path, written only when a check fails (the state is checked every round it is written). */
function pathOf(base: string, keys: readonly (string | number)[]): string {
  let p = base;
  for (const k of keys) p = typeof k === 'number' ? `${p}[${k}]` : key(p, k);
  return p;
}

/**
 * Checks that `value` survives a JSON round trip unchanged.
 * @throws {@link StateSerializationError} with the JSON path of the first part that would not.
 */
export function assertSerializable(value: unknown, path = '$', seen: Set<object> = new Set()): void {
  check(value, path, [], seen);
}

/** The failure at `keys` (and `more` below it) under `base`. */
function failure(message: string, base: string, keys: PathKeys, more?: string | number): StateSerializationError {
  return new StateSerializationError(message, pathOf(base, more === undefined ? keys : [...keys, more]));
}

/** {@link assertSerializable} of the part at `keys` below `base`; `keys` is the walk's stack. */
function check(value: unknown, base: string, keys: PathKeys, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw failure(`${value} does not survive serialization`, base, keys);
      if (Object.is(value, -0)) throw failure('-0 comes back as 0', base, keys);
      return;
    case 'undefined':
      throw failure('undefined is dropped by serialization', base, keys);
    case 'bigint':
    case 'function':
    case 'symbol':
      throw failure(`a ${typeof value} does not survive serialization`, base, keys);
  }
  if (value === null) return;
  const obj = value as object;
  if (seen.has(obj)) throw failure('a cycle does not survive serialization', base, keys);
  seen.add(obj);
  if (Array.isArray(obj)) checkArray(obj, base, keys, seen);
  else checkObject(obj, base, keys, seen);
  if (Object.getOwnPropertySymbols(obj).length > 0)
    throw failure('symbol keys are dropped by serialization', base, keys);
  seen.delete(obj);
}

function checkArray(arr: unknown[], base: string, keys: PathKeys, seen: Set<object>): void {
  for (let i = 0; i < arr.length; i++) {
    if (!(i in arr)) throw failure('a hole in an array comes back as null', base, keys, i);
    keys.push(i);
    check(arr[i], base, keys, seen);
    keys.pop();
  }
  // JSON writes the elements only; anything else on the array is lost. Without holes, the own names are the indices
  // and `length`, unless there is more.
  const names = Object.getOwnPropertyNames(arr);
  if (names.length === arr.length + 1) return;
  for (const k of names) {
    if (k === 'length' || (/^(?:0|[1-9]\d*)$/.test(k) && Number(k) < arr.length)) continue;
    throw failure('a named property of an array is dropped by serialization', base, keys, k);
  }
}

function checkObject(obj: object, base: string, keys: PathKeys, seen: Set<object>): void {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw failure(`a ${name} comes back as a plain object or string; store plain data`, base, keys);
  }
  for (const k of Object.getOwnPropertyNames(obj)) {
    // JSON writes enumerable properties only.
    if (!Object.prototype.propertyIsEnumerable.call(obj, k))
      throw failure('a non-enumerable property is dropped by serialization', base, keys, k);
    keys.push(k);
    check((obj as Record<string, unknown>)[k], base, keys, seen);
    keys.pop();
  }
}

/** Encodes a state value for the store (after {@link assertSerializable}). */
export function encodeState(value: unknown): string {
  assertSerializable(value);
  return JSON.stringify(value);
}

/** Decodes stored state bytes. */
export function decodeState(bytes: string): StateValue {
  return JSON.parse(bytes) as StateValue;
}
