/**
 * Running fixtures: load the plugins a fixture names, set up the world, start its tasks, run (or step) to the end,
 * and check the expectations, the contract checks and the golden timeline.
 *
 * @module
 */
import path from 'node:path';
import type * as SdkNode from '@plugbench/sdk/node';
import {
  LiteralMapSchema,
  PlugbenchError,
  PluginLoadError,
  UnsupportedTaskTypeError,
  toJson,
  type CallRecord,
  type PluginEntry,
  type RunOutcome,
  type RunUntil,
  type TimelineRecord,
  type World,
} from '@plugbench/sdk';
import { createTestbed, type Testbed, type TestbedOptions } from './testbed';
import { formatViolation, resolveChecks, type CheckViolation } from './checks';
import { ERROR_CATEGORIES, errorCategory, type FixtureStatus } from './error-category';
import { checkCompletes, checkRun, checkTask, type ExpectationFailure } from './expectations';
import { FixtureError, type FixtureIssue } from './fixture/errors';
import { loadFixture, type LoadedFixture, type SourceRange } from './fixture/load';
import { fixturePathIssues } from './fixture/paths';
import { fixtureSecrets, redactError, redactSecrets } from './fixture/secrets';
import type { Fixture, FixtureTask } from './fixture/schema';
import { checkGolden, type GoldenOutcome } from './golden';
import { loadFunctionExport, loadPluginEntry, type ModuleLoadOptions } from './plugin/load';

/** Options of {@link openFixture} and {@link runFixture}. */
export interface RunFixtureOptions {
  /** Receives every timeline record as it is made (to stream them to another process). */
  onRecord?: (record: TimelineRecord) => void;
  /** Rewrite the golden timeline instead of comparing with it. */
  updateGolden?: boolean;
  /** Compare with the golden timeline the fixture names. @default true */
  golden?: boolean;
  /** Where plugin bundles are written. */
  cacheDir?: string;
  /** The workspace folder: the project of a fixture with no package.json above it (see fixture/paths.ts). */
  projectRoot?: string;
  /** Let `module:` and `golden:` paths leave the fixture's project. */
  allowOutsideProject?: boolean;
}

/** A task's outcome and its expectations. */
export interface TaskResult {
  id: string;
  /** Index in the fixture's `tasks`. */
  index: number;
  nodePhase: string;
  /** The persisted plugin phase and version, `Success:0`. */
  pluginPhase: string;
  attempts: number;
  rounds: number;
  /** Events as `PHASE:version`. */
  events: string[];
  /** Plugin calls, in order. */
  calls: string[];
  error?: { code: string; message: string; kind: string };
  /** The outputs it succeeded with, IDL JSON. */
  outputs?: unknown;
  /** Expectations of this task that did not hold. */
  failures: ExpectationFailure[];
  /** Where the task is in the fixture file. */
  range?: SourceRange;
}

/** Everything about one run of a fixture. */
export interface FixtureResult {
  file: string;
  name: string;
  /** Whether the fixture passed (for an `expectFailure` fixture: whether something failed, as it should). */
  passed: boolean;
  expectFailure?: string;
  outcome: RunOutcome;
  /** Rounds run, over all tasks. */
  rounds: number;
  tasks: TaskResult[];
  /** Run-level expectations that did not hold (tokens, stop). */
  failures: ExpectationFailure[];
  /** Contract check violations. */
  violations: CheckViolation[];
  golden?: GoldenOutcome;
  /** Every problem as text, in order: expectations, checks, golden; plus why an `expectFailure` fixture passed. */
  problems: string[];
  /** The whole timeline. */
  timeline: TimelineRecord[];
  /** Wall time of the run. */
  durationMs: number;
}

/** A fixture set up and ready to step or run; see {@link openFixture}. */
export interface FixtureSession {
  readonly loaded: LoadedFixture;
  readonly testbed: Testbed;
  /** The round cap of the whole run. */
  readonly maxRounds: number;
  /** Task ids, in fixture order. */
  readonly taskIds: readonly string[];
  /** One round; `undefined` when nothing is left to run. */
  step(): Promise<CallRecord[] | undefined>;
  /** Rounds until `until` holds, within what is left of the round cap. */
  runUntil(until?: RunUntil): Promise<RunOutcome>;
  /** Runs what is left (within the cap) and checks everything. */
  finish(): Promise<FixtureResult>;
}

/** The range of `p` in the fixture, or of its nearest ancestor that is there. */
export function locateNearest(loaded: LoadedFixture, p: (string | number)[]): SourceRange | undefined {
  for (let n = p.length; n >= 0; n--) {
    const r = loaded.locate(p.slice(0, n));
    if (r !== undefined) return r;
  }
  return undefined;
}

