/**
 * The runner's use of the harness: opening a fixture to step through it, and running one as a test, with results
 * shaped for Test Explorer. Runs in the runner process only (it bundles and evaluates workspace code).
 *
 * @module
 */
import * as path from 'node:path';
import { TimelineModel, renderTimelineText, type TimelineRecord } from '@plugbench/sdk/timeline';
import { PluginLoadError } from '@plugbench/sdk';
import {
  CHECK_IDS,
  formatViolation,
  type CheckId,
  FixtureError,
  loadFixture,
  type LoadedFixture,
  PluginModuleError,
  fixtureChecks,
  openFixture,
  runFixture,
  type FixtureSession,
} from '@plugbench/harness';
import type { ExpectationResult, FixtureProblem, OpenResult, RunnerError, TaskTestResult, TestResult } from '../protocol/child-messages';

type Log = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** A fixture open for stepping. */
export interface Bench {
  readonly info: Omit<OpenResult, 'rounds' | 'finished'>;
  /** Rounds run so far. */
  readonly rounds: number;
  /** Every task has finished. */
  readonly finished: boolean;
  /** The fixture's round cap was reached. */
  readonly capped: boolean;
  /** One round; false when nothing is left to run (or the cap is reached). */
  step(): Promise<boolean>;
}

/** Where bundles go: the extension's storage, never the user's folders (set by the host). */
function cacheDir(): { cacheDir?: string } {
  const dir = process.env.PLUGBENCH_CACHE_DIR;
  return dir ? { cacheDir: dir } : {};
}

/**
 * The fixture with the host's settings applied: the round timeout where the fixture has none (or none at all under
 * the debugger), only one task when asked, contract checks off when switched off.
 */
async function load(file: string, o: { task?: string; roundTimeoutMs: number; debugging?: boolean; contractChecks?: boolean }): Promise<LoadedFixture> {
  const loaded = await loadFixture(file);
  const f = loaded.fixture;
  const executor = { ...f.executor };
  if (o.debugging || executor.roundTimeoutMs === undefined) executor.roundTimeoutMs = o.roundTimeoutMs;
  f.executor = executor;
  if (o.task !== undefined) {
    const only = f.tasks.filter((t) => t.id === o.task);
    if (only.length === 0) {
      const r = loaded.locate(['tasks']) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
      throw new FixtureError(loaded.file, [{ file: loaded.file, path: '$.tasks', ...r, code: 'custom', message: `no task "${o.task}" in this fixture; tasks: ${f.tasks.map((t) => t.id).join(', ')}` }]);
    }
    f.tasks = only;
  }
  if (o.contractChecks === false) f.checks = Object.fromEntries(CHECK_IDS.map((id) => [id, false]));
  return loaded;
}

/** Opens a fixture for stepping: plugins bundled and loaded, tasks started, no round run. */
export async function openBench(o: {
  fixture: string;
  task?: string;
  roundTimeoutMs: number;
  debugging?: boolean;
  onRecord: (r: TimelineRecord) => void;
  log: Log;
}): Promise<Bench> {
  const loaded = await load(o.fixture, o);
  if (o.debugging) {
    // Stepping under the debugger: a breakpoint in Handle should hit once per round, not again for the replay the
    // idempotency check makes (the Debug test profile keeps the checks).
    loaded.fixture.checks = { ...loaded.fixture.checks, replayHandle: false, repeatCleanup: false };
  }
  const session: FixtureSession = await openFixture(loaded, { onRecord: o.onRecord, golden: false, ...cacheDir() });
  const f = loaded.fixture;
  const plugin = f.plugin?.module ?? f.plugins?.[0]?.module;
  const executor = session.testbed.executor;
  const views = session.testbed.tasks();
  o.log('debug', `opened ${loaded.file}: ${views.length} task(s), round timeout ${f.executor?.roundTimeoutMs} ms, round cap ${session.maxRounds}`);
  return {
    info: {
      name: loaded.name,
      tasks: views.map((t) => ({ id: t.id, taskType: t.taskType, pluginId: t.pluginId })),
      ...(plugin ? { plugin: path.resolve(loaded.dir, plugin) } : {}),
      roundTimeoutMs: f.executor?.roundTimeoutMs ?? o.roundTimeoutMs,
    },
    get rounds() {
      return executor.rounds;
    },
    get finished() {
      return session.testbed.tasks().every((t) => t.finished);
    },
    get capped() {
      return executor.rounds >= session.maxRounds;
    },
    async step() {
      return (await session.step()) !== undefined;
    },
  };
}

