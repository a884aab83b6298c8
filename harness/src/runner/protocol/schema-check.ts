/**
 * A quick zod parse for the hundred thousand records of a long run: {@link quickParse} compiles a schema into a
 * function that gives what the schema's `safeParse` would give for a value (the value itself when it is already that,
 * else a copy with its keys in the schema's order, as zod writes its output), or {@link ASK_ZOD} when it cannot be sure
 * (a value the schema rejects, a key the schema strips, a schema feature it does not know). It never answers a value
 * zod would not; the caller asks zod itself for the rest, whose answer and messages stay the only ones users see. The
 * schema stays the one source: nothing of it is written twice.
 *
 * Reads zod 4's schema definitions (`_zod.def`); a definition it does not know compiles to "ask zod".
 *
 * @module
 */
import type * as z from 'zod';

/** What a quick parse answers when only zod can. */
export const ASK_ZOD: unique symbol = Symbol('ask zod');

/** What `safeParse` would give for a value, when it succeeds; {@link ASK_ZOD} when only zod can say. */
export type QuickParse = (value: unknown) => unknown;
/** The parts of zod 4's definitions read here. */
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
}

interface CheckDef {
  check: string;
  format?: string;
  value?: unknown;
  inclusive?: boolean;
}

const no: QuickParse = () => ASK_ZOD;
const same: QuickParse = (v) => v;

const compiled = new WeakMap<z.ZodType, QuickParse>();

/** Compiles `schema` (once; later calls give the same function). */
export function quickParse(schema: z.ZodType): QuickParse {
  let parse = compiled.get(schema);
  if (parse === undefined) {
    // A placeholder while compiling, so that a schema that refers to itself terminates (and asks zod).
    compiled.set(schema, no);
    parse = compile(schema);
    compiled.set(schema, parse);
  }
  return parse;
}

/** A parse of a value zod gives back as it is, from a test of it. */
function when(test: (v: unknown) => boolean): QuickParse {
  return (v) => (test(v) ? v : ASK_ZOD);
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function compile(schema: z.ZodType): QuickParse {
  const def = defOf(schema);
  if (def.type !== 'number' && def.checks !== undefined && def.checks.length > 0) return no;
  switch (def.type) {
    case 'string':
      return when((v) => typeof v === 'string');
    case 'boolean':
      return when((v) => typeof v === 'boolean');
    case 'number':
      return numberParse(def);
    case 'unknown':
      return same;
    case 'literal':
    case 'enum':
      return oneOf(def.type === 'literal' ? def.values! : Object.values(def.entries!));
    case 'optional': {
      const inner = quickParse(def.innerType!);
      return (v) => (v === undefined ? v : inner(v));
    }
    case 'array':
      return arrayParse(quickParse(def.element!));
    case 'tuple':
      return tupleParse(def);
    case 'object':
      return objectParse(def);
    case 'record':
      return recordParse(def);
    case 'union':
      return def.discriminator !== undefined
        ? discriminatedParse(def.discriminator, def.options!)
        : unionParse(def.options!);
    default:
      return no;
  }
}

function oneOf(values: readonly unknown[]): QuickParse {
  const set = new Set(values);
  return when((v) => set.has(v));
}

/** The checks zod 4 makes of a number's `.int()`, `.min()`, `.max()`, `.positive()`, `.nonnegative()`. */
interface NumberBounds {
  int: boolean;
  min: number;
  minInclusive: boolean;
  max: number;
  maxInclusive: boolean;
}

/** A number schema's bounds; `undefined` when it has a check not known here. */
function numberBounds(def: Def): NumberBounds | undefined {
  const b: NumberBounds = { int: false, min: -Infinity, minInclusive: true, max: Infinity, maxInclusive: true };
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'number_format' && d.format === 'safeint') b.int = true;
    else if (d.check === 'greater_than' && typeof d.value === 'number')
      [b.min, b.minInclusive] = [d.value, d.inclusive === true];
    else if (d.check === 'less_than' && typeof d.value === 'number')
      [b.max, b.maxInclusive] = [d.value, d.inclusive === true];
    else return undefined;
  }
  return b;
}

