/**
 * Go `flytestdlib/errors` as `flyteplugins/go/tasks/errors` uses it: an error with a code, and an error with a code
 * and a cause.
 *
 * @module
 */
import { crossRealmClass } from '../contract/errors';
import { sprintf } from './format';

/**
 * Go `errors.err` / `errors.errorWithCause`: its `message` is Go's `Error()` (`[code] message`, and
 * `, caused by: <cause>` when wrapped). The executor reports a thrown one with its {@link PluginError.code}.
 */
export class PluginError extends Error {
  /** Go `Code()`. */
  readonly code: string;
  /** The message without the code and the cause (Go's `message` field). */
  readonly detail: string;
  constructor(code: string, detail: string, options?: { cause?: unknown }) {
    const own = `[${code}] ${detail}`;
    super(options?.cause === undefined ? own : `${own}, caused by: ${causeText(options.cause)}`, options);
    this.code = code;
    this.detail = detail;
  }
}
crossRealmClass(PluginError, 'PluginError');

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Go `errors.Errorf`: a {@link PluginError} with `code` and a message formatted as Go's `fmt.Sprintf`. */
export function errorf(code: string, format: string, ...args: unknown[]): PluginError {
  return new PluginError(code, sprintf(format, ...args));
}

/** Go `errors.Wrapf`: a {@link PluginError} with `code`, caused by `cause`. */
export function wrapf(code: string, cause: unknown, format: string, ...args: unknown[]): PluginError {
  return new PluginError(code, sprintf(format, ...args), { cause });
}

/** Go `errors.GetErrorCode`: the code of an error that has one (any object with a string `code`). */
export function getErrorCode(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Go `errors.IsCausedBy`: whether `e`, or an error in its cause chain, has `code`. */
export function isCausedBy(e: unknown, code: string): boolean {
  for (let cur = e, depth = 0; cur !== undefined && cur !== null && depth < 100; depth++) {
    if (getErrorCode(cur) === code) return true;
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return false;
}

/**
 * Go `errors.IsCausedByError`: whether `target` is `e` or in its cause chain. Two {@link PluginError}s with one code
 * match, as Go's `errors.Is` of two codes does.
 */
export function isCausedByError(e: unknown, target: unknown): boolean {
  const targetCode = target instanceof PluginError ? target.code : undefined;
  for (let cur = e, depth = 0; cur !== undefined && cur !== null && depth < 100; depth++) {
    if (cur === target || (targetCode !== undefined && cur instanceof PluginError && cur.code === targetCode))
      return true;
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return false;
}
