/**
 * Timeline records on their way from the runner to the host, in a third of the bytes of their JSON and without
 * encoding or parsing JSON per record. A record repeats the same keys and most of the same strings round after round:
 * a batch names each object shape (its keys, in order) and each string once for the whole stream, and then every
 * value is one 32-bit op (an object of shape 7, an array of 3, string 12, the integer 5, the next float...) in a typed
 * array, sent as base64. The host's {@link RecordDecoder} builds from it the same plain records, key for key in the
 * same order, that `JSON.parse(JSON.stringify(records))` gives: an encoding of the one timeline schema, not a second
 * one (the host validates the records against it as before).
 *
 * Both ends keep the names of the batches before: batches are decoded in the order they were sent, every one of them,
 * from the start of the process. Typed arrays travel in the platform's byte order: both ends run on the same machine.
 *
 * @module
 */
import type { RecordBatch } from './runner-messages';

/** What a value's op is; the op's other 28 bits are its payload (a shape, a length, an index, an integer). */
const Op = {
  Object: 0,
  Array: 1,
  String: 2,
  Integer: 3,
  Float: 4,
  True: 5,
  False: 6,
  Null: 7,
  /** A string sent in this batch only (a long one: a stack, a message): an index into `literals`. */
  Literal: 8,
} as const;
const OP_BITS = 4;
const OP_MASK = (1 << OP_BITS) - 1;
/** Integers of magnitude below this travel in the op itself, offset to be non-negative. */
const SMALL_INT = 2 ** 27;
/** Strings up to this length are named once for the stream; longer ones are sent in the batch that has them. */
const NAMED_STRING_MAX = 256;
/** When the stream has named this many strings or shapes, both ends forget them and start again. */
const MAX_NAMES = 1 << 16;

/** A trie of object shapes by their keys in order; a node remembers its last child, which is almost always the next. */
class ShapeNode {
  readonly keys: readonly string[];
  id = -1;
  #children: Map<string, ShapeNode> | undefined;
  #lastKey: string | undefined;
  #last: ShapeNode | undefined;

  constructor(keys: readonly string[]) {
    this.keys = keys;
  }

