/**
 * Recorded timeline files for the panel: the NDJSON of `plugbench run --json`, or a golden timeline (read by the
 * SDK's `parseTimeline` with `{ golden: true }`).
 *
 * @module
 */

/** Whether a file is a recorded timeline by its name (`.ndjson`, `.jsonl`). */
export function isTimelineFile(file: string): boolean {
  return /\.(ndjson|jsonl)$/i.test(file);
}