function fixtureIssue(
  loaded: LoadedFixture,
  p: (string | number)[],
  message: string,
  code: FixtureIssue['code'] = 'custom',
): FixtureIssue {
  const r = locateNearest(loaded, p) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const jp = '$' + p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  return { file: loaded.file, path: jp, ...r, code, message };
}

/** The testbed options a fixture gives: its executor settings and its world, but the script (a module to load). */
function testbedOptions(f: Fixture): Omit<TestbedOptions, 'plugin' | 'plugins'> {
  const { script: _script, ...world } = f.world ?? {};
  return { ...f.executor, ...world, ...(f.maxRounds !== undefined ? { maxRounds: f.maxRounds } : {}) };
}

/** A fixture's `resourceManager.url`: Flyte's Redis manager over that real Redis. */
async function redisResourceManager(f: Fixture): Promise<Pick<TestbedOptions, 'resourceManager'>> {
  const rm = f.executor?.resourceManager;
  if (rm?.url === undefined) return {};
  const { url, ...rest } = rm;
  // Loaded for such a fixture only: ioredis is most of what a runner would load at start-up for no other fixture.
  // `require`, as the CLI's main.ts loads its commands: plugbench's tests run the SDK's TypeScript through a CommonJS hook.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisServerQuotaBackend } = require('@plugbench/sdk/node') as typeof SdkNode;
  return { resourceManager: { ...rest, type: 'redis', backend: new RedisServerQuotaBackend({ url, ...rest }) } };
}

/** Closes the connection of a fixture's real Redis manager, once its run is over. */
async function closeQuotaBackend(testbed: Testbed): Promise<void> {
  const backend = testbed.executor.quota as { close?: () => Promise<void> };
  if (typeof backend.close === 'function') await backend.close();
}

/** The contract check settings of a fixture: `checks` switches, and the round cap's off when hitting it is expected. */
export function fixtureChecks(f: Fixture) {
  return resolveChecks({ ...f.checks, ...(f.expect?.stop === 'round-cap' ? { roundCap: false } : {}) });
}

/** The world script of a fixture, as the testbed's `beforeRound`. */
async function loadWorldScript(
  loaded: LoadedFixture,
  loadOptions: ModuleLoadOptions,
): Promise<TestbedOptions['beforeRound']> {
  const script = loaded.fixture.world?.script;
  if (script === undefined) return undefined;
  const fn = (await loadFunctionExport(script.module, script.export ?? 'beforeRound', loaded.dir, loadOptions)) as (
    round: { task: string; round: number; attempt: number; atMs: number },
    world: World,
  ) => unknown;
  return async (round, world) => void (await fn(round, world));
}

/** Creates the testbed a fixture describes; configuration Flyte refuses at start-up is a fixture error. */
async function startTestbed(
  loaded: LoadedFixture,
  plugins: PluginEntry[],
  beforeRound: TestbedOptions['beforeRound'],
  options: RunFixtureOptions,
): Promise<Testbed> {
  const f = loaded.fixture;
  try {
    return await createTestbed({
      ...testbedOptions(f),
      ...(await redisResourceManager(f)),
      plugins,
      checks: fixtureChecks(f),
      ...(options.onRecord !== undefined ? { onRecord: options.onRecord } : {}),
      ...(beforeRound !== undefined ? { beforeRound } : {}),
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    });
  } catch (e) {
    if (e instanceof PluginLoadError || !(e instanceof PlugbenchError)) throw e;
    // Two plugins for a type, a default plugin that is not enabled.
    const where = f.executor !== undefined ? ['executor'] : f.plugins !== undefined ? ['plugins'] : ['plugin'];
    throw new FixtureError(loaded.file, [fixtureIssue(loaded, where, e.message)]);
  }
}

/** Starts the fixture's tasks, in order; a task the testbed refuses is a fixture error at that task. */
function startTasks(loaded: LoadedFixture, testbed: Testbed): string[] {
  return loaded.fixture.tasks.map((t, i) => {
    const { expect: _expect, ...spec } = t;
    try {
      return testbed.task(spec);
    } catch (e) {
      if (!(e instanceof PlugbenchError)) throw e;
      const p =
        e instanceof UnsupportedTaskTypeError
          ? t.type !== undefined
            ? ['tasks', i, 'type']
            : ['tasks', i, 'template', 'type']
          : ['tasks', i];
      const hint =
        e instanceof UnsupportedTaskTypeError
          ? `; the plugins handle: ${testbed.executor.timeline.flatMap((r) => (r.kind === 'run.started' ? r.plugins.flatMap((p) => p.taskTypes) : [])).join(', ')}`
          : '';
      throw new FixtureError(loaded.file, [fixtureIssue(loaded, p, `${e.message}${hint}`)]);
    }
  });
}