  child(key: string): ShapeNode {
    if (key === this.#lastKey) return this.#last!;
    let next = this.#children?.get(key);
    if (next === undefined) {
      next = new ShapeNode([...this.keys, key]);
      (this.#children ??= new Map()).set(key, next);
    }
    this.#lastKey = key;
    this.#last = next;
    return next;
  }
}

/** A growable typed array. */
class Growable<T extends Uint32Array | Float64Array> {
  length = 0;
  constructor(public array: T) {}

  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new (this.array.constructor as new (n: number) => T)(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }

  base64(): string {
    const bytes = this.array.BYTES_PER_ELEMENT;
    return Buffer.from(this.array.buffer, this.array.byteOffset, this.length * bytes).toString('base64');
  }
}

/** A value JSON leaves out of an object (and writes as `null` in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * The runner's end: encodes batches of records as JSON would see them (`toJSON`, own enumerable keys, `undefined`
 * and functions left out, non-finite numbers as `null`, a `BigInt` an error), naming shapes and strings once.
 */
export class RecordEncoder {
  #strings = new Map<string, number>();
  #shapes = new ShapeNode([]);
  #shapeCount = 0;
  #fresh = true;
  #ops = new Growable(new Uint32Array(1 << 16));
  #floats = new Growable(new Float64Array(1 << 12));
  #newStrings: string[] = [];
  #newShapes: string[][] = [];
  #literals: string[] = [];

  /** One batch, for a decoder that has decoded every batch this encoder made before it. */
  encode(records: readonly unknown[]): RecordBatch {
    this.#begin();
    this.#ops.push(Op.Array | (records.length << OP_BITS));
    for (const r of records) this.#value(r);
    const batch: RecordBatch = {
      fresh: this.#fresh,
      strings: this.#newStrings,
      shapes: this.#newShapes,
      literals: this.#literals,
      ops: this.#ops.base64(),
      floats: this.#floats.base64(),
    };
    this.#fresh = false;
    return batch;
  }

  #begin(): void {
    if (this.#strings.size >= MAX_NAMES || this.#shapeCount >= MAX_NAMES) {
      this.#strings = new Map();
      this.#shapes = new ShapeNode([]);
      this.#shapeCount = 0;
      this.#fresh = true;
    }
    this.#ops.length = 0;
    this.#floats.length = 0;
    this.#newStrings = [];
    this.#newShapes = [];
    this.#literals = [];
  }

  #value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        return this.#string(v);
      case 'number':
        return this.#number(v);
      case 'boolean':
        return this.#ops.push(v ? Op.True : Op.False);
      case 'object':
        if (v === null) return this.#ops.push(Op.Null);
        if (Array.isArray(v) && !hasToJSON(v)) return this.#array(v);
        return this.#object(v);
      case 'bigint':
        throw new TypeError('Do not know how to serialize a BigInt');
      default:
        // undefined, a function or a symbol where only a value can be: JSON writes null.
        return this.#ops.push(Op.Null);
    }
  }

  #string(s: string): void {
    let i = this.#strings.get(s);
    if (i === undefined) {
      if (s.length > NAMED_STRING_MAX) return this.#ops.push(Op.Literal | ((this.#literals.push(s) - 1) << OP_BITS));
      i = this.#strings.size;
      this.#strings.set(s, i);
      this.#newStrings.push(s);
    }
    this.#ops.push(Op.String | (i << OP_BITS));
  }

  #number(n: number): void {
    if (Number.isInteger(n) && n < SMALL_INT && n > -SMALL_INT)
      return this.#ops.push(Op.Integer | ((n + SMALL_INT) << OP_BITS));
    if (!Number.isFinite(n)) return this.#ops.push(Op.Null);
    this.#ops.push(Op.Float);
    this.#floats.push(n);
  }

  #array(a: readonly unknown[]): void {
    this.#ops.push(Op.Array | (a.length << OP_BITS));
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      if (omitted(e)) this.#ops.push(Op.Null);
      else this.#value(e);
    }
  }

  #object(o: object): void {
    if (hasToJSON(o)) return this.#value((o as { toJSON(): unknown }).toJSON());
    const proto = Object.getPrototypeOf(o) as unknown;
    if (proto !== Object.prototype && proto !== null) return this.#unusual(o);
    let node = this.#shapes;
    const at = this.#ops.length;
    this.#ops.push(0);
    const values = o as Record<string, unknown>;
    for (const k in values) {
      const e = values[k];
      if (omitted(e)) continue;
      node = node.child(k);
      this.#value(e);
    }
    this.#ops.array[at] = Op.Object | (this.#shapeId(node) << OP_BITS);
  }

  /** A boxed primitive or an instance of a class: as JSON sees it, its primitive or its own enumerable keys. */
  #unusual(o: object): void {
    if (o instanceof Number || o instanceof String || o instanceof Boolean) return this.#value(o.valueOf());
    const plain: Record<string, unknown> = {};
    for (const k of Object.keys(o)) plain[k] = (o as Record<string, unknown>)[k];
    this.#object(plain);
  }

  #shapeId(node: ShapeNode): number {
    if (node.id < 0) {
      node.id = this.#shapeCount++;
      this.#newShapes.push([...node.keys]);
    }
    return node.id;
  }
}

function hasToJSON(o: object): boolean {
  return typeof (o as { toJSON?: unknown }).toJSON === 'function';
}

/** A batch the decoder could not read: an index out of range, ops missing or left over. */
export class RecordBatchError extends Error {
  constructor(message: string) {
    super(`the record batch is malformed: ${message}`);
    this.name = 'RecordBatchError';
  }
}

