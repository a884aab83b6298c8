/**
 * The number columns of a store delta's rows on the wire (`delta-schema.ts` `StoreRowsSchema`): each column as few
 * bytes as its values need. Most columns hardly change from row to row (the virtual time of a run without timers, a
 * round's counters, where the state text goes next), so each is sent as one of {@link ColumnForm}: one value for every
 * row, the steps from row to row in 1, 2 or 4 bytes, the 64-bit floats themselves, or "the same as the first column"
 * (a row's event and transition times are usually its own time). A 100,000-round run sends about a fifth of the bytes
 * the columns themselves hold, and so much less JSON for both processes to write and read.
 *
 * Every value comes back exactly as it was: integers are unsigned 32-bit, their steps taken modulo 2^32; a float is
 * sent as one value only when it is finite and not -0 (JSON writes those as they are).
 *
 * @module
 */

/** How a column travels. */
export const ColumnForm = {
  /** Every row holds the column's base value. */
  Same: 0,
  /** Integers: each row's step from the row before (the first row's from the base), zigzagged, in 1, 2 or 4 bytes. */
  Steps8: 1,
  Steps16: 2,
  Steps32: 4,
  /** Floats: the values themselves. */
  F64: 8,
  /** Floats: the values of the first column, row for row. */
  AsFirst: 9,
} as const;
/** A value of {@link ColumnForm}. */
export type ColumnForm = (typeof ColumnForm)[keyof typeof ColumnForm];

/** The columns of `n` rows as they travel: each column's form and base, and the bytes of them all, in base64. */
export interface PackedColumns {
  forms: number[];
  bases: number[];
  columns: string;
}

/** Bytes per row of a column's form. */
const BYTES: Readonly<Record<number, number>> = { 0: 0, 1: 1, 2: 2, 4: 4, 8: 8, 9: 0 };

/** A column's bytes start at a multiple of their width, so that a typed array can read them where they are. */
const aligned = (at: number, width: number): number => (width === 0 ? at : Math.ceil(at / width) * width);

const zigzag = (step: number): number => ((step << 1) ^ (step >> 31)) >>> 0;
const unzigzag = (z: number): number => (z >>> 1) ^ -(z & 1);

/**
 * Packs `floats` (`floatColumns` columns of `n` rows, one column after the other) and `ints` (`intColumns` columns of
 * unsigned 32-bit integers, the same way) into their forms and bytes.
 */
export function packColumns(
  floats: Float64Array,
  floatColumns: number,
  ints: Uint32Array,
  intColumns: number,
  n: number,
): PackedColumns {
  const forms: number[] = [];
  const bases: number[] = [];
  for (let c = 0; c < floatColumns; c++) {
    const form = floatForm(floats, c, n);
    forms.push(form);
    bases.push(form === ColumnForm.Same ? floats[c * n]! : 0);
  }
  for (let c = 0; c < intColumns; c++) {
    forms.push(intForm(ints, c, n));
    bases.push(n === 0 ? 0 : ints[c * n]!);
  }
  let size = 0;
  for (const f of forms) size = aligned(size, BYTES[f]!) + n * BYTES[f]!;
  const bytes = new ArrayBuffer(size);
  let at = 0;
  forms.forEach((form, c) => {
    at = aligned(at, BYTES[form]!);
    if (c < floatColumns) {
      if (form === ColumnForm.F64) new Float64Array(bytes, at, n).set(floats.subarray(c * n, c * n + n));
    } else writeSteps(ints.subarray((c - floatColumns) * n, (c - floatColumns) * n + n), form, bytes, at);
    at += n * BYTES[form]!;
  });
  return { forms, bases, columns: Buffer.from(bytes).toString('base64') };
}

function floatForm(floats: Float64Array, c: number, n: number): ColumnForm {
  const first = floats[c * n]!;
  let same = Number.isFinite(first) && !Object.is(first, -0);
  let asFirst = c > 0;
  for (let j = 0; j < n && (same || asFirst); j++) {
    const x = floats[c * n + j]!;
    if (same && !Object.is(x, first)) same = false;
    if (asFirst && !Object.is(x, floats[j]!)) asFirst = false;
  }
  return same ? ColumnForm.Same : asFirst ? ColumnForm.AsFirst : ColumnForm.F64;
}

