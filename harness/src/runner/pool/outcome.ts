/**
 * A fixture's test outcome on the host side of a runner: rebuilt from the runner's answer (the errors as the
 * harness's classes, so that their category, exit code and JUnit type come out of error-category.ts as in
 * process), or made from the way the runner failed it (hung, exited, crashed, left an error unhandled).
 *
 * @module
 */
import path from 'node:path';
import { PluginLoadError } from '@plugbench/sdk';
import { FixtureError, type FixtureIssue } from '../../fixture/errors';
import type { FixtureResult, FixtureTestOutcome } from '../../run-fixture';
import type { RunnerRequestError } from '../client/runner-client';
import type { OutcomeError, OutcomeResult } from '../protocol/runner-messages';

/** How a plugin broke its runner process; each is the class name (and JUnit error type) of the fixture's error. */
export const PluginProcessFailure = {
  /** It stopped answering (a synchronous loop, a microtask loop, a promise that never settles outside a round). */
  Hang: 'PluginHang',
  /** The fixture ran longer than its wall-clock limit. */
  Timeout: 'FixtureTimeout',
  /** It called `process.exit`. */
  Exit: 'PluginExit',
  /** Its process died otherwise (out of memory, a signal, a native crash). */
  Crash: 'PluginCrash',
  /** It left a promise rejection or an exception unhandled. */
  Unhandled: 'PluginUnhandledError',
} as const;
/** A value of {@link PluginProcessFailure}. */
export type PluginProcessFailure = (typeof PluginProcessFailure)[keyof typeof PluginProcessFailure];

/** A fixture the plugin's process failed: an error of the category `internal`, so the fixture fails (exit code 1). */
export class PluginProcessError extends Error {
  constructor(
    readonly failure: PluginProcessFailure,
    message: string,
  ) {
    super(message);
    this.name = failure;
  }
}

/** The error the runner reported, as the harness's class of its category. */
function rebuildError(e: OutcomeError, file: string): Error {
  const err =
    e.kind === 'fixture' && e.issues !== undefined
      ? new FixtureError(
          file,
          e.issues.map((i) => ({ ...i, code: i.code as FixtureIssue['code'] })),
        )
      : e.kind === 'plugin-load'
        ? new PluginLoadError(e.message, e.pluginId ?? '')
        : Object.assign(new Error(e.message), { name: e.name });
  if (e.stack !== undefined) err.stack = e.stack;
  return err;
}

/** The outcome the runner answered; a plugin that left errors unhandled fails the fixture, whatever its verdict. */
export function outcomeFromAnswer(a: OutcomeResult): FixtureTestOutcome {
  const base = { file: a.file, name: a.name, durationMs: a.durationMs };
  if (a.error !== undefined) return { ...base, status: a.status, error: rebuildError(a.error, a.file) };
  const result = a.result as unknown as FixtureResult;
  if (a.strays.length === 0) return { ...base, status: a.status, result };
  const n = a.strays.length;
  const message = `${path.basename(a.file)}: the plugin left ${n} error${n === 1 ? '' : 's'} unhandled while the fixture ran (a promise without a catch, a throwing timer callback):\n${a.strays.join('\n')}`;
  return { ...base, status: 'failed', result, error: new PluginProcessError(PluginProcessFailure.Unhandled, message) };
}

/** What failed the fixture, from how its runner went. */
function failureOf(err: RunnerRequestError['error']): PluginProcessFailure {
  if (err.kind === 'timeout') return PluginProcessFailure.Hang;
  if (err.kind === 'exited')
    return /process\.exit\(/.test(err.message) ? PluginProcessFailure.Exit : PluginProcessFailure.Crash;
  return PluginProcessFailure.Crash;
}

/**
 * The outcome of a fixture whose runner failed it. Before the plugins were loaded it is the loader's failure (status
 * `plugin-error`, exit code 3: a loader that never settles, exits or crashes); after, the run's (`failed`, 1).
 * `timedOutMs` is set when the host stopped the runner at the fixture's wall-clock limit.
 */
export function outcomeFromFailure(
  file: string,
  err: RunnerRequestError['error'],
  o: { loaded: boolean; durationMs: number; timedOutMs?: number },
): FixtureTestOutcome {
  const name = path.basename(file);
  const failure = o.timedOutMs !== undefined ? PluginProcessFailure.Timeout : failureOf(err);
  const why =
    o.timedOutMs !== undefined
      ? `the fixture ran longer than its limit of ${o.timedOutMs} ms (--timeout) and its runner process was stopped`
      : /heap out of memory|Allocation failed/i.test(err.message)
        ? `the plugin ran its runner process out of memory: ${err.message}`
        : err.message;
  const base = { file: path.resolve(file), name, durationMs: o.durationMs };
  if (!o.loaded)
    return {
      ...base,
      status: 'plugin-error',
      error: new PluginLoadError(`${name}: the plugin did not load: ${why}`, ''),
    };
  return { ...base, status: 'failed', error: new PluginProcessError(failure, `${name}: ${why}`) };
}