/** An object shape as the decoder builds it: keys internalized once, and whether one of them is `__proto__`. */
interface Shape {
  keys: readonly string[];
  plain: boolean;
}

/** The host's end: the records of each batch, in the order the encoder's batches were made. */
export class RecordDecoder {
  #strings: string[] = [];
  #shapes: Shape[] = [];
  #ops = new Uint32Array(0);
  #floats = new Float64Array(0);
  #literals: readonly string[] = [];
  #at = 0;
  #float = 0;

  /** The batch's records; throws a {@link RecordBatchError} when the batch does not decode. */
  decode(batch: RecordBatch): unknown[] {
    if (batch.fresh) {
      this.#strings = [];
      this.#shapes = [];
    }
    for (const s of batch.strings) this.#strings.push(s);
    for (const keys of batch.shapes) this.#shapes.push(shapeOf(keys));
    this.#ops = new Uint32Array(bytesOf(batch.ops, 4));
    this.#floats = new Float64Array(bytesOf(batch.floats, 8));
    this.#literals = batch.literals;
    this.#at = 0;
    this.#float = 0;
    const records = this.#value();
    if (!Array.isArray(records)) throw new RecordBatchError('it does not hold an array of records');
    if (this.#at !== this.#ops.length) throw new RecordBatchError(`${this.#ops.length - this.#at} ops left over`);
    return records;
  }

  #value(): unknown {
    if (this.#at >= this.#ops.length) throw new RecordBatchError('its ops end in the middle of a value');
    const op = this.#ops[this.#at++]!;
    const p = op >>> OP_BITS;
    switch (op & OP_MASK) {
      case Op.Object:
        return this.#object(p);
      case Op.Array: {
        if (p > this.#ops.length - this.#at) throw new RecordBatchError(`an array of ${p} has fewer ops than values`);
        const a: unknown[] = new Array(p);
        for (let i = 0; i < p; i++) a[i] = this.#value();
        return a;
      }
      case Op.String:
        return this.#named(this.#strings, p, 'string');
      case Op.Integer:
        return p - SMALL_INT;
      case Op.Float:
        if (this.#float >= this.#floats.length) throw new RecordBatchError('it has fewer floats than its ops use');
        return this.#floats[this.#float++];
      case Op.True:
        return true;
      case Op.False:
        return false;
      case Op.Null:
        return null;
      case Op.Literal:
        return this.#named(this.#literals, p, 'literal');
      default:
        throw new RecordBatchError(`op ${op & OP_MASK} is unknown`);
    }
  }

  #object(id: number): Record<string, unknown> {
    const shape = this.#named(this.#shapes, id, 'shape');
    const keys = shape.keys;
    const o: Record<string, unknown> = {};
    if (shape.plain) for (let i = 0; i < keys.length; i++) o[keys[i]!] = this.#value();
    else
      for (const k of keys)
        Object.defineProperty(o, k, { value: this.#value(), enumerable: true, writable: true, configurable: true });
    return o;
  }

  #named<T>(table: readonly T[], i: number, what: string): T {
    if (i >= table.length) throw new RecordBatchError(`${what} ${i} was never named (${table.length} are)`);
    return table[i]!;
  }
}

/** A shape's keys as the property keys of one object (internalized, so that setting them is quick), checked. */
function shapeOf(keys: readonly string[]): Shape {
  const probe: Record<string, true> = {};
  for (const k of keys) Object.defineProperty(probe, k, { value: true, enumerable: true, configurable: true });
  const own = Object.keys(probe);
  if (own.length !== keys.length) throw new RecordBatchError(`a shape names a key twice: ${JSON.stringify(keys)}`);
  return { keys: own, plain: !own.includes('__proto__') };
}

/** The bytes of a base64 typed array, copied to a buffer of their own (aligned for the typed array). */
function bytesOf(base64: string, size: number): ArrayBuffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % size !== 0)
    throw new RecordBatchError(`${bytes.length} bytes are not a whole number of ${size}-byte values`);
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}
