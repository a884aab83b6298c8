/**
 * Contract checks: rules every plugin must follow that Flyte never checks, computed from the timeline (and the pools
 * at the end). Each violation says what happened, where, and what to fix. They run on every fixture unless
 * switched off; the first two need the executor to make extra plugin calls (`checks.replayHandle`,
 * `checks.repeatCleanup` of its options), the rest read what any run records.
 *
 * @module
 */
import type { PoolSnapshot, TimelineRecord } from '@plugbench/sdk';

/** The contract checks. */
export const CheckId = {
  /** Handle is idempotent: called again on the same state it returns the same transition (Flyte may replay a round). */
  ReplayHandle: 'replayHandle',
  /** Abort and Finalize survive being called twice (Flyte calls them again when their round is lost). */
  RepeatCleanup: 'repeatCleanup',
  /** Every resource token a task took is released by its Finalize (flyteplugins #71: release in Finalize). */
  TokensReleased: 'tokensReleased',
  /** Plugin state survives serialization: the SDK refuses a put that would not, and the round fails. */
  StateSerializable: 'stateSerializable',
  /** No state get after a put in the same round: the get returns the previous round's state, not the new value. */
  GetAfterPut: 'getAfterPut',
  /** Reason, logs or custom info changed while phase and version did not: the event is deduplicated and lost. */
  LostInfo: 'lostInfo',
  /** The run finished before the round cap (a plugin that never finishes spins forever in Flyte's own test helper). */
  RoundCap: 'roundCap',
} as const;
/** A value of {@link CheckId}. */
export type CheckId = (typeof CheckId)[keyof typeof CheckId];

/** All check ids, in order. */
export const CHECK_IDS: readonly CheckId[] = Object.values(CheckId);

/** Which checks run. */
export type CheckSettings = Record<CheckId, boolean>;

/** Every check on, unless `input` switches some off (`false` switches all off). */
export function resolveChecks(input?: Partial<Record<CheckId, boolean | undefined>> | false): CheckSettings {
  const out = {} as CheckSettings;
  for (const id of CHECK_IDS) out[id] = input === false ? false : (input?.[id] ?? true);
  return out;
}

/** One broken rule. */
export interface CheckViolation {
  check: CheckId;
  /** The task execution, when the rule is about one. */
  task?: string;
  attempt?: number;
  /** The task's round where it was seen first. */
  round?: number;
  /** The timeline record where it was seen first. */
  seq?: number;
  /** What happened, and where. */
  message: string;
  /** What to change in the plugin. */
  fix: string;
}

/** `[check] task a attempt 0 round 3: message\n  fix: ...`. */
export function formatViolation(v: CheckViolation): string {
  const where = [
    v.task !== undefined ? `task ${v.task}` : '',
    v.attempt !== undefined && v.attempt > 0 ? `attempt ${v.attempt}` : '',
    v.round !== undefined ? `round ${v.round}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  return `[${v.check}] ${where !== '' ? `${where}: ` : ''}${v.message}\n  fix: ${v.fix}`;
}

/** What the checks read. */
export interface CheckInput {
  records: readonly TimelineRecord[];
  /** The pools at the end (`Executor.pools()`); without them the token check is skipped. */
  pools?: readonly PoolSnapshot[];
}
