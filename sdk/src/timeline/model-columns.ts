/**
 * The timeline in columns: how the HTML report embeds a large run so that the view decodes only what it draws. The
 * bytes are one line of JSON (the strings every column names, once, and each column's number type), then the columns
 * as typed arrays (what the model reads of each record to place it: times, tasks, phases, the facts of its markers,
 * resource calls), then every record's own JSON, one per line, exactly as `JSON.stringify` wrote it. The model is
 * built from the columns (`model-from-columns.ts`); a call record's other fields are parsed from its line the first
 * time something reads them (the inspector, an event list row, a tooltip).
 *
 * An encoding of the same records, not a second schema: {@link ColumnarTimeline.record} gives back each record as
 * it was, and a call in the model reads as its record does.
 *
 * Pure: no zod, no DOM, no node modules, so it runs in Node (encoding) and in the report's page (decoding).
 *
 * @module
 */
import type { TimelineModel } from './model';
import { NONE, buildModel } from './model-from-columns';
import type { CallRecord, TimelineRecord } from './types';

/** The version of the layout, written in the first line; decoders reject others. */
export const COLUMNS_FORMAT = 1;

/** Per record, per call record, per resource call: how many values a column has. */
type Per = 'record' | 'call' | 'resource';

/** The columns, in the order they are written, and what they have a value per. */
const COLUMNS = {
  kind: 'record',
  /** The length of the record's line in UTF-8 bytes. */
  bytes: 'record',
  at: 'call',
  task: 'call',
  attempt: 'call',
  round: 'call',
  call: 'call',
  generatedName: 'call',
  nodeBefore: 'call',
  nodeAfter: 'call',
  phase: 'call',
  version: 'call',
  events: 'call',
  decision: 'call',
  error: 'call',
  faults: 'call',
  /** How many resource calls the call made: theirs are the next ones in the resource columns. */
  resources: 'call',
  op: 'resource',
  namespace: 'resource',
  namespaceFQ: 'resource',
  token: 'resource',
  tokenFQ: 'resource',
  status: 'resource',
  failed: 'resource',
  used: 'resource',
  quota: 'resource',
} as const satisfies Record<string, Per>;

/** A column's name. */
export type ColumnName = keyof typeof COLUMNS;
const COLUMN_NAMES = Object.keys(COLUMNS) as ColumnName[];

/**
 * The columns of a timeline. Strings are indices into `strings`, absent optional values -1, flags 1 or 0 (`error`:
 * the call has one; `failed`: the resource call has an error).
 */
export type TimelineColumns = { readonly strings: readonly string[] } & {
  readonly [K in ColumnName]: ArrayLike<number>;
};

/** The number types a column is stored as: the smallest that holds its values. */
const TYPES = { i8: Int8Array, i16: Int16Array, i32: Int32Array, f64: Float64Array } as const;
type ColumnType = keyof typeof TYPES;

/** The first line. */
interface Header {
  format: typeof COLUMNS_FORMAT;
  /** Typed arrays are written in the platform's byte order; every platform Node and browsers run on is little-endian. */
  littleEndian: true;
  strings: string[];
  counts: Record<Per, number>;
  types: ColumnType[];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Length of `s` in UTF-8 bytes. `JSON.stringify` escapes lone surrogates, so every surrogate here is in a pair. */
export function utf8Length(s: string): number {
  // ASCII: every code unit below 0x80.
  if (/^[\u0000-\u007f]*$/.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Builds the columns record by record; strings are interned as they come. */
class ColumnWriter {
  readonly #index = new Map<string, number>();
  readonly strings: string[] = [];
  readonly cols = Object.fromEntries(COLUMN_NAMES.map((n) => [n, []])) as unknown as Record<ColumnName, number[]>;

  str(s: string): number {
    let i = this.#index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.#index.set(s, i);
    }
    return i;
  }

  optStr(s: string | undefined): number {
    return s === undefined ? NONE : this.str(s);
  }

  record(r: TimelineRecord, line: string): void {
    this.cols.kind.push(this.str(r.kind));
    this.cols.bytes.push(utf8Length(line));
    if (r.kind === 'call') this.#call(r);
  }

  #call(r: CallRecord): void {
    const c = this.cols;
    c.at.push(r.at);
    c.task.push(this.str(r.task));
    c.attempt.push(r.attempt);
    c.round.push(r.round);
    c.call.push(this.str(r.call));
    c.generatedName.push(this.str(r.generatedName));
    c.nodeBefore.push(this.str(r.nodePhase.before));
    c.nodeAfter.push(this.str(r.nodePhase.after));
    c.phase.push(this.str(r.pluginPhase.phase));
    c.version.push(r.pluginPhase.version);
    c.events.push(r.events.length);
    c.decision.push(this.optStr(r.decision?.code));
    c.error.push(r.error === undefined ? 0 : 1);
    c.faults.push(r.faults === undefined ? NONE : r.faults.length);
    c.resources.push(r.resources.length);
    for (const rc of r.resources) {
      c.op.push(this.str(rc.op));
      c.namespace.push(this.str(rc.namespace));
      c.namespaceFQ.push(this.str(rc.namespaceFQ));
      c.token.push(this.str(rc.token));
      c.tokenFQ.push(this.str(rc.tokenFQ));
      c.status.push(this.optStr(rc.status));
      c.failed.push(rc.error === undefined ? 0 : 1);
      c.used.push(rc.poolAfter === undefined ? NONE : rc.poolAfter.used);
      c.quota.push(rc.poolAfter === undefined ? NONE : rc.poolAfter.quota);
    }
  }
}

/** The smallest type that holds every value exactly. */
function typeOf(values: readonly number[]): ColumnType {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (!Number.isInteger(v) || Object.is(v, -0)) return 'f64';
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo >= -0x80 && hi < 0x80) return 'i8';
  if (lo >= -0x8000 && hi < 0x8000) return 'i16';
  if (lo >= -0x80000000 && hi < 0x80000000) return 'i32';
  return 'f64';
}

