/**
 * Retry eligibility (FlytePropeller `isEligibleForRetry`): USER and UNKNOWN failures use the task's attempts,
 * SYSTEM failures a separate budget; exhausted retries become a USER `RetriesExhausted|<code>` failure.
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import { type ExecutionError, ExecutionErrorSchema, ExecutionError_ErrorKind } from '../idl/index';

/** Go's default for a failure without an error (`handler/transition_info.go`). */
export function defaultError(err: ExecutionError | undefined): ExecutionError {
  return (
    err ??
    create(ExecutionErrorSchema, {
      code: 'Unknown',
      message: 'Unknown error message',
      kind: ExecutionError_ErrorKind.UNKNOWN,
    })
  );
}

/** The outcome of a retryable failure. */
export type RetryDecision = { retry: true } | { retry: false; err: ExecutionError };

/**
 * Decides whether a retryable failure is retried.
 * @param systemFailures the node's system failures before this one.
 */
export function decideRetry(
  err: ExecutionError,
  o: { attempt: number; maxAttempts: number; systemFailures: number; maxSystemRetries: number },
): RetryDecision {
  const system = err.kind === ExecutionError_ErrorKind.SYSTEM;
  const current = system ? o.systemFailures : o.attempt + 1 - o.systemFailures;
  const max = system ? o.maxSystemRetries : o.maxAttempts;
  if (current < max) return { retry: true };
  const kind = ExecutionError_ErrorKind[err.kind] ?? 'UNKNOWN';
  return {
    retry: false,
    err: create(ExecutionErrorSchema, {
      code: `RetriesExhausted|${err.code}`,
      message: `[${current}/${max}] currentAttempt done. Last Error: ${kind}::${err.message}`,
      kind: ExecutionError_ErrorKind.USER,
    }),
  };
}
