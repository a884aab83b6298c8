/**
 * Go `core.TaskInfo`: what a phase reports to the front end.
 *
 * @module
 */
import type { JsonObject } from '@bufbuild/protobuf';
import type { TaskLog } from '../idl/index';

/** Go `core.TaskInfo`. */
export interface TaskInfo {
  /** Go `Logs`: log links of the task execution. */
  logs?: TaskLog[];
  /**
   * Go `OccurredAt`: when the status occurred. When absent, the phase constructors default it to "now" of the
   * contract clock (the executor's virtual clock during a run).
   */
  occurredAt?: Date;
  /** Go `CustomInfo` (`structpb.Struct`): custom event information for the front end. */
  customInfo?: JsonObject;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Go `time.Time.String()` in UTC, without Go's monotonic suffix: `2024-01-02 03:04:05.123 +0000 UTC`
 * (fraction trimmed of trailing zeros, as Go does).
 */
export function goTimeString(d: Date): string {
  const ms = d.getUTCMilliseconds();
  const frac = ms === 0 ? '' : `.${pad(ms, 3).replace(/0+$/, '')}`;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac} +0000 UTC`
  );
}

/** Go `(*TaskInfo).String()`: `Info<@<occurredAt>>`, or `<nil>` when there is no info. */
export function taskInfoString(info: TaskInfo | undefined): string {
  if (info === undefined) return '<nil>';
  return `Info<@${info.occurredAt === undefined ? '<nil>' : goTimeString(info.occurredAt)}>`;
}
