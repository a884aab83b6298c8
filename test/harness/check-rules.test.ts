// The contract checks over timelines written by hand: every case where a rule keys its findings by task, attempt or
// token, counts repeats, or depends on the order of records, with the exact violations expected. The checks read the
// timeline in one pass (check-rules.ts); these pin what each rule finds, independently of how it walks the records.
import assert from 'node:assert/strict';
import type { CallRecord, PoolSnapshot, TaskEvent, TimelineRecord } from '@plugbench/sdk';
import { resolveChecks, runChecks, type CheckViolation } from '@plugbench/harness';

let seq = 0;

/** A call record with what the checks read; everything else is left out. */
function call(task: string, round: number, fields: Partial<CallRecord> = {}): CallRecord {
  return {
    kind: 'call',
    seq: seq++,
    task,
    attempt: 0,
    round,
    call: 'handle',
    events: [],
    resources: [],
    pluginPhase: { phase: 'Running', version: 0 },
    nodePhase: { before: 'Running', after: 'Running' },
    ...fields,
  } as CallRecord;
}

const other = (r: Record<string, unknown>): TimelineRecord => ({ seq: seq++, ...r }) as unknown as TimelineRecord;

/** A transition's event of `phase:version` with a reason. */
const sent = (pluginPhase: string, version: number, reason: string): TaskEvent =>
  ({ source: 'transition', phase: 'RUNNING', pluginPhase, version, reason }) as TaskEvent;
const raw = (reason: string): TaskEvent =>
  ({ source: 'raw', phase: 'RUNNING', pluginPhase: 'Running', version: 0, reason }) as TaskEvent;
const dedup = { code: 'dedup', message: 'no event' } as CallRecord['decision'];

const granted = (token: string, namespace = 'pool') =>
  ({
    op: 'allocate',
    status: 'ResourceGranted',
    namespace,
    namespaceFQ: `fq-${namespace}`,
    token,
    tokenFQ: `fq-${token}`,
  }) as unknown as CallRecord['resources'][number];

const pool = (namespace: string, holders: string[]): PoolSnapshot => ({
  namespace: `fq-${namespace}`,
  quota: null,
  holders: holders.map((h) => `fq-${h}`),
  waiting: [],
});

/** `check task attempt round seq: message` of each violation, in the order reported. */
const brief = (vs: CheckViolation[]) =>
  vs.map((v) => `${v.check} ${v.task ?? '-'} ${v.attempt ?? '-'} ${v.round ?? '-'} ${v.seq ?? '-'}: ${v.message}`);

