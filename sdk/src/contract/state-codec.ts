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

/**
 * Checks that `value` survives a JSON round trip unchanged.
 * @throws {@link StateSerializationError} with the JSON path of the first part that would not.
 */
export function assertSerializable(value: unknown, path = '$', seen: Set<object> = new Set()): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new StateSerializationError(`${value} does not survive serialization`, path);
      if (Object.is(value, -0)) throw new StateSerializationError('-0 comes back as 0', path);
      return;
    case 'undefined':
      throw new StateSerializationError('undefined is dropped by serialization', path);
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new StateSerializationError(`a ${typeof value} does not survive serialization`, path);
  }
  if (value === null) return;
  const obj = value as object;
  if (seen.has(obj)) throw new StateSerializationError('a cycle does not survive serialization', path);
  seen.add(obj);
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) {
      if (!(i in obj)) throw new StateSerializationError('a hole in an array comes back as null', `${path}[${i}]`);
      assertSerializable(obj[i], `${path}[${i}]`, seen);
    }
    // JSON writes the elements only; anything else on the array is lost.
    for (const k of Object.getOwnPropertyNames(obj)) {
      if (k === 'length' || (/^(?:0|[1-9]\d*)$/.test(k) && Number(k) < obj.length)) continue;
      throw new StateSerializationError('a named property of an array is dropped by serialization', key(path, k));
    }
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new StateSerializationError(`a ${name} comes back as a plain object or string; store plain data`, path);
    }
    for (const k of Object.getOwnPropertyNames(obj)) {
      // JSON writes enumerable properties only.
      if (!Object.prototype.propertyIsEnumerable.call(obj, k)) {
        throw new StateSerializationError('a non-enumerable property is dropped by serialization', key(path, k));
      }
      assertSerializable((obj as Record<string, unknown>)[k], key(path, k), seen);
    }
  }
  if (Object.getOwnPropertySymbols(obj).length > 0) {
    throw new StateSerializationError('symbol keys are dropped by serialization', path);
  }
  seen.delete(obj);
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
