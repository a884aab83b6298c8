/**
 * Reading a recorded timeline file for the panel: the NDJSON of `plugbench run --json`, or a golden timeline, whose
 * canonical projection leaves out what varies between runs (`seq`, wall times, stacks, metric values, the round
 * counts of `run.finished`). Those are filled with neutral values, so a golden file opens like any other timeline;
 * everything else is validated against the timeline schema, with the line of each problem.
 *
 * @module
 */
import {
  TimelineParseError,
  jsonPath,
  type TimelineIssue,
  TIMELINE_VERSION,
  TimelineRecordSchema,
  type TimelineRecord,
} from '@plugbench/sdk/timeline';

/** Parses NDJSON timeline text; golden files welcome. @throws TimelineParseError naming lines and paths. */
export function readTimelineText(text: string, source: string): TimelineRecord[] {
  const records: TimelineRecord[] = [];
  const issues: TimelineIssue[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      issues.push({ line: i + 1, path: '$', message: `not JSON: ${(e as Error).message}` });
      return;
    }
    if (typeof json !== 'object' || json === null || json.v !== TIMELINE_VERSION) {
      issues.push({ line: i + 1, path: '$.v', message: `expected a timeline record of version ${TIMELINE_VERSION}` });
      return;
    }
    json.seq ??= records.length;
    if (json.kind === 'call') json.wallMs ??= 0;
    if (json.kind === 'run.finished') json.rounds ??= 0;
    if (Array.isArray(json.metrics))
      for (const m of json.metrics as Record<string, unknown>[]) if (m && typeof m === 'object') m.value ??= 0;
    const parsed = TimelineRecordSchema.safeParse(json);
    if (parsed.success) records.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        issues.push({ line: i + 1, path: jsonPath(issue.path), message: issue.message });
  });
  if (issues.length > 0) throw new TimelineParseError(source, issues);
  return records;
}

/** Whether a file is a recorded timeline by its name (`.ndjson`, `.jsonl`). */
export function isTimelineFile(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}