/** A finite number within its bounds. */
function numberParse(def: Def): QuickParse {
  const b = numberBounds(def);
  if (b === undefined) return no;
  const { int, min, minInclusive, max, maxInclusive } = b;
  return when(
    (v) =>
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!int || Number.isSafeInteger(v)) &&
      (minInclusive ? v >= min : v > min) &&
      (maxInclusive ? v <= max : v < max),
  );
}

/**
 * The test {@link compile} makes of a string, boolean, number or unknown value (which zod gives back as it is), as a
 * JavaScript expression over `x` (defined), for {@link objectSource} to write in place of a call; `undefined` for
 * anything else. The number's bounds are {@link numberParse}'s.
 */
function inlineTest(schema: z.ZodType): string | undefined {
  const def = defOf(schema);
  if (def.type !== 'number' && def.checks !== undefined && def.checks.length > 0) return undefined;
  switch (def.type) {
    case 'string':
    case 'boolean':
      return `typeof x === "${def.type}"`;
    case 'unknown':
      return 'true';
    case 'optional':
      return inlineTest(def.innerType!);
    case 'number': {
      const b = numberBounds(def);
      if (b === undefined) return undefined;
      const tests = ['typeof x === "number"', 'Number.isFinite(x)'];
      if (b.int) tests.push('Number.isSafeInteger(x)');
      if (b.min !== -Infinity) tests.push(`x ${b.minInclusive ? '>=' : '>'} ${numberText(b.min)}`);
      if (b.max !== Infinity) tests.push(`x ${b.maxInclusive ? '<=' : '<'} ${numberText(b.max)}`);
      return tests.join(' && ');
    }
    default:
      return undefined;
  }
}

/** A finite number as JavaScript source that reads back as exactly that number. */
const numberText = (n: number): string => (Object.is(n, -0) ? '-0' : String(n));

/** An array: itself when every element is, else a copy of the elements' parses (zod always copies). */
function arrayParse(element: QuickParse): QuickParse {
  return (v) => (Array.isArray(v) ? elementsParse(v, () => element) : ASK_ZOD);
}

/** A tuple of required items and no rest: itself when every item is, else a copy of the items' parses. */
function tupleParse(def: Def): QuickParse {
  const items = def.items!;
  if ((def.rest !== undefined && def.rest !== null) || items.some((i) => defOf(i).type === 'optional')) return no;
  const parses = items.map((i) => quickParse(i));
  return (v) => (Array.isArray(v) && v.length === parses.length ? elementsParse(v, (i) => parses[i]!) : ASK_ZOD);
}

/** The elements of `v`, each by its parse: `v` itself when every one parses to itself, else a copy. */
function elementsParse(v: readonly unknown[], parseAt: (i: number) => QuickParse): unknown {
  let copy: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    const out = parseAt(i)(e);
    if (out === ASK_ZOD) return ASK_ZOD;
    if (out !== e) (copy ??= v.slice(0, i)).push(out);
    else copy?.push(e);
  }
  return copy ?? v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An object whose keys are all the schema's, each value parsing: itself when its keys are in the schema's order and
 * every value parses to itself, else a copy in the schema's order (as zod writes it). A key the schema does not name
 * (zod strips it, or keeps it last for a loose object) or one present with `undefined` asks zod.
 *
 * The parse is a function written for the schema's keys ({@link objectSource}): a hundred thousand records of the same
 * few shapes read each key by its name and build each copy key by key in one order, which V8 runs as it runs
 * hand-written code; a loop over the keys by index ran several times slower. Nothing of the schema is written here:
 * the keys, their order and which are required come from its definition.
 */
function objectParse(def: Def): QuickParse {
  if (def.catchall !== undefined && defOf(def.catchall).type !== 'unknown') return no;
  const shape = def.shape!;
  const keys = Object.keys(shape);
  const parses = keys.map((k) => quickParse(shape[k]!));
  const required = keys.map((k) => defOf(shape[k]!).type !== 'optional');
  const tests = keys.map((k) => inlineTest(shape[k]!));
  let make: (ask: typeof ASK_ZOD, object: object, keys: readonly string[], parses: readonly QuickParse[]) => QuickParse;
  try {
    make = new Function('ASK', 'OBJECT', 'KEYS', 'P', objectSource(keys, required, tests)) as typeof make;
  } catch (e) {
    // A process that forbids code made from strings (`--disallow-code-generation-from-strings`): zod parses. Any other
    // error is a bug in the source written here, and must not pass for that.
    if (e instanceof EvalError) return no;
    throw e;
  }
  return make(ASK_ZOD, Object.prototype, keys, parses);
}

