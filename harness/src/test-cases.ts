/**
 * A fixture's results as test cases, the one place that decides what a case is, whether it passed and what it
 * says. Two grains: {@link reportedCases}, one case a task, the run, the contract checks and the golden timeline
 * (`plugbench test`'s reporters), and {@link expectationCases}, one case an expectation, a contract check and the
 * golden timeline, each with the fixture path it is written at (the extension's Test Explorer).
 *
 * @module
 */
import path from 'node:path';
import { CHECK_IDS, formatViolation } from './checks';
import type { ExpectationFailure } from './expectations';
import { classifyError } from './error-category';
import { FixtureError } from './fixture/errors';
import { formatJsonPathDiff, jsonPathDiff } from './json-path-diff';
import type { Fixture } from './fixture/schema';
import type { GoldenOutcome } from './golden';
import { fixtureChecks, formatFailure, type FixtureResult, type FixtureTestOutcome } from './run-fixture';

export { locateNearest } from './run-fixture';

/** A test case of a fixture, as `plugbench test` reports it. */
export interface ReportedCase {
  name: string;
  passed: boolean;
  /** Why it failed (or, for a case that passed by failing as expected, what failed). */
  messages: string[];
  /** An error that kept the fixture from running. */
  error?: { type: string; message: string };
  /** Where in the fixture file the first failure is written (1-based). */
  location?: { file: string; line: number; column: number };
}

/** One expectation, contract check or golden timeline of a fixture run. */
export interface ExpectationCase {
  /** Stable within the fixture: the expectation's key (`events`), `expect.<key>` for the run's, a check id, `golden`. */
  id: string;
  /** For people. */
  label: string;
  passed: boolean;
  message?: string;
  /** JSON-able values of a failed expectation. */
  expected?: unknown;
  actual?: unknown;
  /** Where the case is written in the fixture, as keys (`['tasks', 0, 'expect', 'events']`): locate its nearest part. */
  path: (string | number)[];
}

/** The expectation cases of one task. */
export interface TaskCases {
  task: string;
  passed: boolean;
  expectations: ExpectationCase[];
  /** Final node and plugin phase, `SUCCEEDED (Success:2)`, and rounds, for the test's output. */
  phase: string;
  rounds: number;
}

/** A fixture run's expectation cases: per task, and of the whole fixture (checks, run expectations, golden). */
export interface FixtureCases {
  tasks: TaskCases[];
  checks: ExpectationCase[];
}

/** The golden timeline as a case: passed when it matched (or was written). */
export function goldenCase(g: GoldenOutcome): ExpectationCase {
  return {
    id: 'golden',
    label: 'golden timeline',
    passed: g.status === 'matched' || g.status === 'updated',
    ...('message' in g ? { message: g.message } : {}),
    ...(g.status === 'differs' && g.diff.fields.length > 0
      ? {
          expected: Object.fromEntries(g.diff.fields.map((x) => [x.path, x.expected])),
          actual: Object.fromEntries(g.diff.fields.map((x) => [x.path, x.actual])),
        }
      : {}),
    path: ['golden'],
  };
}

const failureCase = (id: string, label: string, f: ExpectationFailure): ExpectationCase => ({
  id,
  label,
  passed: false,
  message: f.message,
  expected: f.expected,
  actual: f.actual,
  path: f.path,
});