function intForm(ints: Uint32Array, c: number, n: number): ColumnForm {
  let prev = n === 0 ? 0 : ints[c * n]!;
  let most = 0;
  for (let j = 0; j < n; j++) {
    const x = ints[c * n + j]!;
    most |= zigzag((x - prev) | 0);
    prev = x;
  }
  most >>>= 0;
  return most === 0
    ? ColumnForm.Same
    : most < 1 << 8
      ? ColumnForm.Steps8
      : most < 1 << 16
        ? ColumnForm.Steps16
        : ColumnForm.Steps32;
}

function writeSteps(column: Uint32Array, form: number, bytes: ArrayBuffer, at: number): void {
  const n = column.length;
  if (form === ColumnForm.Same || n === 0) return;
  const out = stepsView(form, bytes, at, n);
  let prev = column[0]!;
  for (let j = 0; j < n; j++) {
    const x = column[j]!;
    out[j] = zigzag((x - prev) | 0);
    prev = x;
  }
}

/** What packed columns had wrong; the message starts with where (`columns`, `forms[3]`, `bases[5]`). */
export class ColumnsError extends Error {}

/**
 * The columns of `n` rows from what {@link packColumns} made: `floats` (`floatColumns` of them) and `ints`, one column
 * after the other. Throws a {@link ColumnsError} naming what does not add up.
 */
export function unpackColumns(
  packed: PackedColumns,
  floatColumns: number,
  intColumns: number,
  n: number,
): { floats: Float64Array; ints: Uint32Array } {
  const { forms, bases } = packed;
  const count = floatColumns + intColumns;
  if (forms.length !== count || bases.length !== count)
    throw new ColumnsError(`forms: ${forms.length} forms and ${bases.length} bases for ${count} columns`);
  let size = 0;
  forms.forEach((form, c) => {
    const ok =
      c < floatColumns
        ? form === ColumnForm.Same || form === ColumnForm.F64 || (form === ColumnForm.AsFirst && c > 0)
        : form === ColumnForm.Same ||
          form === ColumnForm.Steps8 ||
          form === ColumnForm.Steps16 ||
          form === ColumnForm.Steps32;
    if (!ok) throw new ColumnsError(`forms[${c}]: no form ${form} for column ${c}`);
    if (c >= floatColumns && bases[c]! >>> 0 !== bases[c])
      throw new ColumnsError(`bases[${c}]: ${bases[c]} is not an unsigned 32-bit integer`);
    size = aligned(size, BYTES[form]!) + n * BYTES[form]!;
  });
  const raw = Buffer.from(packed.columns, 'base64');
  if (raw.length !== size) throw new ColumnsError(`columns: ${raw.length} bytes for ${n} rows, not ${size}`);
  // Copied into a buffer of its own: a decoded buffer may start anywhere, and a typed array only at its width.
  const bytes = new Uint8Array(size);
  bytes.set(raw);
  const floats = new Float64Array(floatColumns * n);
  const ints = new Uint32Array(intColumns * n);
  let at = 0;
  forms.forEach((form, c) => {
    at = aligned(at, BYTES[form]!);
    if (c < floatColumns) readFloats(floats, c, n, form, bases[c]!, bytes.buffer, at);
    else
      readSteps(ints.subarray((c - floatColumns) * n, (c - floatColumns) * n + n), form, bases[c]!, bytes.buffer, at);
    at += n * BYTES[form]!;
  });
  return { floats, ints };
}

function readFloats(
  out: Float64Array,
  c: number,
  n: number,
  form: number,
  base: number,
  bytes: ArrayBuffer,
  at: number,
) {
  const column = out.subarray(c * n, c * n + n);
  if (form === ColumnForm.Same) column.fill(base);
  else if (form === ColumnForm.AsFirst) column.set(out.subarray(0, n));
  else column.set(new Float64Array(bytes, at, n));
}

function readSteps(out: Uint32Array, form: number, base: number, bytes: ArrayBuffer, at: number): void {
  const n = out.length;
  if (form === ColumnForm.Same) {
    out.fill(base);
    return;
  }
  const steps = stepsView(form, bytes, at, n);
  let x = base;
  for (let j = 0; j < n; j++) out[j] = x = (x + unzigzag(steps[j]!)) >>> 0;
}

/** The `n` steps of a column in the form `form` (1, 2 or 4 bytes), where they are in `bytes`. */
function stepsView(form: number, bytes: ArrayBuffer, at: number, n: number): Uint8Array | Uint16Array | Uint32Array {
  if (form === ColumnForm.Steps8) return new Uint8Array(bytes, at, n);
  return form === ColumnForm.Steps16 ? new Uint16Array(bytes, at, n) : new Uint32Array(bytes, at, n);
}