/** A session over a started testbed: stepping and running stay within the fixture's round cap. */
function fixtureSession(
  loaded: LoadedFixture,
  testbed: Testbed,
  taskIds: string[],
  options: RunFixtureOptions,
): FixtureSession {
  const { maxRounds } = testbed;
  const remaining = () => Math.max(0, maxRounds - testbed.executor.rounds);
  return {
    loaded,
    testbed,
    maxRounds,
    taskIds,
    step: () => (remaining() > 0 ? testbed.step() : Promise.resolve(undefined)),
    runUntil: (until = {}) =>
      testbed.runUntil({ ...until, maxRounds: Math.min(until.maxRounds ?? Infinity, remaining()) }),
    finish: async () => {
      const started = performance.now();
      if (testbed.outcome === undefined || !testbed.tasks().every((t) => t.finished))
        await testbed.runUntil({ terminal: 'all', maxRounds: remaining() });
      try {
        return await evaluate(loaded, testbed, options, started);
      } finally {
        await closeQuotaBackend(testbed);
      }
    },
  };
}

/**
 * Loads a fixture's plugins and world script, creates the testbed and starts the tasks, without running a round:
 * step it with {@link FixtureSession.step}, or {@link FixtureSession.finish} it. This is how another process (the
 * VS Code extension's runner) drives a fixture round by round, streaming records through `onRecord`.
 * @throws {@link FixtureError} for an invalid fixture or configuration (exit code 2 of `plugbench`);
 * `PluginLoadError` (a `PluginModuleError` for module problems) when a plugin cannot be loaded (exit code 3).
 */
export async function openFixture(
  source: string | LoadedFixture,
  options: RunFixtureOptions = {},
): Promise<FixtureSession> {
  const loaded = typeof source === 'string' ? await loadFixture(source) : source;
  const secrets = fixtureSecrets(loaded.fixture);
  try {
    return await startFixture(loaded, options);
  } catch (e) {
    throw redactError(e, secrets);
  }
}

/** The steps of {@link openFixture} once the fixture is loaded. */
async function startFixture(loaded: LoadedFixture, options: RunFixtureOptions): Promise<FixtureSession> {
  const pathIssues = fixturePathIssues(loaded, options);
  if (pathIssues.length > 0) throw new FixtureError(loaded.file, pathIssues);
  const f = loaded.fixture;
  const loadOptions: ModuleLoadOptions = options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {};
  const plugins: PluginEntry[] = [];
  for (const ref of f.plugins ?? (f.plugin !== undefined ? [f.plugin] : []))
    plugins.push(await loadPluginEntry(ref, loaded.dir, loadOptions));
  const testbed = await startTestbed(loaded, plugins, await loadWorldScript(loaded, loadOptions), options);
  return fixtureSession(loaded, testbed, startTasks(loaded, testbed), options);
}

/** A task's outcome and its expectations. */
async function taskResult(loaded: LoadedFixture, testbed: Testbed, t: FixtureTask, index: number): Promise<TaskResult> {
  const v = testbed.view(t.id);
  const err = testbed.finished(t.id)?.err;
  const out = await testbed.outputs(t.id).catch(() => undefined);
  const range = loaded.locate(['tasks', index]);
  return {
    id: t.id,
    index,
    nodePhase: v.nodePhase,
    pluginPhase: `${v.pluginPhase}:${v.pluginPhaseVersion}`,
    attempts: testbed.attempts(t.id),
    rounds: v.rounds,
    events: testbed.eventStrings(t.id),
    calls: testbed.callNames(t.id),
    ...(err !== undefined ? { error: err } : {}),
    ...(out?.outputs !== undefined ? { outputs: toJson(LiteralMapSchema, out.outputs) } : {}),
    failures: [...(await checkTask(testbed, t, index)), ...checkCompletes(testbed, loaded.fixture, t, index)],
    ...(range !== undefined ? { range } : {}),
  };
}

/**
 * Whether a fixture passed, and every problem as text: expectations and checks, then why an `expectFailure` fixture
 * did not fail, then the golden timeline (which must match even when failing is expected).
 */
