/**
 * Go `core.Phase`: the phase a plugin reports for a task execution. The numbers are Go's (`iota` order) and are
 * meaningful: never renumber.
 *
 * @module
 */
import { EnumError } from './errors';

/** Go `core.Phase` constants, without the `Phase` prefix (`PhaseRunning` is `Phase.Running`). */
export const Phase = {
  /** Go `PhaseUndefined`: the state is unknown this round; try again later. Can also signal a system error. */
  Undefined: 0,
  /** Go `PhaseNotReady`: the plugin is not ready to start. */
  NotReady: 1,
  /** Go `PhaseWaitingForResources`: waiting for resources before submitting. */
  WaitingForResources: 2,
  /** Go `PhaseQueued`: submitted, not started. */
  Queued: 3,
  /** Go `PhaseInitializing`: pre-execution work such as image pulls or cluster start-up. */
  Initializing: 4,
  /** Go `PhaseRunning`: executing. */
  Running: 5,
  /** Go `PhaseSuccess`: completed successfully. */
  Success: 6,
  /** Go `PhaseRetryableFailure`: a recoverable failure, retried if retries permit. */
  RetryableFailure: 7,
  /** Go `PhasePermanentFailure`: a failure that is not retried even if retries remain. */
  PermanentFailure: 8,
} as const;
/** Go `core.Phase`: one of the numbers of {@link Phase}. */
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Go `core.Phases`: every phase, in order. */
export const Phases: readonly Phase[] = Object.freeze([
  Phase.Undefined,
  Phase.NotReady,
  Phase.WaitingForResources,
  Phase.Queued,
  Phase.Initializing,
  Phase.Running,
  Phase.Success,
  Phase.RetryableFailure,
  Phase.PermanentFailure,
]);

const names: readonly string[] = Phases.map((p) => `Phase${Object.keys(Phase)[p]}`);

/** Go `Phase.IsAPhase`: whether `value` is one of the phases. */
export function isAPhase(value: unknown): value is Phase {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length;
}

/** Go `Phase.String`: `"PhaseRunning"`; a number outside the enum prints as `"Phase(12)"`. */
export function phaseName(p: number): string {
  return isAPhase(p) ? names[p]! : `Phase(${p})`;
}

/**
 * Go `PhaseString`: the phase named `name` (`"PhaseRunning"`).
 * @throws {@link EnumError} `"<name> does not belong to Phase values"` for any other string.
 */
export function phaseString(name: string): Phase {
  const i = names.indexOf(name);
  if (i < 0) throw new EnumError(`${name} does not belong to Phase values`);
  return i as Phase;
}

/** Go `PhaseValues`: every phase, in order. */
export function phaseValues(): Phase[] {
  return [...Phases];
}

/** Go `Phase.IsFailure`: a retryable or permanent failure. */
export function isFailure(p: Phase): boolean {
  return p === Phase.RetryableFailure || p === Phase.PermanentFailure;
}

/** Go `Phase.IsSuccess`. */
export function isSuccess(p: Phase): boolean {
  return p === Phase.Success;
}

/** Go `Phase.IsWaitingForResources`. */
export function isWaitingForResources(p: Phase): boolean {
  return p === Phase.WaitingForResources;
}

/** Go `Phase.IsTerminal`: success, retryable failure or permanent failure. */
export function isTerminal(p: Phase): boolean {
  return isFailure(p) || isSuccess(p);
}
