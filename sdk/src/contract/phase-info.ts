/**
 * Go `core.PhaseInfo` and its constructors (`PhaseInfoRunning`, `PhaseInfoFailure`, ...).
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import { type ExecutionError, ExecutionErrorSchema, ExecutionError_ErrorKind } from '../idl/index';
import { now } from './clock';
import { InvalidArgumentError } from './errors';
import { Phase, phaseName } from './phase';
import { type TaskInfo, taskInfoString } from './task-info';

/** Go `DefaultPhaseVersion`. */
export const DefaultPhaseVersion = 0;
/** Go `SystemErrorCode`: the code plugins use for errors of the system rather than the task. */
export const SystemErrorCode = 'SystemError';

const MAX_UINT32 = 0xffff_ffff;

/**
 * Go `core.PhaseInfo`: a phase, its version, and what to report with it. Immutable; build it with the
 * `phaseInfo*` constructors.
 */
export class PhaseInfo {
  /** Go `Phase()`. */
  readonly phase: Phase;
  /** Go `Version()`: the phase version (uint32). A new (phase, version) pair is what makes an event. */
  readonly version: number;
  /** Go `Reason()`. Failure constructors leave it empty: the text goes into `err.message`. */
  readonly reason: string;
  /** Go `Info()`. */
  readonly info: TaskInfo | undefined;
  /** Go `Err()`. */
  readonly err: ExecutionError | undefined;

  /** @internal Use the `phaseInfo*` constructors. */
  constructor(
    phase: Phase,
    version: number,
    reason: string,
    info: TaskInfo | undefined,
    err: ExecutionError | undefined,
  ) {
    if (!Number.isInteger(version) || version < 0 || version > MAX_UINT32) {
      throw new InvalidArgumentError(`phase version must be an integer in 0..${MAX_UINT32}, got ${version}`);
    }
    this.phase = phase;
    this.version = version;
    this.reason = reason;
    this.info = info;
    this.err = err;
    Object.freeze(this);
  }

  /** Go `WithVersion`: a copy with another version, sharing the same info. */
  withVersion(version: number): PhaseInfo {
    return new PhaseInfo(this.phase, version, this.reason, this.info, this.err);
  }

  /**
   * Go `String()`: `Phase<PhaseRunning:2 Info<@...> Reason:why>`, or `Phase<PhasePermanentFailure:0 Error:...>`
   * when there is an error (the error's text form is not byte-exact with Go's protobuf text).
   */
  toString(): string {
    if (this.err !== undefined) {
      return `Phase<${phaseName(this.phase)}:${this.version} Error:${executionErrorString(this.err)}>`;
    }
    return `Phase<${phaseName(this.phase)}:${this.version} ${taskInfoString(this.info)} Reason:${this.reason}>`;
  }
}

/** The protobuf text form of an execution error, as Go's `%s` of the message prints it (modulo spacing). */
export function executionErrorString(err: ExecutionError): string {
  const parts = [`code:${JSON.stringify(err.code)}`, `message:${JSON.stringify(err.message)}`];
  if (err.kind !== ExecutionError_ErrorKind.UNKNOWN) parts.push(`kind:${ExecutionError_ErrorKind[err.kind]}`);
  return parts.join(' ');
}

/** Go `PhaseInfoUndefined`: phase Undefined, version 0, no info, no error, no reason. */
export const PhaseInfoUndefined: PhaseInfo = new PhaseInfo(
  Phase.Undefined,
  DefaultPhaseVersion,
  '',
  undefined,
  undefined,
);

// Go's helper mutates the caller's TaskInfo to default OccurredAt; here the caller's object is copied instead
// (listed in the README's differences from Flyte).
function withOccurredAt(info: TaskInfo | undefined): TaskInfo {
  if (info === undefined) return { occurredAt: now() };
  return info.occurredAt === undefined ? { ...info, occurredAt: now() } : info;
}

function phaseInfo(
  p: Phase,
  version: number,
  err: ExecutionError | undefined,
  info: TaskInfo | undefined,
  reason = '',
): PhaseInfo {
  return new PhaseInfo(p, version, reason, withOccurredAt(info), err);
}

