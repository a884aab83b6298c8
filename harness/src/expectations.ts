/**
 * A fixture's `expect`, checked against a finished testbed: per task (phases, events, outputs, error, calls, attempts,
 * rounds) and for the run (tokens held at the end, why it stopped). Each failure carries expected and actual values
 * and the fixture path of the expectation, so editors can put it at the right line.
 *
 * @module
 */
import { LiteralMapSchema, toJson } from '@plugbench/sdk';
import type { Testbed } from './testbed';
import type { Fixture, FixtureTask } from './fixture/schema';

/** What was expected: the key of the expectation. */
export type ExpectationKind = 'nodePhase' | 'pluginPhase' | 'events' | 'outputs' | 'error' | 'calls' | 'attempts' | 'rounds' | 'tokens' | 'stop';

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

/** Stable JSON: keys sorted, so that map order does not matter. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** Checks one task's expectations. */
export async function checkTask(testbed: Testbed, task: FixtureTask, index: number): Promise<ExpectationFailure[]> {
  const e = task.expect;
  if (e === undefined) return [];
  const out: ExpectationFailure[] = [];
  const id = task.id;
  const at = (what: ExpectationKind) => ['tasks', index, 'expect', what];
  const check = (what: ExpectationKind, expected: unknown, actual: unknown, message: string) => {
    if (!same(expected, actual)) out.push({ task: id, what, message, expected, actual, path: at(what) });
  };
  const view = testbed.view(id);
  if (e.nodePhase !== undefined) check('nodePhase', e.nodePhase, view.nodePhase, `task ${id}: node phase is ${view.nodePhase}, expected ${e.nodePhase}`);
  if (e.pluginPhase !== undefined) check('pluginPhase', e.pluginPhase, view.pluginPhase, `task ${id}: plugin phase is ${view.pluginPhase}, expected ${e.pluginPhase}`);
  if (e.events !== undefined) check('events', e.events, testbed.eventStrings(id), `task ${id}: the events sent differ`);
  if (e.calls !== undefined) {
    const names = testbed.callNames(id);
    if (Array.isArray(e.calls)) check('calls', e.calls, names, `task ${id}: the plugin calls differ`);
    else {
      const counts = e.calls as Partial<Record<'handle' | 'abort' | 'finalize', number>>;
      const actual: Record<string, number> = {};
      for (const k of Object.keys(counts) as Array<'handle' | 'abort' | 'finalize'>) actual[k] = names.filter((n) => n === k).length;
      check('calls', counts, actual, `task ${id}: the plugin call counts differ`);
    }
  }
  if (e.attempts !== undefined) check('attempts', e.attempts, testbed.attempts(id), `task ${id}: ran ${testbed.attempts(id)} attempt(s), expected ${e.attempts}`);
  if (e.rounds !== undefined) check('rounds', e.rounds, view.rounds, `task ${id}: took ${view.rounds} round(s), expected ${e.rounds}`);
  if (e.error !== undefined) {
    const err = testbed.finished(id)?.err;
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    for (const k of ['code', 'kind', 'message'] as const) {
      if (e.error[k] === undefined) continue;
      expected[k] = e.error[k];
      const got = err?.[k];
      actual[k] = k === 'message' && typeof got === 'string' && got.includes(e.error.message!) ? e.error.message : got;
    }
    check('error', expected, err === undefined ? undefined : actual, err === undefined ? `task ${id}: did not fail with an error (node phase ${view.nodePhase})` : `task ${id}: the error differs`);
  }
  if (e.outputs !== undefined) {
    const expected = toJson(LiteralMapSchema, e.outputs);
    const got = await testbed.outputs(id);
    const actual = got?.outputs === undefined ? undefined : toJson(LiteralMapSchema, got.outputs);
    check('outputs', expected, actual, got === undefined ? `task ${id}: did not succeed with outputs (node phase ${view.nodePhase})` : `task ${id}: the outputs differ`);
  }
  return out;
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
    if (!same(expected, actual)) out.push({ what: 'tokens', message: `tokens held in namespace "${ns}" at the end differ`, expected, actual, path: ['expect', 'tokens', 'held', ns] });
  }
  if (e.stop !== undefined && testbed.outcome?.reason !== e.stop) {
    out.push({ what: 'stop', message: `the run stopped because of "${testbed.outcome?.reason}", expected "${e.stop}"`, expected: e.stop, actual: testbed.outcome?.reason, path: ['expect', 'stop'] });
  }
  return out;
}
