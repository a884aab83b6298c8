/**
 * Golden timelines: a run recorded as NDJSON in a canonical projection (what is deterministic: no wall-clock times,
 * no stacks, no metric values; keys sorted), committed next to the fixtures, and compared with later runs. A
 * difference is reported at the first differing record, with the field paths that differ, expected against actual.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonPath, type TimelineRecord } from '@plugbench/sdk';
import { readRegularFile, UnreadableFileError } from './fixture/files';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Keys that vary from run to run and are dropped wherever they appear. */
const VOLATILE_KEYS = new Set(['wallMs', 'stack']);

function canonical(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return value as Json;
  if (Array.isArray(value)) return value.map((v) => canonical(v) ?? null);
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(value).sort()) {
    if (VOLATILE_KEYS.has(k)) continue;
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
export function canonicalRecord(record: TimelineRecord): Json {
  return canonical(record) ?? null;
}

/**
 * The records of a run in the canonical projection. A run driven in pieces (stepped, or run to the next event, as
 * the editor does) ends each piece with a `run.finished`; only the last one is kept, without its round count (the
 * rounds of its piece), and without `seq` (the line is the order), so that a stepped run and a run to the end have
 * the same golden timeline.
 */
export function canonicalTimeline(records: readonly TimelineRecord[]): Json[] {
  let last = -1;
  records.forEach((r, i) => {
    if (r.kind === 'run.finished') last = i;
  });
  const out: Json[] = [];
  records.forEach((r, i) => {
    if (r.kind === 'run.finished' && i !== last) return;
    const c = canonicalRecord(r) as { [k: string]: Json };
    // The line number is the order; `seq` would shift by the pieces' dropped records.
    delete c.seq;
    if (r.kind === 'run.finished') delete c.rounds;
    out.push(c);
  });
  return out;
}

/** The golden NDJSON text of a run. */
export function goldenText(records: readonly TimelineRecord[]): string {
  const lines = canonicalTimeline(records).map((r) => JSON.stringify(r));
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}

/** One field that differs. */
export interface GoldenFieldDiff {
  /** JSON path inside the record. */
  path: string;
  expected: unknown;
  actual: unknown;
}

/** How a run differs from its golden timeline. */
export interface GoldenDiff {
  /** Index (line - 1) of the first differing record. */
  index: number;
  /** What that record is (`call handle of task a, round 3`). */
  what: string;
  /** The differing fields of that record (at most 12). */
  fields: GoldenFieldDiff[];
  expectedRecords: number;
  actualRecords: number;
  expected?: Json;
  actual?: Json;
}

function describe(r: Json | undefined): string {
  if (r === undefined || r === null || typeof r !== 'object' || Array.isArray(r)) return 'no record';
  const kind = String(r.kind ?? '?');
  if (kind === 'call')
    return `call ${String(r.call)} of task ${String(r.task)}, attempt ${String(r.attempt)}, round ${String(r.round)}`;
  if (typeof r.task === 'string') return `${kind} of task ${r.task}`;
  return kind;
}

function diffFields(a: Json | undefined, b: Json | undefined, p: (string | number)[], out: GoldenFieldDiff[]): void {
  if (out.length >= 12) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const isObj = (x: unknown): x is { [k: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x);
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

/** Compares a run with golden NDJSON text; `undefined` when they match. */
export function compareGolden(expectedText: string, records: readonly TimelineRecord[]): GoldenDiff | undefined {
  const expected = expectedText
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as Json;
      } catch {
        return { unparsable: `line ${i + 1}: ${l.slice(0, 80)}` } as Json;
      }
    });
  const actual = canonicalTimeline(records);
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (JSON.stringify(e) === JSON.stringify(a)) continue;
    const fields: GoldenFieldDiff[] = [];
    diffFields(e, a, [], fields);
    return {
      index: i,
      what: describe(e ?? a),
      fields,
      expectedRecords: expected.length,
      actualRecords: actual.length,
      ...(e !== undefined ? { expected: e } : {}),
      ...(a !== undefined ? { actual: a } : {}),
    };
  }
  return undefined;
}

const short = (v: unknown) => {
  const s = v === undefined ? '(absent)' : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

/** A readable report of a {@link GoldenDiff}. */
export function formatGoldenDiff(diff: GoldenDiff, goldenFile: string): string {
  const lines = [`the run differs from the golden timeline ${goldenFile} at record ${diff.index + 1} (${diff.what}):`];
  if (diff.expected === undefined) lines.push('  the run has more records than the golden timeline');
  else if (diff.actual === undefined) lines.push('  the run has fewer records than the golden timeline');
  for (const f of diff.fields) lines.push(`  ${f.path}: expected ${short(f.expected)}, actual ${short(f.actual)}`);
  if (diff.expectedRecords !== diff.actualRecords)
    lines.push(`  (${diff.expectedRecords} records expected, ${diff.actualRecords} recorded)`);
  lines.push('  if the change is intended, record the run again: plugbench test --update-golden <fixture>');
  return lines.join('\n');
}

/** The outcome of checking a run against its golden file. */
export type GoldenOutcome =
  | { file: string; status: 'matched' | 'updated' }
  | { file: string; status: 'missing'; message: string }
  | { file: string; status: 'differs'; diff: GoldenDiff; message: string };

/** Checks `records` against the golden file, or (with `update`) writes it. */
export async function checkGolden(
  file: string,
  records: readonly TimelineRecord[],
  update: boolean,
): Promise<GoldenOutcome> {
  if (update) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, goldenText(records));
    return { file, status: 'updated' };
  }
  let text: string;
  try {
    text = await readRegularFile(file);
  } catch (e) {
    if (e instanceof UnreadableFileError && !e.missing)
      return { file, status: 'missing', message: `cannot read the golden timeline ${file}: ${e.reason}` };
    return {
      file,
      status: 'missing',
      message: `no golden timeline at ${file}; record it with: plugbench test --update-golden <fixture>`,
    };
  }
  const diff = compareGolden(text, records);
  if (diff === undefined) return { file, status: 'matched' };
  return { file, status: 'differs', diff, message: formatGoldenDiff(diff, file) };
}
