/**
 * The determinism check of a replay (Run again from here, Reset, a restored panel): the records of a fresh runner must match
 * what the previous one recorded for the same rounds. A difference means the plugin is not deterministic, or that
 * the fixture or the plugin changed on disk since; the modification times tell the two apart.
 *
 * @module
 */
import * as fs from 'node:fs';
import { taskRoundText, type TimelineRecord } from '@plugbench/sdk/timeline';

/** Fields of a record that differ between two runs of a deterministic plugin: wall time and temporary paths. */
function canonical(r: TimelineRecord): string {
  return JSON.stringify(r, (k, v) => (k === 'wallMs' || k === 'stack' || k === 'metrics' ? undefined : v));
}

/** Modification times of `files` (the fixture and the plugin), to explain a replay that differs. */
export function sourceTimes(files: readonly (string | undefined)[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of files) {
    if (!f) continue;
    try {
      out.set(f, fs.statSync(f).mtimeMs);
    } catch {
      // gone: the replay will say so
    }
  }
  return out;
}

/** The first difference between a run and its replay. */
export interface ReplayDifference {
  /** For the user. */
  message: string;
  /** For the log: the message and both records. */
  detail: string;
}

/**
 * Compares the replay's `records` with the `previous` run's, when `rounds` rounds were replayed. `changed`: the
 * source files whose modification time moved since the previous run.
 */
export function replayDifference(
  previous: readonly TimelineRecord[],
  records: readonly TimelineRecord[],
  rounds: number,
  changed: readonly string[],
): ReplayDifference | undefined {
  if (rounds === 0 || previous.length === 0) return undefined;
  const n = Math.min(previous.length, records.length);
  for (let i = 0; i < n; i++) {
    const a = canonical(previous[i]!);
    const b = canonical(records[i]!);
    if (a !== b) {
      const rec = records[i]!;
      const where = rec.kind === 'call' ? ` (${taskRoundText(rec)})` : '';
      const message = changed.length
        ? `the replay differs from the first run at record ${i}${where}: ${changed.map((f) => f.split(/[\\/]/).pop()).join(' and ')} changed since, and the replay runs the new version`
        : `the replay differs from the first run at record ${i}${where}: the plugin is not deterministic ` +
          '(Date.now(), Math.random(), timers or module state?), so Run again from here shows a different run. Use the task ' +
          'execution context and its clock instead.';
      return { message, detail: `${message}\n  first run: ${a.slice(0, 400)}\n  replay:    ${b.slice(0, 400)}` };
    }
  }
  return undefined;
}
