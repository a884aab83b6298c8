/**
 * Assertion helpers for plugin tests. A failure is a `node:assert` `AssertionError` carrying `expected` and
 * `actual`, so mocha (and VS Code's test results) show a diff.
 *
 * @module
 */
import { AssertionError } from 'node:assert';
import {
  LiteralMapSchema,
  isMessage,
  toJson,
  type JsonObject,
  type JsonValue,
  type LiteralMap,
  type NodePhase,
  type PhaseName,
} from '@plugbench/sdk';
import type { Testbed } from './testbed';
import { literals } from './testbed-task';
import { formatViolation, type CheckId } from './checks';
import {
  compareCalls,
  compareError,
  compareFields,
  compareOutputs,
  holds,
  type Compared,
  type ExpectedCalls,
  type ExpectedError,
} from './expectations';

function fail(message: string, c: Compared, stackStartFn: (...args: never[]) => unknown): never {
  throw new AssertionError({
    message,
    expected: c.expected,
    actual: c.actual,
    operator: 'deepStrictEqual',
    stackStartFn,
  });
}

function assertHolds(c: Compared, message: string, stackStartFn: (...args: never[]) => unknown): void {
  if (!holds(c)) fail(message, c, stackStartFn);
}

/**
 * Asserts the events sent for a task, in order, as `PHASE:version`: `expectEvents(testbed, id, ['RUNNING:0', 'SUCCEEDED:0'])`.
 */
export function expectEvents(
  testbed: Testbed,
  task: string,
  expected: readonly string[],
  options: { attempt?: number } = {},
): void {
  assertHolds(
    { expected: [...expected], actual: testbed.eventStrings(task, options) },
    `events of task ${task} differ`,
    expectEvents,
  );
}

/**
 * Asserts the plugin calls of a task: the exact sequence (`['handle', 'handle', 'finalize']`) or counts
 * (`{finalize: 1, abort: 0}`). Aborts the executor skipped (the plugin phase was terminal) are not calls.
 */
export function expectCalls(
  testbed: Testbed,
  task: string,
  expected: ExpectedCalls,
  options: { attempt?: number } = {},
): void {
  const what = Array.isArray(expected) ? 'plugin calls' : 'plugin call counts';
  assertHolds(compareCalls(testbed.callNames(task, options), expected), `${what} of task ${task} differ`, expectCalls);
}

/** A node phase, or the plugin phase (and version) persisted at the end. */
export type ExpectedPhase = NodePhase | { node?: NodePhase; plugin?: PhaseName; version?: number };

/**
 * Asserts where a task is: its node phase (`'Succeeded'`), or `{plugin: 'Success', version: 0}` for the persisted
 * plugin phase.
 */
export function expectPhase(testbed: Testbed, task: string, expected: ExpectedPhase): void {
  const v = testbed.view(task);
  const want = typeof expected === 'string' ? { node: expected } : expected;
  assertHolds(
    compareFields(want, { node: v.nodePhase, plugin: v.pluginPhase, version: v.pluginPhaseVersion }),
    `phase of task ${task} differs`,
    expectPhase,
  );
}

function outputsJson(m: LiteralMap | JsonObject | Record<string, unknown>): JsonValue {
  if (isMessage(m, LiteralMapSchema)) return toJson(LiteralMapSchema, m);
  const o = m as Record<string, unknown>;
  if (Object.keys(o).length === 1 && 'literals' in o) return o as JsonObject;
  return toJson(LiteralMapSchema, literals(o));
}

/**
 * Asserts the outputs a task succeeded with: a literal map, its IDL JSON, or plain values
 * (`{o: 3}`, see `literals`). Compared in IDL JSON form.
 */
export async function expectOutputs(
  testbed: Testbed,
  task: string,
  expected: LiteralMap | JsonObject | Record<string, unknown>,
): Promise<void> {
  const c = await compareOutputs(testbed, task, outputsJson(expected));
  const why = c.succeeded ? '' : ` (the task did not succeed with outputs: it is ${testbed.view(task).nodePhase})`;
  assertHolds(c, `outputs of task ${task} differ${why}`, expectOutputs);
}

/**
 * Asserts the error a task failed with. `message` matches as a substring.
 */
export function expectError(testbed: Testbed, task: string, expected: ExpectedError): void {
  const c = compareError(testbed.finished(task)?.err, expected);
  if (c.actual === undefined)
    fail(`task ${task} did not fail with an error (it is ${testbed.view(task).nodePhase})`, c, expectError);
  assertHolds(c, `error of task ${task} differs`, expectError);
}

/**
 * Asserts that no resource token is held (in `namespace`, as the plugin named it, if given): every task gave its
 * tokens back.
 */
export function expectTokensReleased(testbed: Testbed, namespace?: string): void {
  const held = testbed
    .heldTokens()
    .filter((t) => namespace === undefined || t.namespace === namespace || t.namespaceFQ === namespace);
  if (held.length > 0) {
    const actual = held.map((t) => `${t.namespace}/${t.token}${t.task !== undefined ? ` (task ${t.task})` : ''}`);
    fail(
      `${held.length} resource token${held.length === 1 ? ' is' : 's are'} still held`,
      { expected: [], actual },
      expectTokensReleased,
    );
  }
}

/** Asserts that no contract check found a violation (except those named in `except`). */
export function expectNoViolations(testbed: Testbed, options: { except?: CheckId[] } = {}): void {
  const v = testbed.violations().filter((x) => !(options.except ?? []).includes(x.check));
  if (v.length > 0)
    fail(
      `contract checks failed:\n${v.map(formatViolation).join('\n')}`,
      { expected: [], actual: v.map(formatViolation) },
      expectNoViolations,
    );
}