/** `n` rounded up to a multiple of 8, so that every column starts where a typed array of it can. */
const align = (n: number) => Math.ceil(n / 8) * 8;

/** Where each column starts, and where the records' lines do. */
function layout(header: Header, start: number): { offsets: number[]; records: number } {
  let at = align(start);
  const offsets = COLUMN_NAMES.map((name, i) => {
    const offset = at;
    at = align(at + header.counts[COLUMNS[name]] * TYPES[header.types[i]!].BYTES_PER_ELEMENT);
    return offset;
  });
  return { offsets, records: at };
}

/**
 * Encodes records in columns: the header line, the columns, then each record's JSON on its own line (each line ends
 * with a newline). Read it back with {@link decodeTimelineColumns}.
 */
export function encodeTimelineColumns(
  records: readonly TimelineRecord[],
  /** Each record's `JSON.stringify`, when the caller has them already. */
  lines: readonly string[] = records.map((r) => JSON.stringify(r)),
): Uint8Array {
  const w = new ColumnWriter();
  records.forEach((r, k) => w.record(r, lines[k]!));
  const counts = { record: w.cols.kind.length, call: w.cols.at.length, resource: w.cols.op.length };
  const types = COLUMN_NAMES.map((n) => typeOf(w.cols[n]));
  const header: Header = { format: COLUMNS_FORMAT, littleEndian: true, strings: w.strings, counts, types };
  const utf8 = new TextEncoder();
  const head = utf8.encode(`${JSON.stringify(header)}\n`);
  const body = utf8.encode(lines.length > 0 ? `${lines.join('\n')}\n` : '');
  const { offsets, records: recordsAt } = layout(header, head.length);
  const out = new Uint8Array(recordsAt + body.length);
  out.set(head, 0);
  COLUMN_NAMES.forEach((n, i) => new TYPES[types[i]!](out.buffer, offsets[i]!, w.cols[n].length).set(w.cols[n]));
  out.set(body, recordsAt);
  return out;
}

/** A timeline decoded from its columns: records parsed one by one when asked for, a model built from the columns. */
export interface ColumnarTimeline {
  readonly columns: TimelineColumns;
  /** How many records. */
  readonly length: number;
  /** Record `k`, parsed from its line (a new object each time). */
  record(k: number): TimelineRecord;
  /** A model of the records, built from the columns; its calls parse their record when a field beyond them is read. */
  model(): TimelineModel;
}

/** The first line, checked. */
function readHeader(bytes: Uint8Array, decoder: InstanceType<typeof TextDecoder>): { header: Header; end: number } {
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new Error('the columnar timeline has no header line');
  const header = JSON.parse(decoder.decode(bytes.subarray(0, nl))) as Header | null;
  if (header?.format !== COLUMNS_FORMAT)
    throw new Error(`the columnar timeline has format ${JSON.stringify(header?.format)}, not ${COLUMNS_FORMAT}`);
  if (!LITTLE_ENDIAN) throw new Error('the columnar timeline is little-endian and this platform is not');
  return { header, end: nl + 1 };
}

/** A column over the bytes where they are, or over a copy when they do not start where its type can. */
function columnAt(bytes: Uint8Array, type: ColumnType, offset: number, count: number): ArrayLike<number> {
  const T = TYPES[type];
  const end = offset + count * T.BYTES_PER_ELEMENT;
  if (end > bytes.length) throw new Error(`the columnar timeline ends inside its columns (${bytes.length} bytes)`);
  if ((bytes.byteOffset + offset) % T.BYTES_PER_ELEMENT === 0)
    return new T(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, count);
  return new T(bytes.slice(offset, end).buffer);
}

/**
 * Decodes {@link encodeTimelineColumns}'s bytes. Reads the header and views the columns; records stay bytes until
 * asked for.
 * @throws when the header is not of {@link COLUMNS_FORMAT} or the columns and lines do not fit the bytes.
 */
export function decodeTimelineColumns(bytes: Uint8Array): ColumnarTimeline {
  const decoder = new TextDecoder();
  const { header, end } = readHeader(bytes, decoder);
  const { offsets, records: recordsAt } = layout(header, end);
  const cols = { strings: header.strings } as Record<string, unknown>;
  COLUMN_NAMES.forEach((name, i) => {
    cols[name] = columnAt(bytes, header.types[i]!, offsets[i]!, header.counts[COLUMNS[name]]);
  });
  const columns = cols as TimelineColumns;
  const n = header.counts.record;
  const starts = new Float64Array(n);
  let at = recordsAt;
  for (let k = 0; k < n; k++) {
    starts[k] = at;
    at += columns.bytes[k]! + 1;
  }
  if (at !== bytes.length)
    throw new Error(`the columnar timeline's records take ${at} bytes, but it has ${bytes.length}`);
  const record = (k: number): TimelineRecord =>
    JSON.parse(decoder.decode(bytes.subarray(starts[k]!, starts[k]! + columns.bytes[k]!))) as TimelineRecord;
  return { columns, length: n, record, model: () => buildModel(columns, record) };
}