function verdict(
  f: Fixture,
  problems: string[],
  golden: GoldenOutcome | undefined,
): { passed: boolean; problems: string[] } {
  const goldenProblem =
    golden !== undefined && (golden.status === 'missing' || golden.status === 'differs') ? golden.message : undefined;
  const failedAsExpected = f.expectFailure === undefined || problems.length > 0;
  const passed =
    (f.expectFailure !== undefined ? problems.length > 0 : problems.length === 0) && goldenProblem === undefined;
  return {
    passed,
    problems: [
      ...problems,
      ...(failedAsExpected ? [] : [`expected to fail (${f.expectFailure}), but every expectation and check passed`]),
      ...(goldenProblem !== undefined ? [goldenProblem] : []),
    ],
  };
}

async function evaluate(
  loaded: LoadedFixture,
  testbed: Testbed,
  options: RunFixtureOptions,
  started: number,
): Promise<FixtureResult> {
  const f = loaded.fixture;
  const tasks: TaskResult[] = [];
  for (const [i, t] of f.tasks.entries()) tasks.push(await taskResult(loaded, testbed, t, i));
  const failures = checkRun(testbed, f);
  for (const x of [...tasks.flatMap((t) => t.failures), ...failures]) {
    const range = locateNearest(loaded, x.path);
    if (range !== undefined) x.range = range;
  }
  const violations = testbed.violations();
  const golden =
    f.golden !== undefined && options.golden !== false
      ? await checkGolden(path.resolve(loaded.dir, f.golden), testbed.timeline, options.updateGolden === true)
      : undefined;
  const { passed, problems } = verdict(
    f,
    [
      ...tasks.flatMap((t) => t.failures.map(formatFailure)),
      ...failures.map(formatFailure),
      ...violations.map(formatViolation),
    ],
    golden,
  );
  // The timeline is redacted as it is recorded; the rest carries plugin values (outputs, errors) and fixture values.
  const secrets = fixtureSecrets(f);
  const redacted = redactSecrets({ tasks, failures, violations, golden, problems }, secrets);
  return {
    file: loaded.file,
    name: loaded.name,
    passed,
    ...(f.expectFailure !== undefined ? { expectFailure: f.expectFailure } : {}),
    outcome: testbed.outcome ?? { reason: 'idle', rounds: 0 },
    rounds: testbed.executor.rounds,
    tasks: redacted.tasks,
    failures: redacted.failures,
    violations: redacted.violations,
    ...(redacted.golden !== undefined ? { golden: redacted.golden } : {}),
    problems: redacted.problems,
    timeline: [...testbed.timeline],
    durationMs: performance.now() - started,
  };
}

const show = (v: unknown) => (v === undefined ? '(nothing)' : JSON.stringify(v));

/** `task a: the events sent differ\n  expected [...]\n  actual   [...]`. */
export function formatFailure(f: ExpectationFailure): string {
  return `${f.message}\n  expected ${show(f.expected)}\n  actual   ${show(f.actual)}`;
}

/**
 * Runs a fixture to the end and checks its expectations, contract checks and golden timeline. Never throws for a
 * plugin that misbehaves (that is a failed result); throws for a fixture that cannot run.
 * @throws {@link FixtureError} for an invalid fixture or configuration; `PluginLoadError` for a plugin that cannot
 * be loaded.
 */
export async function runFixture(
  source: string | LoadedFixture,
  options: RunFixtureOptions = {},
): Promise<FixtureResult> {
  const started = performance.now();
  const session = await openFixture(source, options);
  const result = await session.finish();
  result.durationMs = performance.now() - started;
  return result;
}

/** One fixture's test outcome: a result, or the error that kept it from running. */
export interface FixtureTestOutcome {
  file: string;
  name: string;
  status: FixtureStatus;
  result?: FixtureResult;
  /** Why it could not run (status invalid or plugin-error). */
  error?: FixtureError | PluginLoadError | Error;
  durationMs: number;
}

/** Runs a fixture as a test: never throws; an invalid fixture or a plugin that cannot load is a status. */
export async function testFixture(file: string, options: RunFixtureOptions = {}): Promise<FixtureTestOutcome> {
  const started = performance.now();
  const name = path.basename(file);
  try {
    const result = await runFixture(file, options);
    return {
      file: result.file,
      name: result.name,
      status: result.passed ? 'passed' : 'failed',
      result,
      durationMs: performance.now() - started,
    };
  } catch (e) {
    return {
      file: path.resolve(file),
      name,
      status: ERROR_CATEGORIES[errorCategory(e)].status,
      error: e instanceof Error ? e : new Error(String(e)),
      durationMs: performance.now() - started,
    };
  }
}

/** Runs fixtures one after the other, yielding each outcome as it comes (never stops at the first failure). */
export async function* runFixtures(
  files: Iterable<string>,
  options: RunFixtureOptions = {},
): AsyncGenerator<FixtureTestOutcome> {
  for (const file of files) yield await testFixture(file, options);
}
