/**
 * Golden timelines: a run recorded as NDJSON in a canonical projection (what is deterministic: no wall-clock times,
 * no stacks, no metric values; keys sorted), committed next to the fixtures, and compared with later runs. A
 * difference is reported at the first differing record, with the field paths that differ, expected against actual.
 * The projection and the comparison are `@plugbench/sdk/timeline`'s (golden.ts); this module reads and writes files.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareGolden, goldenText, type GoldenDiff, type TimelineRecord } from '@plugbench/sdk/timeline';
import { readRegularFile, UnreadableFileError } from './fixture/files';

// The comparison itself is pure and lives with the timeline, where the editor's comparison view uses it too.
export {
  canonicalRecord,
  canonicalTimeline,
  compareGolden,
  goldenText,
  type GoldenDiff,
  type GoldenFieldDiff,
} from '@plugbench/sdk/timeline';

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
