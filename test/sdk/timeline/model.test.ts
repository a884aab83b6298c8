import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {
  type CallRecord,
  type TimelineRecord,
  MarkerKind,
  TimelineModel,
  renderTimelineText,
  type StopCondition,
} from '@plugbench/sdk/timeline';
import { syntheticTimeline } from '../../support/synthetic-timeline';

const root = path.resolve(__dirname, '../../..');

function callsOf(records: TimelineRecord[]): CallRecord[] {
  return records.filter((r): r is CallRecord => r.kind === 'call');
}

describe('timeline model', () => {
  const records = syntheticTimeline({ tasks: 24, seed: 4 });
  const calls = callsOf(records);
  const model = TimelineModel.from(records);

  it('keeps every call in order, with one lane per task attempt', () => {
    assert.equal(model.callCount, calls.length);
    assert.deepEqual(model.calls, calls);
    const attempts = new Set(calls.map((c) => `${c.task}#${c.attempt}`));
    assert.equal(model.lanes.length, attempts.size);
    assert.equal(model.tasks.length, 24);
    for (const lane of model.lanes) {
      assert.deepEqual(
        lane.calls.map((i) => model.calls[i]),
        calls.filter((c) => c.task === lane.task && c.attempt === lane.attempt),
      );
      for (const i of lane.calls) assert.equal(model.callLane[i], lane.index);
    }
    // Display order keeps a task's attempts together, in start order.
    const order = model.laneOrder().map((i) => model.lanes[i]!.id);
    const retried = model.lanes.find((l) => l.attempt === 1)!;
    assert.equal(order[order.indexOf(`${retried.task}#0`) + 1], retried.id);
  });

  it('cuts lanes into phase segments that cover every call once', () => {
    for (const lane of model.lanes) {
      let n = 0;
      lane.segments.forEach((s, k) => {
        n += s.calls;
        for (let i = s.fromCall; i <= s.lastCall; i++) {
          if (model.callLane[i] !== lane.index) continue;
          assert.equal(model.calls[i]!.pluginPhase.phase, s.phase);
        }
        const end = model.segmentEnd(lane, k);
        assert.ok(end.call > s.lastCall);
        if (k > 0) assert.ok(lane.segments[k - 1]!.phase !== s.phase || lane.segments[k - 1]!.aborted !== s.aborted);
      });
      assert.equal(n, lane.calls.length);
      assert.ok(lane.ended, `${lane.id} ended`);
    }
  });

  it('marks events, dedup rounds, round errors, retries, aborts, finalizes and barrier replays', () => {
    const count = (pred: (c: CallRecord) => boolean) => calls.filter(pred).length;
    const sum = model.summary();
    assert.equal(
      sum.markers.event,
      count((c) => c.events.length > 0),
    );
    assert.equal(
      sum.events,
      calls.reduce((n, c) => n + c.events.length, 0),
    );
    assert.equal(
      sum.markers.dedup,
      count((c) => c.decision?.code === 'dedup'),
    );
    assert.equal(
      sum.markers['round-error'],
      count((c) => c.decision?.code === 'round-error'),
    );
    assert.equal(
      sum.markers.retry,
      count((c) => c.decision?.code === 'retry'),
    );
    assert.equal(
      sum.markers.abort,
      count((c) => c.call === 'abort'),
    );
    assert.equal(
      sum.markers.finalize,
      count((c) => c.call === 'finalize'),
    );
    assert.equal(
      sum.markers['barrier-replay'],
      count((c) => c.decision?.code === 'barrier-replay'),
    );
    for (const k of ['event', 'dedup', 'round-error', 'retry', 'abort', 'finalize', 'barrier-replay'] as const)
      assert.ok(sum.markers[k] > 0, k);
    assert.equal(sum.outcomes.Succeeded + sum.outcomes.Failed + sum.outcomes.Aborted, 24);
    assert.equal(sum.heldAtEnd.length, 0);
    assert.equal(sum.finishedReason, 'terminal');
  });

  it('knows who holds which token and who waits, at every call', () => {
    assert.deepEqual(
      model.pools.map((p) => [p.namespace, p.quota]),
      [
        ['gpu', 1],
        ['api', 2],
      ],
    );
    const before = model.poolsAt(-1);
    for (const p of before) assert.deepEqual([p.used, p.holders.length, p.waiters.length], [0, 0, 0]);
    let sawWaiter = false;
    for (let i = 0; i < calls.length; i++) {
      const snap = model.poolsAt(i);
      for (const p of snap) {
        assert.equal(p.holders.length, p.used, `call ${i} ${p.namespace}`);
        assert.ok(p.used <= p.quota!);
        for (const h of p.holders) assert.ok(h.slot < p.quota!, 'slot rows never exceed the quota');
        for (const w of p.waiters) {
          sawWaiter = true;
          assert.ok(!p.holders.some((h) => h.lane === w.lane), 'a holder does not wait');
          // The waiter's lane is, at this call, in WaitingForResources.
          const st = model.oneLaneStateAt(model.lanes[w.lane]!, i);
          assert.equal(st.phase, 'WaitingForResources', `call ${i}: ${w.task}`);
        }
      }
      // poolAfter of this call's resource calls agrees with the snapshot.
      for (const rc of calls[i]!.resources) {
        const p = snap.find((s) => s.namespace === rc.namespace)!;
        if (rc === calls[i]!.resources.at(-1)) assert.equal(p.used, rc.poolAfter!.used);
      }
    }
    assert.ok(sawWaiter);
  });

  it('answers laneStateAt from the lane history', () => {
    const lanes = model.lanes;
    for (const i of [-1, 0, 10, 57, calls.length - 1]) {
      const states = model.laneStateAt(i);
      assert.equal(states.length, lanes.length);
      for (const st of states) {
        const lane = lanes[st.lane]!;
        const mine = lane.calls.filter((c) => c <= i);
        if (mine.length === 0) {
          assert.equal(st.status, 'pending');
          continue;
        }
        const last = model.calls[mine.at(-1)!]!;
        assert.equal(st.phase, last.pluginPhase.phase);
        assert.equal(st.nodePhase, last.nodePhase.after);
        assert.equal(st.status, mine.length === lane.calls.length ? 'ended' : 'active');
      }
    }
    assert.deepEqual(
      model.laneStateAt(5, [0, 1]).map((s) => s.lane),
      [0, 1],
    );
  });

  it('finds the next and previous stop like a linear scan does', () => {
    const conditions: StopCondition[] = [
      { events: true },
      { phaseChanges: true },
      { markers: [MarkerKind.RoundError, MarkerKind.Abort] },
      { phases: ['Success', 'WaitingForResources'] },
      { tasks: ['job-03'] },
      { events: true, tasks: ['job-05'], phases: ['PermanentFailure'] },
      {},
    ];
    const lastPhase = new Map<string, string>();
    const phaseChange: boolean[] = calls.map((c) => {
      const key = `${c.task}#${c.attempt}`;
      const changed = lastPhase.get(key) !== c.pluginPhase.phase;
      lastPhase.set(key, c.pluginPhase.phase);
      return changed;
    });
    const hit = (c: CallRecord, i: number, s: StopCondition): boolean =>
      (!!s.events && c.events.length > 0) ||
      (!!s.phaseChanges && phaseChange[i]!) ||
      (s.markers ?? []).some((k) =>
        model.lanes[model.callLane[i]!]!.markers.some((m) => m.call === i && m.kind === k),
      ) ||
      (s.phases ?? []).some((p) => phaseChange[i]! && c.pluginPhase.phase === p) ||
      (s.tasks ?? []).includes(c.task);
    for (const s of conditions) {
      for (let from = -1; from < calls.length; from += 7) {
        let next = -1;
        for (let i = from + 1; i < calls.length; i++)
          if (hit(calls[i]!, i, s)) {
            next = i;
            break;
          }
        assert.equal(model.nextCall(from, s), next, `next ${JSON.stringify(s)} from ${from}`);
        let prev = -1;
        for (let i = Math.min(from, calls.length) - 1; i >= 0; i--)
          if (hit(calls[i]!, i, s)) {
            prev = i;
            break;
          }
        assert.equal(model.previousCall(from, s), prev, `previous ${JSON.stringify(s)} from ${from}`);
      }
    }
  });

  it('is incremental: any prefix appended record by record gives the model of that prefix', () => {
    const live = new TimelineModel();
    for (let n = 0; n < records.length; n++) {
      live.append(records[n]!);
      if (n % 37 !== 0 && n !== records.length - 1) continue;
      const fresh = TimelineModel.from(records.slice(0, n + 1));
      assert.equal(live.revision, n + 1);
      assert.deepEqual(strip(live), strip(fresh), `prefix ${n + 1}`);
      const i = live.callCount - 1;
      assert.deepEqual(live.poolsAt(i), fresh.poolsAt(i));
      assert.deepEqual(live.laneStateAt(i), fresh.laneStateAt(i));
    }
  });

  it('follows a 100,000-call run, and still answers a step by binary search', function () {
    this.timeout(60_000);
    const big = syntheticTimeline({
      tasks: 2000,
      calls: 100_000,
      seed: 9,
      quotas: [
        { namespace: 'gpu', quota: 50 },
        { namespace: 'api', quota: 200 },
      ],
    });
    const m = TimelineModel.from(big);
    assert.equal(m.callCount, 100_000);
    assert.equal(m.summary().finishedReason, 'round-cap');
    const snap = m.poolsAt(50_000);
    assert.ok(snap[0]!.holders.length <= 50);
    assert.ok(m.nextCall(50_000, { events: true }) > 50_000);
  });

  it('creates tasks, lanes and pools it was not told about', () => {
    const m = new TimelineModel();
    const call = calls.find((c) => c.resources.length > 0)!;
    m.append({ ...call, seq: 0 });
    assert.equal(m.tasks.length, 1);
    assert.equal(m.pools.length, 1);
    assert.equal(m.pools[0]!.quota, call.resources[0]!.poolAfter!.quota);
  });

  it('renders text: phases per attempt, events, tokens, pools; colours only when asked', () => {
    const text = renderTimelineText(model);
    assert.match(text, /^timeline: 24 tasks \(\d+ attempt lanes\), \d+ run rounds/);
    assert.match(text, /job-00 #0 {2}Succeeded/);
    assert.match(text, /phases {2}Queued\(1\) → Initializing\(1\) → Running/);
    assert.match(text, /events {2}r1 QUEUED, r2 INITIALIZING/);
    assert.match(text, /tokens {2}gpu\/fexec-n0-0 r1\.\.r\d+/);
    assert.match(text, /waited {2}(gpu|api) r\d+\.\.r\d+ \(\d+ tries\)/);
    assert.match(text, /aborting:Running/);
    assert.match(text, /\npools\n {2}gpu {2}quota 1 {2}max used 1/);
    assert.doesNotMatch(text, /\x1b\[/);
    assert.match(renderTimelineText(model, { color: true }), /\x1b\[32mSucceeded\x1b\[0m/);
    assert.match(renderTimelineText(model, { maxTasks: 3 }), /\.\.\. and 21 more tasks/);
  });

  it('bundles for a browser without zod or node modules', async () => {
    const out = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ['sdk/src/timeline/model.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(out.metafile!.inputs);
    assert.deepEqual(
      inputs.filter((f) => f.includes('node_modules')),
      [],
    );
    assert.ok(
      // The model, the words it prints with (words.ts, which imports only types) and its heap of free pool rows.
      inputs.every(
        (f) =>
          f.startsWith('sdk/src/timeline/model') ||
          f === 'sdk/src/timeline/words.ts' ||
          f === 'sdk/src/timeline/min-heap.ts',
      ),
      inputs.join(', '),
    );
    assert.doesNotMatch(out.outputFiles[0]!.text, /new Function|eval\(/);
  });
});

/** The model's public data, without the private indexes. */
function strip(m: TimelineModel): unknown {
  return JSON.parse(
    JSON.stringify({
      calls: m.calls,
      lanes: m.lanes,
      tasks: m.tasks,
      pools: m.pools,
      summary: m.summary(),
      events: m.eventCalls,
      changes: m.phaseChangeCalls,
    }),
  );
}
