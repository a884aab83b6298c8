/**
 * A fixture's `expect`, checked against a finished testbed: per task (phases, events, outputs, error, calls, attempts,
 * rounds) and for the run (tokens held at the end, why it stopped). Each failure carries expected and actual values
 * and the fixture path of the expectation, so editors can put it at the right line.
 *
 * @module
 */
import {
  LiteralMapSchema,
  canonicalJson,
  toJson,
  type CallRecord,
  type JsonValue,
  type TaskFinished,
} from '@plugbench/sdk';
import type { Testbed } from './testbed';
import type { Fixture, FixtureTask } from './fixture/schema';

/** What was expected: the key of the expectation. */
export type ExpectationKind =
  | 'nodePhase'
  | 'pluginPhase'
  | 'events'
  | 'outputs'
  | 'error'
  | 'calls'
  | 'attempts'
  | 'rounds'
  | 'completes'
  | 'tokens'
  | 'stop';

/** One expectation that did not hold. */
export interface ExpectationFailure {
  /** The task, for task expectations. */
  task?: string;
  what: ExpectationKind;
  message: string;
  expected: unknown;
  actual: unknown;
  /** The fixture path of the expectation (`['tasks', 0, 'expect', 'events']`). */
  path: (string | number)[];
  /** Where the expectation is in the fixture file (set by the fixture runner). */
  range?: { line: number; column: number; endLine: number; endColumn: number };
}

/** Expected and actual of one expectation, in the same shape. */
export interface Compared {
  expected: unknown;
  actual: unknown;
}

/** Whether an expectation holds: expected and actual are the same JSON, whatever the order of object keys. */
export function holds(c: Compared): boolean {
  return canonicalJson(c.expected) === canonicalJson(c.actual);
}

/** The fields `expected` gives and the same fields of `actual`: an expectation says only what it cares about. */
export function compareFields(
  expected: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
): Compared {
  const keys = Object.keys(expected).filter((k) => expected[k] !== undefined);
  return {
    expected: Object.fromEntries(keys.map((k) => [k, expected[k]])),
    actual: Object.fromEntries(keys.map((k) => [k, actual[k]])),
  };
}

/** Plugin calls: an exact sequence, or counts per call. */
export type ExpectedCalls = ReadonlyArray<'handle' | 'abort' | 'finalize'> | CallCounts;
/** How many times each plugin call is made. */
export type CallCounts = { handle?: number; abort?: number; finalize?: number };

/** Plugin call names against an exact sequence, or against counts of the calls the counts name. */
export function compareCalls(names: readonly string[], expected: ExpectedCalls): Compared {
  if (Array.isArray(expected)) return { expected: [...(expected as readonly string[])], actual: [...names] };
  const count = (call: string) => names.filter((n) => n === call).length;
  return compareFields(
    expected as CallCounts,
    Object.fromEntries(['handle', 'abort', 'finalize'].map((k) => [k, count(k)])),
  );
}

/** The error a task is expected to fail with; `message` matches as a substring. */
export interface ExpectedError {
  code?: string;
  kind?: 'UNKNOWN' | 'USER' | 'SYSTEM';
  message?: string;
}

/** A task's error against the one expected; the actual side is `undefined` when the task did not fail with one. */
export function compareError(err: TaskFinished['err'], expected: ExpectedError): Compared {
  const wanted = { code: expected.code, kind: expected.kind, message: expected.message };
  if (err === undefined) return { expected: compareFields(wanted, {}).expected, actual: undefined };
  const message =
    expected.message !== undefined && err.message.includes(expected.message) ? expected.message : err.message;
  return compareFields(wanted, { code: err.code, kind: err.kind, message });
}

/** The outputs a task succeeded with, as IDL JSON, against IDL JSON; `succeeded` is false when it has none. */
export async function compareOutputs(
  testbed: Testbed,
  task: string,
  expected: JsonValue,
): Promise<Compared & { succeeded: boolean }> {
  const got = await testbed.outputs(task);
  return {
    expected,
    actual: got?.outputs === undefined ? undefined : toJson(LiteralMapSchema, got.outputs),
    succeeded: got !== undefined,
  };
}

/** Checks one task's expectations. */
export async function checkTask(testbed: Testbed, task: FixtureTask, index: number): Promise<ExpectationFailure[]> {
  const e = task.expect;
  if (e === undefined) return [];
  const out: ExpectationFailure[] = [];
  const id = task.id;
  const at = (what: ExpectationKind) => ['tasks', index, 'expect', what];
  const check = (what: ExpectationKind, c: Compared, message: string) => {
    if (!holds(c)) out.push({ task: id, what, message, expected: c.expected, actual: c.actual, path: at(what) });
  };
  const view = testbed.view(id);
  if (e.nodePhase !== undefined)
    check(
      'nodePhase',
      { expected: e.nodePhase, actual: view.nodePhase },
      `task ${id}: node phase is ${view.nodePhase}, expected ${e.nodePhase}`,
    );
  if (e.pluginPhase !== undefined)
    check(
      'pluginPhase',
      { expected: e.pluginPhase, actual: view.pluginPhase },
      `task ${id}: plugin phase is ${view.pluginPhase}, expected ${e.pluginPhase}`,
    );
  if (e.events !== undefined)
    check('events', { expected: e.events, actual: testbed.eventStrings(id) }, `task ${id}: the events sent differ`);
  if (e.calls !== undefined)
    check(
      'calls',
      compareCalls(testbed.callNames(id), e.calls),
      `task ${id}: the plugin ${Array.isArray(e.calls) ? 'calls' : 'call counts'} differ`,
    );
  if (e.attempts !== undefined)
    check(
      'attempts',
      { expected: e.attempts, actual: testbed.attempts(id) },
      `task ${id}: ran ${testbed.attempts(id)} attempt(s), expected ${e.attempts}`,
    );
  if (e.rounds !== undefined)
    check(
      'rounds',
      { expected: e.rounds, actual: view.rounds },
      `task ${id}: took ${view.rounds} round(s), expected ${e.rounds}`,
    );
  if (e.error !== undefined) {
    const c = compareError(testbed.finished(id)?.err, e.error);
    check(
      'error',
      c,
      c.actual === undefined
        ? `task ${id}: did not fail with an error (node phase ${view.nodePhase})`
        : `task ${id}: the error differs`,
    );
  }
  if (e.outputs !== undefined) {
    const c = await compareOutputs(testbed, id, toJson(LiteralMapSchema, e.outputs));
    check(
      'outputs',
      c,
      c.succeeded
        ? `task ${id}: the outputs differ`
        : `task ${id}: did not succeed with outputs (node phase ${view.nodePhase})`,
    );
  }
  return out;
}