describe('harness: contract check rules over hand-written timelines', () => {
  beforeEach(() => {
    seq = 0;
  });

  it('lostInfo: keyed by task and attempt, the last transition event on either side, repeats counted', () => {
    const records = [
      call('a', 1, { events: [sent('Running', 0, 'first'), raw('r'), sent('Running', 0, 'sent a0')] }),
      // Attempt 1 has sent nothing yet: attempt 0's event is not its own.
      call('a', 2, { attempt: 1, decision: dedup, droppedEvents: [sent('Running', 0, 'new')] }),
      // The last transition event dropped is the one compared (a raw event after it is not).
      call('a', 3, {
        decision: dedup,
        droppedEvents: [sent('Running', 0, 'sent a0'), sent('Running', 0, 'changed'), raw('x')],
      }),
      call('a', 4, { decision: dedup, droppedEvents: [sent('Running', 0, 'changed again')] }),
      // Another version than the one sent: not the same event.
      call('a', 5, { decision: dedup, droppedEvents: [sent('Running', 1, 'other')] }),
      // Not deduplicated: nothing lost.
      call('a', 6, { droppedEvents: [sent('Running', 0, 'not dedup')] }),
      call('b', 1, { attempt: 1, events: [sent('Queued', 0, 'q')] }),
      call('b', 2, { attempt: 1, decision: dedup, droppedEvents: [sent('Queued', 0, 'q')] }),
      call('b', 3, { attempt: 1, decision: dedup, droppedEvents: [sent('Queued', 0, 'q2')] }),
    ];
    assert.deepEqual(brief(runChecks({ records }, resolveChecks())), [
      'lostInfo a 0 3 2: Handle returned Running:0 again with new info (reason "sent a0" → "changed"), but an event is sent only when phase or version changes: FlyteAdmin never sees it (and 1 more time)',
      'lostInfo b 1 3 8: Handle returned Queued:0 again with new info (reason "q" → "q2"), but an event is sent only when phase or version changes: FlyteAdmin never sees it',
    ]);
  });

  it('tokensReleased: the last grant of a token, the Finalize of that attempt after it, without an error', () => {
    const records = [
      call('a', 1, { resources: [granted('ta')] }),
      call('a', 2, { call: 'finalize' }),
      // Taken by attempt 1, whose attempt never finalized (attempt 0 did).
      call('b', 1, { call: 'finalize' }),
      call('b', 2, { attempt: 1, resources: [granted('tb')] }),
      // Finalized before its last grant.
      call('c', 1, { resources: [granted('tc')] }),
      call('c', 2, { call: 'finalize' }),
      call('c', 3, { resources: [granted('tc')] }),
      // A Finalize that failed does not count.
      call('d', 1, { resources: [granted('td', 'other')] }),
      call('d', 2, { call: 'finalize', error: { message: 'boom' } as CallRecord['error'] }),
      // Granted to e, then (the same token) to f, which finalized: f's grant is the one reported.
      call('e', 1, { resources: [granted('shared')] }),
      call('f', 1, { resources: [granted('shared')] }),
      call('f', 2, { call: 'finalize' }),
      call('e', 2, { call: 'finalize' }),
      // Released: not held at the end.
      call('g', 1, { resources: [granted('tg')] }),
      call('g', 2, { call: 'finalize' }),
    ];
    const pools = [pool('pool', ['ta', 'tb', 'tc', 'shared']), pool('other', ['td'])];
    assert.deepEqual(
      brief(runChecks({ records, pools }, resolveChecks())).map((s) => s.replace(/\); no other.*/, ')')),
      [
        'tokensReleased a 0 1 0: token "ta" of namespace "pool", allocated in round 1, is still held after Finalize (round 2)',
        'tokensReleased f 0 1 10: token "shared" of namespace "pool", allocated in round 1, is still held after Finalize (round 2)',
      ],
    );
    assert.deepEqual(runChecks({ records }, resolveChecks()), [], 'no pools: not checked');
    assert.deepEqual(runChecks({ records, pools: [pool('pool', [])] }, resolveChecks()), [], 'nothing held');
  });

  it('roundCap: open tasks in start order, at most five, and a cleanup error that still stands', () => {
    const started = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((task) => other({ kind: 'task.started', task }));
    const records = [
      ...started,
      call('a', 1),
      other({ kind: 'task.finished', task: 'b' }),
      call('c', 1, { pluginPhase: { phase: 'Queued', version: 2 }, nodePhase: { before: 'Queued', after: 'Queued' } }),
      // d's Abort failed, and its Finalize in the same round does not clear it; e's Abort failed, then succeeded.
      call('d', 2, { call: 'abort', error: { message: 'abort failed' } as CallRecord['error'] }),
      call('d', 2, { call: 'finalize' }),
      call('e', 3, { call: 'abort', error: { message: 'e abort failed' } as CallRecord['error'] }),
      call('e', 4, { call: 'abort' }),
      other({ kind: 'run.finished', reason: 'round-cap', rounds: 15 }),
    ];
    const [v, ...rest] = runChecks({ records }, resolveChecks());
    assert.deepEqual(rest, []);
    assert.equal(v!.check, 'roundCap');
    assert.equal(v!.seq, records.length - 1);
    assert.equal(
      v!.message,
      'the run hit the round cap after 15 rounds with 6 tasks unfinished: a (Running:0, Running), c (Queued:2, Queued), d (Running:0, Running), e (Running:0, Running), f (never ran), ...; Abort of task d keeps failing: "abort failed"',
    );
    assert.match(v!.fix, /Abort and Finalize are called again every round/);
    // A later run.finished that is not the cap: nothing to report.
    assert.deepEqual(
      runChecks({ records: [...records, other({ kind: 'run.finished', reason: 'terminal', rounds: 16 })] }),
      [],
    );
  });

  it('every rule at once: violations in the order of the check ids, disabled ones left out', () => {
    const records = [
      other({ kind: 'task.started', task: 'a' }),
      call('a', 1, {
        replay: { same: false, transition: { phase: 'Running', version: 2 } } as CallRecord['replay'],
        transition: { phase: 'Running', version: 1 } as CallRecord['transition'],
        lint: ['get-after-put'],
        events: [sent('Running', 0, 'x')],
        resources: [granted('t')],
      }),
      call('a', 2, {
        error: { code: 'StateSerialization', message: 'a Date' } as CallRecord['error'],
        decision: dedup,
        droppedEvents: [sent('Running', 0, 'y')],
      }),
      call('a', 3, { call: 'finalize', repeat: { ok: false, error: { message: 'gone' } } as CallRecord['repeat'] }),
      other({ kind: 'run.finished', reason: 'round-cap', rounds: 3 }),
    ];
    const pools = [pool('pool', ['t'])];
    const all = runChecks({ records, pools }, resolveChecks()).map((v) => v.check);
    assert.deepEqual(all, [
      'replayHandle',
      'repeatCleanup',
      'tokensReleased',
      'stateSerializable',
      'getAfterPut',
      'lostInfo',
      'roundCap',
    ]);
    const some = runChecks({ records, pools }, resolveChecks({ tokensReleased: false, lostInfo: false }));
    assert.deepEqual(
      some.map((v) => v.check),
      ['replayHandle', 'repeatCleanup', 'stateSerializable', 'getAfterPut', 'roundCap'],
    );
    assert.deepEqual(runChecks({ records, pools }, resolveChecks(false)), []);
  });
});
