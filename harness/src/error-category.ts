/**
 * What kind of error kept a fixture (or the `plugbench` command) from running, and every way that kind shows: the
 * fixture's test status, the exit code of `plugbench`, the JUnit failure type and the runner's error kind. One table,
 * so that the CLI, its reporters and the VS Code extension's runner cannot disagree.
 *
 * Errors are recognised by `instanceof`, which holds across two copies of the packages (the extension bundles its own
 * harness and SDK, a plugin imports another): every class involved is marked with `crossRealmClass`.
 *
 * @module
 */
import { PluginLoadError } from '@plugbench/sdk';
import { FixtureError } from './fixture/errors';

/** The categories of an error that kept a fixture from running; the values are also the runner's error kinds. */
export const ErrorCategory = {
  /** The fixture, or the executor configuration it gives, is invalid: a `FixtureError`. */
  Fixture: 'fixture',
  /** A plugin (or world script) cannot be loaded: a `PluginLoadError`, `PluginModuleError` included. */
  PluginLoad: 'plugin-load',
  /** Anything else: a bug of plugbench or of what hosts it. */
  Internal: 'internal',
} as const;
/** A value of {@link ErrorCategory}. */
export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

/** The status of a fixture in a test run. */
export const FixtureStatus = {
  Passed: 'passed',
  Failed: 'failed',
  Invalid: 'invalid',
  PluginError: 'plugin-error',
} as const;
/** A value of {@link FixtureStatus}. */
export type FixtureStatus = (typeof FixtureStatus)[keyof typeof FixtureStatus];

/**
 * Exit codes of `plugbench`: 0 all passed, 1 a test failed, 2 a fixture or the command line is invalid, 3 a plugin
 * failed to load, 70 an internal error (`EX_SOFTWARE` of sysexits.h).
 */
export const ExitCode = { Passed: 0, Failed: 1, Invalid: 2, PluginLoad: 3, Internal: 70 } as const;
/** A value of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of `plugbench test` for each fixture status; the run exits with the worst one. */
export const EXIT_CODES: { readonly [S in FixtureStatus]: ExitCode } = {
  passed: ExitCode.Passed,
  failed: ExitCode.Failed,
  invalid: ExitCode.Invalid,
  'plugin-error': ExitCode.PluginLoad,
};

/** How an error category shows. */
export interface ErrorCategoryInfo {
  /**
   * The status of the fixture it stopped. An internal error fails that fixture's test and the run goes on, so the
   * other fixtures are still reported; only an error of the command itself exits with {@link exitCode} 70.
   */
  readonly status: Exclude<FixtureStatus, 'passed'>;
  /** The exit code of `plugbench` when the error stops the command. */
  readonly exitCode: ExitCode;
  /** The `type` of the JUnit `<error>`; the error's class name when `undefined`. */
  readonly junitType: string | undefined;
}

/** Every category and how it shows. */
export const ERROR_CATEGORIES: { readonly [C in ErrorCategory]: ErrorCategoryInfo } = {
  fixture: { status: FixtureStatus.Invalid, exitCode: ExitCode.Invalid, junitType: 'InvalidFixture' },
  'plugin-load': { status: FixtureStatus.PluginError, exitCode: ExitCode.PluginLoad, junitType: 'PluginLoadError' },
  internal: { status: FixtureStatus.Failed, exitCode: ExitCode.Internal, junitType: undefined },
};

/** The category of an error (of anything thrown). */
export function errorCategory(e: unknown): ErrorCategory {
  if (e instanceof FixtureError) return ErrorCategory.Fixture;
  if (e instanceof PluginLoadError) return ErrorCategory.PluginLoad;
  return ErrorCategory.Internal;
}

/** An error classified: its category and how that shows, with the JUnit type resolved to a name. */
export interface ClassifiedError extends ErrorCategoryInfo {
  readonly category: ErrorCategory;
  readonly junitType: string;
}

/** Classifies anything thrown: {@link errorCategory} and its {@link ERROR_CATEGORIES} entry. */
export function classifyError(e: unknown): ClassifiedError {
  const category = errorCategory(e);
  const info = ERROR_CATEGORIES[category];
  const name = e instanceof Error ? e.name : 'Error';
  return { category, ...info, junitType: info.junitType ?? name };
}