/**
 * How the executor words the abort of a workflow whose round errors passed `maxWorkflowRetries` (FlytePropeller's
 * "max number of system retry attempts [n/max] exhausted"); a test pins it against the executor.
 */
export const ROUND_ERROR_ABORT = /^max number of system retry attempts \[\d+\/\d+\] exhausted/;

/** `"message" (×3)`, the distinct round errors of a task, at most three of them. */
export function roundErrorSummary(calls: readonly CallRecord[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const failed = c.decision?.code === 'round-error' || (c.call !== 'handle' && c.error !== undefined);
    if (failed && c.error !== undefined) counts.set(c.error.message, (counts.get(c.error.message) ?? 0) + 1);
  }
  if (counts.size === 0) return 'no round errors';
  const shown = [...counts].slice(0, 3).map(([m, n]) => `"${m}"${n > 1 ? ` (×${n})` : ''}`);
  return `round errors: ${shown.join('; ')}${counts.size > 3 ? `; and ${counts.size - 3} more` : ''}`;
}

/**
 * The default expectation of every task: it finishes on its own. A task whose workflow was aborted for its round
 * errors, or that had not finished when the run hit the round cap, fails the fixture with its round errors in the
 * message; unless the fixture says otherwise: `expect.completes: false` on the task, `expect.nodePhase: Aborted`
 * (for the abort), or `expect.stop: round-cap` on the run (for the cap).
 */
export function checkCompletes(
  testbed: Testbed,
  fixture: Fixture,
  task: FixtureTask,
  index: number,
): ExpectationFailure[] {
  const e = task.expect;
  if (e?.completes === false) return [];
  const id = task.id;
  const fin = testbed.finished(id);
  const byRoundErrors =
    fin?.nodePhase === 'Aborted' && ROUND_ERROR_ABORT.test(fin.reason ?? '') && e?.nodePhase !== 'Aborted';
  const capped = fin === undefined && testbed.outcome?.reason === 'round-cap' && fixture.expect?.stop !== 'round-cap';
  if (!byRoundErrors && !capped) return [];
  const view = testbed.view(id);
  const how = byRoundErrors
    ? `was aborted (${fin.reason})`
    : `had not finished when the run hit the round cap (${view.nodePhase}, plugin phase ${view.pluginPhase}:${view.pluginPhaseVersion})`;
  return [
    {
      task: id,
      what: 'completes',
      message: `task ${id}: ${how} after ${view.rounds} round(s); ${roundErrorSummary(testbed.calls(id))}`,
      expected: 'the task finishes (Succeeded or Failed) on its own',
      actual: byRoundErrors ? 'Aborted' : 'unfinished at the round cap',
      path: ['tasks', index, 'expect', 'completes'],
    },
  ];
}

/** Checks the run-level expectations: tokens held at the end, and why the run stopped. */
export function checkRun(testbed: Testbed, fixture: Fixture): ExpectationFailure[] {
  const e = fixture.expect;
  if (e === undefined) return [];
  const out: ExpectationFailure[] = [];
  const held = testbed.heldTokens();
  if (e.tokens?.released === true && held.length > 0) {
    out.push({
      what: 'tokens',
      message: `${held.length} resource token(s) still held at the end`,
      expected: [],
      actual: held.map((t) => `${t.namespace}/${t.token}`),
      path: ['expect', 'tokens', 'released'],
    });
  }
  for (const [ns, want] of Object.entries(e.tokens?.held ?? {})) {
    const here = held.filter((t) => t.namespace === ns || t.namespaceFQ === ns);
    const expected = typeof want === 'number' ? want : [...want].sort();
    const actual = typeof want === 'number' ? here.length : here.map((t) => t.token).sort();
    if (!holds({ expected, actual }))
      out.push({
        what: 'tokens',
        message: `tokens held in namespace "${ns}" at the end differ`,
        expected,
        actual,
        path: ['expect', 'tokens', 'held', ns],
      });
  }
  if (e.stop !== undefined && testbed.outcome?.reason !== e.stop) {
    out.push({
      what: 'stop',
      message: `the run stopped because of "${testbed.outcome?.reason}", expected "${e.stop}"`,
      expected: e.stop,
      actual: testbed.outcome?.reason,
      path: ['expect', 'stop'],
    });
  }
  return out;
}