/** The cases of every expectation `fixture` writes, of every contract check it runs, and of its golden timeline. */
export function expectationCases(fixture: Fixture, result: FixtureResult): FixtureCases {
  const tasks = fixture.tasks.map((t, i): TaskCases => {
    const r = result.tasks[i]!;
    const expectations = Object.keys(t.expect ?? {}).map((key): ExpectationCase => {
      const failure = r.failures.find((x) => x.what === key);
      return failure
        ? failureCase(key, key, failure)
        : { id: key, label: key, passed: true, path: ['tasks', i, 'expect', key] };
    });
    return {
      task: t.id,
      passed: r.failures.length === 0,
      expectations,
      phase: `${r.nodePhase} (${r.pluginPhase})`,
      rounds: r.rounds,
    };
  });
  const checks: ExpectationCase[] = [];
  const enabled = fixtureChecks(fixture);
  const taskIndex = new Map(fixture.tasks.map((t, i) => [t.id, i]));
  for (const id of CHECK_IDS) {
    if (!enabled[id]) continue;
    const found = result.violations.filter((v) => v.check === id);
    const first = found[0];
    const where = first?.task !== undefined ? ['tasks', taskIndex.get(first.task) ?? 0] : ['checks', id];
    checks.push({
      id,
      label: id,
      passed: found.length === 0,
      ...(first ? { message: found.map(formatViolation).join('\n') } : {}),
      path: where,
    });
  }
  for (const f of result.failures) checks.push(failureCase(`expect.${f.what}`, `run ${f.what}`, f));
  for (const what of Object.keys(fixture.expect ?? {})) {
    if (!result.failures.some((x) => x.what === what))
      checks.push({ id: `expect.${what}`, label: `run ${what}`, passed: true, path: ['expect', what] });
  }
  if (result.golden) checks.push(goldenCase(result.golden));
  return { tasks, checks };
}

/** The test cases of one fixture outcome, as `plugbench test` reports them. */
export function reportedCases(o: FixtureTestOutcome): ReportedCase[] {
  if (o.result === undefined) {
    const e = o.error!;
    return [
      errorCase(
        o.status === 'invalid' ? 'fixture is valid' : o.status === 'plugin-error' ? 'plugin loads' : 'plugin runs',
        e,
      ),
    ];
  }
  const r = o.result;
  // A result and an error: the plugin broke its process after the verdict (an error it left unhandled).
  const broken = o.error !== undefined ? [errorCase('plugin runs', o.error)] : [];
  if (r.expectFailure !== undefined) {
    return [{ name: `fails on purpose: ${r.expectFailure}`, passed: r.passed, messages: r.problems }, ...broken];
  }
  const cases: ReportedCase[] = r.tasks.map((t) => failuresCase(`task ${t.id}`, r.file, t.failures));
  if (r.failures.length > 0 || r.tasks.length === 0) cases.push(failuresCase('run', r.file, r.failures));
  const violated = r.tasks.find((t) => r.violations.some((v) => v.task === t.id))?.range;
  cases.push({
    name: 'contract checks',
    passed: r.violations.length === 0,
    messages: r.violations.map(formatViolation),
    ...(violated ? { location: { file: r.file, line: violated.line, column: violated.column } } : {}),
  });
  if (r.golden !== undefined) {
    const golden = goldenCase(r.golden);
    cases.push({
      name: `golden timeline ${path.basename(r.golden.file)}`,
      passed: golden.passed,
      messages: golden.message !== undefined && !golden.passed ? [golden.message] : [],
    });
  }
  return [...cases, ...broken];
}

/** A case that an error failed: the error's JUnit type and its first line; a fixture error at its first issue. */
function errorCase(name: string, e: Error): ReportedCase {
  const issue = e instanceof FixtureError ? e.issues[0] : undefined;
  return {
    name,
    passed: false,
    messages: [e.message],
    error: { type: classifyError(e).junitType, message: e.message.split('\n')[0]! },
    ...(issue ? { location: { file: issue.file, line: issue.line, column: issue.column } } : {}),
  };
}

/** A case of expectations: each failure at its `file:line:col`, with where expected and actual differ by JSON path. */
function failuresCase(name: string, file: string, failures: readonly ExpectationFailure[]): ReportedCase {
  const messages = failures.map((f) => {
    const at = f.range ? `\n  at ${file}:${f.range.line}:${f.range.column}` : '';
    const root = `$${f.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`;
    const diff = formatJsonPathDiff(jsonPathDiff(f.expected, f.actual, root));
    const paths =
      diff.length > 0 && (typeof f.expected === 'object' || typeof f.actual === 'object')
        ? `\n  differences:\n${diff.map((d) => `    ${d}`).join('\n')}`
        : '';
    return `${formatFailure(f)}${at}${paths}`;
  });
  const first = failures.find((f) => f.range !== undefined)?.range;
  return {
    name,
    passed: failures.length === 0,
    messages,
    ...(first ? { location: { file, line: first.line, column: first.column } } : {}),
  };
}
