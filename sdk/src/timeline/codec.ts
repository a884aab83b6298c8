/**
 * Reading and writing timelines as newline-delimited JSON, with errors that name the line and the JSON path.
 *
 * @module
 */
import * as z from 'zod';
import { PlugbenchError, crossRealmClass } from '../contract/errors';
import { TIMELINE_VERSION, TimelineRecordSchema } from './schema';
import type { TimelineRecord } from './types';

/** One problem found in a timeline. */
export interface TimelineIssue {
  /** 1-based line of the NDJSON text. */
  line: number;
  /** JSON path inside the record (`$.transition.phase`). */
  path: string;
  /** What was expected. */
  message: string;
}

/** A timeline that does not follow the schema. */
export class TimelineParseError extends PlugbenchError {
  /** Every problem found, in order. */
  readonly issues: readonly TimelineIssue[];
  constructor(source: string, issues: TimelineIssue[]) {
    const shown = issues.slice(0, 5).map((i) => `  ${source}:${i.line} ${i.path}: ${i.message}`);
    const more = issues.length > 5 ? [`  ... and ${issues.length - 5} more`] : [];
    super([`invalid timeline ${source}:`, ...shown, ...more].join('\n'));
    this.issues = issues;
  }
}
crossRealmClass(TimelineParseError, 'TimelineParseError');

/** `$.a.b[0]` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

/** Serialises one record as a line of NDJSON (without the newline). */
export function serializeRecord(record: TimelineRecord): string {
  return JSON.stringify(record);
}

/** Serialises records as NDJSON, one per line, ending with a newline. */
export function serializeTimeline(records: readonly TimelineRecord[]): string {
  return records.map(serializeRecord).join('\n') + (records.length > 0 ? '\n' : '');
}

/** How {@link parseTimeline} reads. */
export interface ParseTimelineOptions {
  /**
   * Accept golden timelines: their canonical projection leaves out what varies between runs (`seq`, wall times,
   * metric values, the round counts of `run.finished`); those get neutral values (`seq` the record's index, the
   * others 0) before validation, so a golden file reads like any other timeline.
   */
  golden?: boolean;
}

/**
 * Parses and validates NDJSON text.
 * @param source the file name or description to put in errors.
 * @throws {@link TimelineParseError} naming the line and JSON path of every problem.
 */
export function parseTimeline(
  text: string,
  source = '<timeline>',
  options: ParseTimelineOptions = {},
): TimelineRecord[] {
  const records: TimelineRecord[] = [];
  const issues: TimelineIssue[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      issues.push({ line: i + 1, path: '$', message: `not JSON: ${(e as Error).message}` });
      return;
    }
    const version = (json as { v?: unknown } | null)?.v;
    if (version !== TIMELINE_VERSION) {
      issues.push({
        line: i + 1,
        path: '$.v',
        message: `expected timeline version ${TIMELINE_VERSION}, got ${JSON.stringify(version)}`,
      });
      return;
    }
    if (options.golden) fillGoldenOmissions(json as Record<string, unknown>, records.length);
    const parsed = TimelineRecordSchema.safeParse(json);
    if (parsed.success) records.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        issues.push({ line: i + 1, path: jsonPath(issue.path), message: issue.message });
  });
  if (issues.length > 0) throw new TimelineParseError(source, issues);
  return records;
}

/** Gives the fields a golden timeline's canonical projection leaves out neutral values (`seq`: `index`). */
function fillGoldenOmissions(json: Record<string, unknown>, index: number): void {
  json.seq ??= index;
  if (json.kind === 'call') json.wallMs ??= 0;
  if (json.kind === 'run.finished') json.rounds ??= 0;
  if (Array.isArray(json.metrics))
    for (const m of json.metrics as unknown[])
      if (m && typeof m === 'object') (m as Record<string, unknown>).value ??= 0;
}

/** The JSON Schema (draft 2020-12) of one timeline record, generated from the zod schema. */
export function timelineJsonSchema(): Record<string, unknown> {
  return {
    $id: `urn:plugbench:timeline:v${TIMELINE_VERSION}`,
    title: `plugbench timeline record, version ${TIMELINE_VERSION}`,
    ...(z.toJSONSchema(TimelineRecordSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>),
  };
}
