/**
 * An error of the runner as the protocol's error: its kind is the harness's error category (the one mapping of
 * error classes, which the CLI's status, exit code and JUnit type use too), with the places and problems the host
 * shows as diagnostics.
 *
 * @module
 */
import { ErrorCategory, errorCategory } from '../../error-category';
import { FixtureError } from '../../fixture/errors';
import { PluginModuleError } from '../../plugin/errors';
import { RunnerErrorKind } from '../protocol/runner-schema';
import type { FixtureProblem, RunnerError } from '../protocol/runner-messages';

/** An error of this protocol (a request out of order, one that does not parse): the host sent something wrong. */
export function protocolError(message: string): Error {
  return Object.assign(new Error(message), { kind: RunnerErrorKind.Protocol });
}

/** Any error of the runner as the protocol's error, its kind the harness's {@link errorCategory}, with positions where there are some. */
export function toRunnerError(e: unknown): RunnerError {
  const err = e as { message?: string; stack?: string; kind?: string } | undefined;
  const message = err?.message ?? String(e);
  const stack = err?.stack !== undefined ? { stack: err.stack } : {};
  if (err?.kind === RunnerErrorKind.Protocol) return { kind: RunnerErrorKind.Protocol, message };
  const kind = errorCategory(e);
  switch (kind) {
    case ErrorCategory.Fixture:
      return { kind, message, ...(e instanceof FixtureError ? { problems: fixtureProblems(e) } : {}) };
    case ErrorCategory.PluginLoad:
      return e instanceof PluginModuleError
        ? { kind, message, ...moduleProblems(e), ...stack }
        : { kind, message, ...stack };
    case ErrorCategory.Internal:
      return { kind, message, ...stack };
  }
}

/** The issues of an invalid fixture, placed. */
function fixtureProblems(e: FixtureError): FixtureProblem[] {
  return e.issues.map((i) => ({
    file: i.file,
    path: i.path,
    line: i.line,
    column: i.column,
    endLine: i.endLine,
    endColumn: i.endColumn,
    message: i.message,
  }));
}

/** The plugin module that did not load, and its compile errors. */
function moduleProblems(e: PluginModuleError): Pick<RunnerError, 'file' | 'problems'> {
  const problems: FixtureProblem[] = e.compileErrors.map((c) => ({
    file: c.file || e.file,
    path: '',
    line: c.line,
    column: c.column,
    message: c.message,
  }));
  return { file: e.file, ...(problems.length ? { problems } : {}) };
}