/**
 * The source of {@link objectParse}'s function for `keys` (quoted as JSON strings, which are JavaScript strings):
 * each value read by name and parsed; then every own key counted (one not in the schema, or one holding `undefined`,
 * makes the count differ) and their order compared with the schema's; then the value itself, or the copy.
 */
function objectSource(
  keys: readonly string[],
  required: readonly boolean[],
  tests: readonly (string | undefined)[],
): string {
  const n = keys.length;
  const q = keys.map((k) => JSON.stringify(k));
  const lines = [
    n === 0 ? '' : `const ${keys.map((_, i) => `p${i} = P[${i}]`).join(', ')};`,
    'return function parseObject(v) {',
    '  if (typeof v !== "object" || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== OBJECT) return ASK;',
    `  let n = 0, same = true, x${keys.map((_, i) => `, o${i}`).join('')};`,
  ];
  keys.forEach((_, i) => {
    lines.push(`  x = v[${q[i]}];`);
    const test = tests[i];
    const parse =
      test !== undefined
        ? `if (!(${test})) return ASK; o${i} = x; n++;`
        : `o${i} = p${i}(x); if (o${i} === ASK) return ASK; if (o${i} !== x) same = false; n++;`;
    lines.push(required[i] ? `  if (x === undefined) return ASK; ${parse}` : `  if (x !== undefined) { ${parse} }`);
  });
  lines.push(
    '  let c = 0, j = 0;',
    `  for (const k in v) { c++; if (same) { while (j < ${n} && KEYS[j] !== k) j++; if (j === ${n}) same = false; else j++; } }`,
    '  if (c !== n) return ASK;',
    '  if (same) return v;',
    '  const out = {};',
  );
  keys.forEach((_, i) =>
    lines.push(required[i] ? `  out[${q[i]}] = o${i};` : `  if (o${i} !== undefined) out[${q[i]}] = o${i};`),
  );
  lines.push('  return out;', '};');
  return lines.join('\n');
}

/** `z.record(z.string(), value)`: an object whose every value passes. */
function recordParse(def: Def): QuickParse {
  const key = defOf(def.keyType!);
  if (key.type !== 'string' || (key.checks?.length ?? 0) > 0) return no;
  const value = quickParse(def.valueType!);
  return (v) => {
    if (!isObject(v)) return ASK_ZOD;
    for (const k in v) {
      const e = v[k];
      // Only values that are kept as they are: a record's copy is zod's to make.
      if (e === undefined || value(e) !== e) return ASK_ZOD;
    }
    return v;
  };
}

/** A discriminated union: the option the discriminator's value names (zod 4 tries no other). */
function discriminatedParse(discriminator: string, options: readonly z.ZodType[]): QuickParse {
  const byValue = new Map<unknown, QuickParse>();
  for (const option of options) {
    const def = defOf(option);
    const tag = def.shape?.[discriminator];
    const tagDef = tag && defOf(tag);
    if (def.type !== 'object' || !tagDef || (tagDef.type !== 'literal' && tagDef.type !== 'enum')) return no;
    const values = tagDef.type === 'literal' ? tagDef.values! : Object.values(tagDef.entries!);
    const parse = quickParse(option);
    for (const value of values) if (!byValue.has(value)) byValue.set(value, parse);
  }
  return (v) => (isObject(v) ? (byValue.get(v[discriminator])?.(v) ?? ASK_ZOD) : ASK_ZOD);
}

/**
 * A union: zod answers with the first option that takes the value, so the first option that parses here only counts
 * when no option before it would take the value too (those are asked of zod: rare, as unions here are few).
 */
function unionParse(options: readonly z.ZodType[]): QuickParse {
  const parses = options.map((o) => quickParse(o));
  return (v) => {
    for (let i = 0; i < parses.length; i++) {
      const out = parses[i]!(v);
      if (out === ASK_ZOD) continue;
      for (let j = 0; j < i; j++) if (options[j]!.safeParse(v).success) return ASK_ZOD;
      return out;
    }
    return ASK_ZOD;
  };
}
