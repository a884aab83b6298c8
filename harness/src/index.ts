/**
 * `@plugbench/harness`: fixtures, a testbed to run plugins on in tests, assertion helpers, contract checks and golden
 * timelines for Flyte backend plugins written with `@plugbench/sdk`. The `plugbench` command is built on this.
 *
 * @module
 */
export {
  createTestbed,
  Testbed,
  type TestbedOptions,
  type PluginSpec,
  type HeldToken,
  type TaskOutputs,
} from './testbed';
export { literals, buildTemplate, type TestbedTaskSpec, type SimpleTypeName } from './testbed-task';
export {
  expectEvents,
  expectCalls,
  expectPhase,
  expectOutputs,
  expectError,
  expectTokensReleased,
  expectNoViolations,
  type ExpectedPhase,
} from './assertions';
export {
  CheckId,
  CHECK_IDS,
  resolveChecks,
  formatViolation,
  type CheckSettings,
  type CheckViolation,
  type CheckInput,
} from './checks';
export { runChecks } from './check-rules';
export {
  checkTask,
  checkRun,
  type ExpectationFailure,
  type ExpectationKind,
  type ExpectedCalls,
  type ExpectedError,
} from './expectations';
export {
  openFixture,
  runFixture,
  testFixture,
  runFixtures,
  fixtureChecks,
  formatFailure,
  type RunFixtureOptions,
  type FixtureResult,
  type FixtureSession,
  type FixtureTestOutcome,
  type TaskResult,
} from './run-fixture';
export {
  ErrorCategory,
  ERROR_CATEGORIES,
  errorCategory,
  classifyError,
  FixtureStatus,
  ExitCode,
  EXIT_CODES,
  type ErrorCategoryInfo,
  type ClassifiedError,
} from './error-category';
export * from './fixture/index';
export {
  expectationCases,
  reportedCases,
  goldenCase,
  locateNearest,
  type ExpectationCase,
  type TaskCases,
  type FixtureCases,
  type ReportedCase,
} from './test-cases';
export { PluginModuleError, ModuleProblem, type CompileMessage } from './plugin/errors';
export {
  loadPluginEntry,
  loadFunctionExport,
  loadModule,
  bundleModule,
  evaluateBundle,
  isPluginEntry,
  defaultCacheDir,
  type ModuleLoadOptions,
  type PluginModuleRef,
  type BundledModule,
} from './plugin/load';
export {
  canonicalRecord,
  goldenText,
  compareGolden,
  formatGoldenDiff,
  checkGolden,
  type GoldenDiff,
  type GoldenFieldDiff,
  type GoldenOutcome,
} from './golden';
