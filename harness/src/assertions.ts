/**
 * Assertion helpers for plugin tests. A failure is a `node:assert` `AssertionError` carrying `expected` and
 * `actual`, so mocha (and VS Code's test results) show a diff.
 *
 * @module
 */
import { AssertionError } from 'node:assert';
import { LiteralMapSchema, isMessage, toJson, type JsonObject, type LiteralMap, type NodePhase, type PhaseName } from '@plugbench/sdk';
import { literals, type Testbed } from './testbed';
import { formatViolation, type CheckId } from './checks';

function fail(message: string, expected: unknown, actual: unknown, stackStartFn: (...args: never[]) => unknown): never {
  throw new AssertionError({ message, expected, actual, operator: 'deepStrictEqual', stackStartFn });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Asserts the events sent for a task, in order, as `PHASE:version`: `expectEvents(testbed, id, ['RUNNING:0', 'SUCCEEDED:0'])`.
 */
export function expectEvents(testbed: Testbed, task: string, expected: readonly string[], options: { attempt?: number } = {}): void {
  const actual = testbed.eventStrings(task, options);
  if (!same(actual, expected)) fail(`events of task ${task} differ`, [...expected], actual, expectEvents);
}

/** Plugin calls: an exact sequence, or counts per call. */
export type ExpectedCalls = ReadonlyArray<'handle' | 'abort' | 'finalize'> | { handle?: number; abort?: number; finalize?: number };

/**
 * Asserts the plugin calls of a task: the exact sequence (`['handle', 'handle', 'finalize']`) or counts
 * (`{finalize: 1, abort: 0}`). Aborts the executor skipped (the plugin phase was terminal) are not calls.
 */
export function expectCalls(testbed: Testbed, task: string, expected: ExpectedCalls, options: { attempt?: number } = {}): void {
  const names = testbed.callNames(task, options);
  if (Array.isArray(expected)) {
    if (!same(names, expected)) fail(`plugin calls of task ${task} differ`, [...expected], names, expectCalls);
    return;
  }
  const counts = expected as { handle?: number; abort?: number; finalize?: number };
  const actual: Record<string, number> = {};
  const wanted: Record<string, number> = {};
  for (const k of ['handle', 'abort', 'finalize'] as const) {
    if (counts[k] === undefined) continue;
    wanted[k] = counts[k]!;
    actual[k] = names.filter((n) => n === k).length;
  }
  if (!same(actual, wanted)) fail(`plugin call counts of task ${task} differ`, wanted, actual, expectCalls);
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
  const actual: Record<string, unknown> = {};
  const wanted: Record<string, unknown> = {};
  if (want.node !== undefined) {
    wanted.node = want.node;
    actual.node = v.nodePhase;
  }
  if (want.plugin !== undefined) {
    wanted.plugin = want.plugin;
    actual.plugin = v.pluginPhase;
  }
  if (want.version !== undefined) {
    wanted.version = want.version;
    actual.version = v.pluginPhaseVersion;
  }
  if (!same(actual, wanted)) fail(`phase of task ${task} differs`, wanted, actual, expectPhase);
}

function outputsJson(m: LiteralMap | JsonObject | Record<string, unknown>): unknown {
  if (isMessage(m, LiteralMapSchema)) return toJson(LiteralMapSchema, m);
  const o = m as Record<string, unknown>;
  if (Object.keys(o).length === 1 && 'literals' in o) return o;
  return toJson(LiteralMapSchema, literals(o));
}

/**
 * Asserts the outputs a task succeeded with: a literal map, its IDL JSON, or plain values
 * (`{o: 3}`, see `literals`). Compared in IDL JSON form.
 */
export async function expectOutputs(testbed: Testbed, task: string, expected: LiteralMap | JsonObject | Record<string, unknown>): Promise<void> {
  const out = await testbed.outputs(task);
  const actual = out?.outputs === undefined ? undefined : toJson(LiteralMapSchema, out.outputs);
  const wanted = outputsJson(expected);
  if (!same(actual, wanted)) {
    const why = out === undefined ? ` (the task did not succeed with outputs: it is ${testbed.view(task).nodePhase})` : '';
    fail(`outputs of task ${task} differ${why}`, wanted, actual, expectOutputs);
  }
}

/**
 * Asserts the error a task failed with. `message` matches as a substring.
 */
export function expectError(testbed: Testbed, task: string, expected: { code?: string; kind?: 'UNKNOWN' | 'USER' | 'SYSTEM'; message?: string }): void {
  const f = testbed.finished(task);
  const err = f?.err;
  if (err === undefined) fail(`task ${task} did not fail with an error (it is ${testbed.view(task).nodePhase})`, expected, undefined, expectError);
  const actual: Record<string, unknown> = {};
  const wanted: Record<string, unknown> = {};
  if (expected.code !== undefined) {
    wanted.code = expected.code;
    actual.code = err.code;
  }
  if (expected.kind !== undefined) {
    wanted.kind = expected.kind;
    actual.kind = err.kind;
  }
  if (expected.message !== undefined) {
    wanted.message = expected.message;
    actual.message = err.message.includes(expected.message) ? expected.message : err.message;
  }
  if (!same(actual, wanted)) fail(`error of task ${task} differs`, wanted, actual, expectError);
}

/**
 * Asserts that no resource token is held (in `namespace`, as the plugin named it, if given): every task gave its
 * tokens back.
 */
export function expectTokensReleased(testbed: Testbed, namespace?: string): void {
  const held = testbed.heldTokens().filter((t) => namespace === undefined || t.namespace === namespace || t.namespaceFQ === namespace);
  if (held.length > 0) {
    const actual = held.map((t) => `${t.namespace}/${t.token}${t.task !== undefined ? ` (task ${t.task})` : ''}`);
    fail(`${held.length} resource token${held.length === 1 ? ' is' : 's are'} still held`, [], actual, expectTokensReleased);
  }
}

/** Asserts that no contract check found a violation (except those named in `except`). */
export function expectNoViolations(testbed: Testbed, options: { except?: CheckId[] } = {}): void {
  const v = testbed.violations().filter((x) => !(options.except ?? []).includes(x.check));
  if (v.length > 0) fail(`contract checks failed:\n${v.map(formatViolation).join('\n')}`, [], v.map(formatViolation), expectNoViolations);
}
