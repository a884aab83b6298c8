/**
 * The runner's one mapping of an error to the protocol's error: which error class is which {@link RunnerErrorKind},
 * with the places and problems the host shows as diagnostics.
 *
 * @module
 */
import { PluginLoadError } from '@plugbench/sdk/contract/errors';
import { FixtureError } from '@plugbench/harness/fixture/errors';
import { PluginModuleError } from '@plugbench/harness/plugin/errors';
import { RunnerErrorKind } from '../protocol/runner-schema';
import type { FixtureProblem, RunnerError } from '../protocol/runner-messages';

/** An error of this protocol (a request out of order, one that does not parse): the host sent something wrong. */
export function protocolError(message: string): Error {
  return Object.assign(new Error(message), { kind: RunnerErrorKind.Protocol });
}

/** Any error of the runner as the protocol's error, with positions where there are some. */
export function toRunnerError(e: unknown): RunnerError {
  if (e instanceof FixtureError) {
    const problems: FixtureProblem[] = e.issues.map((i) => ({ file: i.file, path: i.path, line: i.line, column: i.column, endLine: i.endLine, endColumn: i.endColumn, message: i.message }));
    return { kind: RunnerErrorKind.Fixture, message: e.message, problems };
  }
  if (e instanceof PluginModuleError) {
    const problems: FixtureProblem[] = e.compileErrors.map((c) => ({ file: c.file || e.file, path: '', line: c.line, column: c.column, message: c.message }));
    return {
      kind: RunnerErrorKind.PluginLoad,
      message: e.message,
      file: e.file,
      ...(problems.length ? { problems } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
    };
  }
  const err = e as { name?: string; message?: string; stack?: string; kind?: string };
  if (e instanceof PluginLoadError) return { kind: RunnerErrorKind.PluginLoad, message: err.message ?? String(e), ...(err.stack ? { stack: err.stack } : {}) };
  if (err?.kind === RunnerErrorKind.Protocol) return { kind: RunnerErrorKind.Protocol, message: err.message ?? String(e) };
  return { kind: RunnerErrorKind.Internal, message: err?.message ?? String(e), ...(err?.stack ? { stack: err.stack } : {}) };
}