/** Runs a fixture as a test and shapes the result for Test Explorer. */
export async function runTest(o: {
  fixture: string;
  contractChecks: boolean;
  roundTimeoutMs: number;
  debugging?: boolean;
  log: Log;
  /** Called as records are made: the host's watchdog hears from a long test. */
  progress?: () => void;
}): Promise<TestResult> {
  const started = performance.now();
  const loaded = await load(o.fixture, o);
  const f = loaded.fixture;
  const result = await runFixture(loaded, { ...cacheDir(), ...(o.progress ? { onRecord: o.progress } : {}) });
  const at = (p: (string | number)[]) => {
    for (let n = p.length; n >= 0; n--) {
      const r = loaded.locate(p.slice(0, n));
      if (r) return { file: loaded.file, line: r.line, column: r.column };
    }
    return undefined;
  };
  const tasks: TaskTestResult[] = f.tasks.map((t, i) => {
    const r = result.tasks[i]!;
    const expectations: ExpectationResult[] = Object.keys(t.expect ?? {}).map((key) => {
      const failure = r.failures.find((x) => x.what === key);
      const location = at(['tasks', i, 'expect', key]);
      return {
        id: key,
        label: key,
        passed: failure === undefined,
        ...(failure ? { message: failure.message, expected: failure.expected, actual: failure.actual } : {}),
        ...(location ? { location } : {}),
      };
    });
    return { task: t.id, passed: r.failures.length === 0, expectations, phase: `${r.nodePhase} (${r.pluginPhase})`, rounds: r.rounds };
  });
  const checks: ExpectationResult[] = [];
  const enabled = fixtureChecks(f);
  const taskIndex = new Map(f.tasks.map((t, i) => [t.id, i]));
  for (const id of CHECK_IDS as readonly CheckId[]) {
    if (!enabled[id]) continue;
    const found = result.violations.filter((v) => v.check === id);
    const first = found[0];
    const location = first?.task !== undefined ? at(['tasks', taskIndex.get(first.task) ?? 0]) : at(['checks', id]);
    checks.push({
      id,
      label: id,
      passed: found.length === 0,
      ...(first ? { message: found.map(formatViolation).join('\n') } : {}),
      ...(location ? { location } : {}),
    });
  }
  for (const failure of result.failures) {
    const location = at(failure.path);
    checks.push({ id: `expect.${failure.what}`, label: `run ${failure.what}`, passed: false, message: failure.message, expected: failure.expected, actual: failure.actual, ...(location ? { location } : {}) });
  }
  for (const what of Object.keys(f.expect ?? {})) {
    if (!result.failures.some((x) => x.what === what)) {
      const location = at(['expect', what]);
      checks.push({ id: `expect.${what}`, label: `run ${what}`, passed: true, ...(location ? { location } : {}) });
    }
  }
  if (result.golden) {
    const g = result.golden;
    const location = at(['golden']);
    checks.push({
      id: 'golden',
      label: 'golden timeline',
      passed: g.status === 'matched' || g.status === 'updated',
      ...('message' in g ? { message: g.message } : {}),
      ...(g.status === 'differs' && g.diff.fields.length > 0 ? { expected: Object.fromEntries(g.diff.fields.map((x) => [x.path, x.expected])), actual: Object.fromEntries(g.diff.fields.map((x) => [x.path, x.actual])) } : {}),
      ...(location ? { location } : {}),
    });
  }
  const text = renderTimelineText(TimelineModel.from(result.timeline));
  return {
    fixture: loaded.file,
    passed: result.passed,
    ...(f.expectFailure !== undefined ? { expectedFailure: true } : {}),
    tasks,
    checks,
    durationMs: performance.now() - started,
    timelineText: result.problems.length ? `${result.problems.join('\n')}\n\n${text}` : text,
  };
}

/** Any error of the runner as the protocol's error, with positions where there are some. */
export function toRunnerError(e: unknown): RunnerError {
  if (e instanceof FixtureError) {
    const problems: FixtureProblem[] = e.issues.map((i) => ({ file: i.file, path: i.path, line: i.line, column: i.column, endLine: i.endLine, endColumn: i.endColumn, message: i.message }));
    return { kind: 'fixture', message: e.message, problems };
  }
  if (e instanceof PluginModuleError) {
    const problems: FixtureProblem[] = e.compileErrors.map((c) => ({ file: c.file || e.file, path: '', line: c.line, column: c.column, message: c.message }));
    return {
      kind: 'plugin-load',
      message: e.message,
      file: e.file,
      ...(problems.length ? { problems } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
    };
  }
  const err = e as { name?: string; message?: string; stack?: string; kind?: string };
  if (e instanceof PluginLoadError) return { kind: 'plugin-load', message: err.message ?? String(e), ...(err.stack ? { stack: err.stack } : {}) };
  if (err?.kind === 'protocol') return { kind: 'protocol', message: err.message ?? String(e) };
  return { kind: 'internal', message: err?.message ?? String(e), ...(err?.stack ? { stack: err.stack } : {}) };
}
