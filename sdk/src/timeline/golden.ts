/**
 * The golden comparison: a run in the canonical projection of golden files (what is deterministic: no wall-clock
 * times, no stacks, no metric values; keys sorted), and where it differs from a golden timeline, record by record.
 * One comparison for everyone: `plugbench test` reports the first difference, and the editor's comparison view
 * walks all of them, so that both mark the same records. Pure: no files, no DOM.
 *
 * @module
 */
import { jsonPath } from './codec';
import type { TimelineRecord } from './types';

/** A JSON value, as a golden file holds it. */
export type GoldenJson = null | boolean | number | string | GoldenJson[] | { [k: string]: GoldenJson };

/** Keys that vary from run to run and are dropped wherever they appear. */
const isVolatileKey = (k: string) => k === 'wallMs' || k === 'stack';

/** The most differing fields a {@link GoldenDiff} lists. */
const MAX_FIELDS = 12;

/** Own enumerable keys in sorted order; most objects of a record are written with their keys out of order. */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

function canonical(value: unknown): GoldenJson | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return value as GoldenJson;
  if (Array.isArray(value)) return value.map((v) => canonical(v) ?? null);
  const out: { [k: string]: GoldenJson } = {};
  for (const k of sortedKeys(value)) {
    if (isVolatileKey(k)) continue;
    let v = (value as Record<string, unknown>)[k];
    // Metric values depend on wall time (histograms of call durations): keep which metrics exist, not their values.
    if (k === 'metrics' && Array.isArray(v))
      v = v.map((m) => (typeof m === 'object' && m !== null ? { ...m, value: undefined } : m));
    const c = canonical(v);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/** A record in the canonical projection of golden files. */
export function canonicalRecord(record: TimelineRecord): GoldenJson {
  return canonical(record) ?? null;
}

/** A run's canonical lines, with the index in the run's records that each line comes from. */
export interface CanonicalLines {
  lines: GoldenJson[];
  /** `recordIndex[i]`: the index in the records of line `i`. */
  recordIndex: number[];
}

/**
 * The records of a run in the canonical projection, with where each line came from. A run driven in pieces
 * (stepped, or run to the next event, as the editor does) ends each piece with a `run.finished`; only the last one
 * is kept, without its round count (the rounds of its piece), and without `seq` (the line is the order), so that a
 * stepped run and a run to the end have the same golden timeline.
 */
export function canonicalLines(records: readonly TimelineRecord[]): CanonicalLines {
  let last = -1;
  records.forEach((r, i) => {
    if (r.kind === 'run.finished') last = i;
  });
  const lines: GoldenJson[] = [];
  const recordIndex: number[] = [];
  records.forEach((r, i) => {
    if (r.kind === 'run.finished' && i !== last) return;
    const c = canonicalRecord(r) as { [k: string]: GoldenJson };
    // The line number is the order; `seq` would shift by the pieces' dropped records.
    delete c.seq;
    if (r.kind === 'run.finished') delete c.rounds;
    lines.push(c);
    recordIndex.push(i);
  });
  return { lines, recordIndex };
}

/** The records of a run in the canonical projection (see {@link canonicalLines}). */
export function canonicalTimeline(records: readonly TimelineRecord[]): GoldenJson[] {
  return canonicalLines(records).lines;
}

/** The golden NDJSON text of a run. */
export function goldenText(records: readonly TimelineRecord[]): string {
  const lines = canonicalTimeline(records).map((r) => JSON.stringify(r));
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

/** The lines of golden NDJSON text; a line that is not JSON stays, as a value that matches nothing a run records. */
export function parseGoldenText(text: string): GoldenJson[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as GoldenJson;
      } catch {
        return { unparsable: `line ${i + 1}: ${l.slice(0, 80)}` };
      }
    });
}

/** One field that differs. */
export interface GoldenFieldDiff {
  /** JSON path inside the record. */
  path: string;
  expected: unknown;
  actual: unknown;
}

/** How a run differs from its golden timeline at one record. */
export interface GoldenDiff {
  /** Index (line - 1) of the differing record. */
  index: number;
  /** What that record is (`call handle of task a, round 3`). */
  what: string;
  /** The differing fields of that record (at most 12). */
  fields: GoldenFieldDiff[];
  expectedRecords: number;
  actualRecords: number;
  expected?: GoldenJson;
  actual?: GoldenJson;
}

function describe(r: GoldenJson | undefined): string {
  if (r === undefined || r === null || typeof r !== 'object' || Array.isArray(r)) return 'no record';
  const kind = String(r.kind ?? '?');
  if (kind === 'call')
    return `call ${String(r.call)} of task ${String(r.task)}, attempt ${String(r.attempt)}, round ${String(r.round)}`;
  if (typeof r.task === 'string') return `${kind} of task ${r.task}`;
  return kind;
}

const isObj = (x: unknown): x is { [k: string]: GoldenJson } =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function diffFields(
  a: GoldenJson | undefined,
  b: GoldenJson | undefined,
  p: (string | number)[],
  out: GoldenFieldDiff[],
): void {
  if (out.length >= MAX_FIELDS) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffFields(a[k], b[k], [...p, k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffFields(x, b[i], [...p, i], out));
    return;
  }
  out.push({ path: jsonPath(p), expected: a, actual: b });
}

/**
 * Every record where `actual` differs from `expected`, line by line, in order; `limit` stops early (`plugbench
 * test` asks for the first). Lines past the end of the shorter side differ, as absent.
 */
export function goldenLineDiffs(
  expected: readonly GoldenJson[],
  actual: readonly GoldenJson[],
  limit = Number.POSITIVE_INFINITY,
): GoldenDiff[] {
  const out: GoldenDiff[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    const e = expected[i];
    const a = actual[i];
    if (JSON.stringify(e) === JSON.stringify(a)) continue;
    const fields: GoldenFieldDiff[] = [];
    diffFields(e, a, [], fields);
    out.push({
      index: i,
      what: describe(e ?? a),
      fields,
      expectedRecords: expected.length,
      actualRecords: actual.length,
      ...(e !== undefined ? { expected: e } : {}),
      ...(a !== undefined ? { actual: a } : {}),
    });
  }
  return out;
}

/**
 * Compares a run with golden NDJSON text: the first differing record, `undefined` when they match. A golden file is
 * usually the very text the run would write (a checkout may have turned its line ends into CRLF): then they match,
 * and only text that differs is parsed and compared record by record.
 */
export function compareGolden(expectedText: string, records: readonly TimelineRecord[]): GoldenDiff | undefined {
  const actual = canonicalTimeline(records);
  const expected = expectedText.includes('\r') ? expectedText.replace(/\r\n/g, '\n') : expectedText;
  if (isNdjsonOf(expected, actual)) return undefined;
  return goldenLineDiffs(parseGoldenText(expectedText), actual, 1)[0];
}

/** Whether `text` is exactly the NDJSON of `lines` (as {@link goldenText} writes it), line by line. */
function isNdjsonOf(text: string, lines: readonly GoldenJson[]): boolean {
  let at = 0;
  for (const l of lines) {
    const json = JSON.stringify(l);
    const end = at + json.length;
    if (text.charCodeAt(end) !== 10 || text.slice(at, end) !== json) return false;
    at = end + 1;
  }
  return at === text.length;
}