function executionError(code: string, message: string, kind: ExecutionError_ErrorKind): ExecutionError {
  return create(ExecutionErrorSchema, { code, message, kind });
}

/** Go `PhaseInfoNotReady(t, version, reason)`: NotReady, info `{occurredAt: t}`. */
export function phaseInfoNotReady(t: Date, version: number, reason: string): PhaseInfo {
  return phaseInfo(Phase.NotReady, version, undefined, { occurredAt: t }, reason);
}

/**
 * Go `PhaseInfoWaitingForResources(t, version, reason)` (deprecated in Flyte in favour of an info-taking form):
 * WaitingForResources, info `{occurredAt: t}`.
 */
export function phaseInfoWaitingForResources(t: Date, version: number, reason: string): PhaseInfo {
  return phaseInfo(Phase.WaitingForResources, version, undefined, { occurredAt: t }, reason);
}

/** Go `PhaseInfoQueued(t, version, reason)`: Queued, info `{occurredAt: t}`. */
export function phaseInfoQueued(t: Date, version: number, reason: string): PhaseInfo {
  return phaseInfo(Phase.Queued, version, undefined, { occurredAt: t }, reason);
}

/**
 * Go `PhaseInfoInitializing(t, version, reason, info)`: Initializing with `info`. As in Flyte, `t` is not used
 * (Flyte later removed the parameter); a missing `info.occurredAt` defaults to now.
 */
export function phaseInfoInitializing(_t: Date, version: number, reason: string, info?: TaskInfo): PhaseInfo {
  return phaseInfo(Phase.Initializing, version, undefined, info, reason);
}

/** Go `PhaseInfoRunning(version, info)`: Running, no reason. */
export function phaseInfoRunning(version: number, info?: TaskInfo): PhaseInfo {
  return phaseInfo(Phase.Running, version, undefined, info);
}

/** Go `PhaseInfoSuccess(info)`: Success, version 0. */
export function phaseInfoSuccess(info?: TaskInfo): PhaseInfo {
  return phaseInfo(Phase.Success, DefaultPhaseVersion, undefined, info);
}

/**
 * Go `PhaseInfoFailed(p, err, info)`: phase `p` (any phase) with `err` as given, version 0. As in Flyte v1 a
 * missing `err` is not defaulted here; the executor defaults it to `Unknown` when it handles the failure.
 */
export function phaseInfoFailed(p: Phase, err: ExecutionError | undefined, info?: TaskInfo): PhaseInfo {
  return phaseInfo(p, DefaultPhaseVersion, err, info);
}

/** Go `PhaseInfoFailure(code, reason, info)`: PermanentFailure with a USER error `{code, message: reason}`. */
export function phaseInfoFailure(code: string, reason: string, info?: TaskInfo): PhaseInfo {
  return phaseInfoFailed(Phase.PermanentFailure, executionError(code, reason, ExecutionError_ErrorKind.USER), info);
}

/** Go `PhaseInfoSystemFailure(code, reason, info)`: PermanentFailure with a SYSTEM error. */
export function phaseInfoSystemFailure(code: string, reason: string, info?: TaskInfo): PhaseInfo {
  return phaseInfoFailed(Phase.PermanentFailure, executionError(code, reason, ExecutionError_ErrorKind.SYSTEM), info);
}

/** Go `PhaseInfoRetryableFailure(code, reason, info)`: RetryableFailure with a USER error; uses a user retry. */
export function phaseInfoRetryableFailure(code: string, reason: string, info?: TaskInfo): PhaseInfo {
  return phaseInfoFailed(Phase.RetryableFailure, executionError(code, reason, ExecutionError_ErrorKind.USER), info);
}

/** Go `PhaseInfoSystemRetryableFailure(code, reason, info)`: RetryableFailure with a SYSTEM error; uses a system retry. */
export function phaseInfoSystemRetryableFailure(code: string, reason: string, info?: TaskInfo): PhaseInfo {
  return phaseInfoFailed(Phase.RetryableFailure, executionError(code, reason, ExecutionError_ErrorKind.SYSTEM), info);
}
