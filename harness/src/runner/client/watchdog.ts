/**
 * The runner's silence watchdog limit. Both the factory (a new runner) and the session (after `open` says the
 * fixture's own round timeout) set it, so it lives apart from either.
 *
 * @module
 */

/** The watchdog's limit for a round timeout: a round may hold two calls (Abort, Finalize), and the idempotency check calls Handle twice. */
export function silenceFor(roundTimeoutMs: number): number {
  return 2 * roundTimeoutMs + 2000;
}
