/**
 * The contract checks' rules, one each: what a rule reads in the timeline, and what it tells the plugin author to fix.
 * {@link runChecks} runs the enabled ones, in {@link CheckId} order (the ids and settings are in checks.ts).
 *
 * @module
 */
import type { CallRecord, TaskEvent, TimelineRecord, TimelineTransition } from '@plugbench/sdk';
import { resolveChecks, type CheckId, type CheckInput, type CheckSettings, type CheckViolation } from './checks';

/** One contract check: reads the timeline (and the pools at the end) and reports every broken rule. */
export interface CheckRule {
  readonly id: CheckId;
  check(input: CheckInput): CheckViolation[];
}

const fmt = (t: TimelineTransition | undefined) =>
  t === undefined ? 'nothing' : `${t.phase}:${t.version}${t.err ? ` (${t.err.code})` : ''}`;

/** Counts repeats of one kind of violation per key, keeping the first. */
class FirstOf {
  readonly #first = new Map<string, CheckViolation>();
  readonly #count = new Map<string, number>();
  add(key: string, make: () => CheckViolation): void {
    this.#count.set(key, (this.#count.get(key) ?? 0) + 1);
    if (!this.#first.has(key)) this.#first.set(key, make());
  }
  done(): CheckViolation[] {
    return [...this.#first.entries()].map(([k, v]) => {
      const n = this.#count.get(k) ?? 1;
      return n > 1 ? { ...v, message: `${v.message} (and ${n - 1} more time${n > 2 ? 's' : ''})` } : v;
    });
  }
}

const where = (r: CallRecord) => ({ task: r.task, attempt: r.attempt, round: r.round, seq: r.seq });
const attemptKey = (r: CallRecord) => `${r.task}\u0000${r.attempt}`;
/** The call records, picked out once per timeline (and length) for all the rules. */
const calls = new WeakMap<readonly TimelineRecord[], { length: number; calls: CallRecord[] }>();
function callsOf(records: readonly TimelineRecord[]): CallRecord[] {
  const hit = calls.get(records);
  if (hit !== undefined && hit.length === records.length) return hit.calls;
  const picked = records.filter((r): r is CallRecord => r.kind === 'call');
  calls.set(records, { length: records.length, calls: picked });
  return picked;
}

/** A rule that looks at each call on its own: the first violation per key, with how many more there were. */
function perCall(
  id: CheckId,
  key: (r: CallRecord) => string,
  broken: (r: CallRecord) => Omit<CheckViolation, 'check' | 'task' | 'attempt' | 'round' | 'seq'> | undefined,
): CheckRule {
  return {
    id,
    check({ records }) {
      const seen = new FirstOf();
      for (const r of callsOf(records)) {
        const v = broken(r);
        if (v !== undefined) seen.add(key(r), () => ({ check: id, ...where(r), ...v }));
      }
      return seen.done();
    },
  };
}

const replayHandle = perCall(
  'replayHandle',
  (r) => r.task,
  (r) =>
    r.replay === undefined || r.replay.same
      ? undefined
      : {
          message: r.replay.error
            ? `Handle called a second time on the same state threw "${r.replay.error.message}" (the first call returned ${fmt(r.transition)})`
            : `Handle called a second time on the same state returned ${fmt(r.replay.transition)}, the first call ${fmt(r.transition)}`,
          fix: 'Flyte may call Handle again whenever a round is lost: derive the transition from the persisted plugin state and the remote system only (no counters in memory, no one-shot side effects; create remote work under an idempotent name such as the generated name)',
        },
);

const repeatCleanup = perCall(
  'repeatCleanup',
  (r) => `${r.task}\u0000${r.call}`,
  (r) => {
    if (r.repeat === undefined || r.repeat.ok) return undefined;
    const name = r.call === 'abort' ? 'Abort' : 'Finalize';
    return {
      message: `${name} called a second time threw "${r.repeat.error?.message ?? 'an error'}"`,
      fix: `Flyte calls ${name} again when its round is lost: make it idempotent (treat "already deleted" or "not found" as done; releasing a token that is not held is fine)`,
    };
  },
);

const stateSerializable = perCall(
  'stateSerializable',
  (r) => r.task,
  (r) =>
    r.error?.code !== 'StateSerialization'
      ? undefined
      : {
          message: `the plugin put state that would not survive the state store: ${r.error.message}; the round failed and nothing of it was persisted`,
          fix: 'put plain JSON data only: strings, finite numbers, booleans, null, arrays and plain objects (a Date as an ISO string or ms, a Map as an object, no undefined)',
        },
);

const getAfterPut = perCall(
  'getAfterPut',
  (r) => r.task,
  (r) =>
    r.lint?.includes('get-after-put') !== true
      ? undefined
      : {
          message:
            'Handle read plugin state after writing it in the same round; the read returns the state persisted by the previous round, not the value just put',
          fix: 'keep the new value in a local variable instead of reading it back: a put becomes visible in the next round only (and only if the round is persisted)',
        },
);

/** Every token still held in the pools at the end whose task's attempt finalized after taking it. */
const tokensReleased: CheckRule = {
  id: 'tokensReleased',
  check({ records, pools }) {
    if (pools === undefined) return [];
    const allocations = new Map<string, { record: CallRecord; namespace: string; token: string }>();
    const finalized = new Map<string, CallRecord>();
    for (const r of callsOf(records)) {
      for (const rc of r.resources) {
        if (rc.op === 'allocate' && rc.status === 'ResourceGranted')
          allocations.set(`${rc.namespaceFQ}\u0000${rc.tokenFQ}`, {
            record: r,
            namespace: rc.namespace,
            token: rc.token,
          });
      }
      if (r.call === 'finalize' && r.error === undefined) finalized.set(attemptKey(r), r);
    }
    const out: CheckViolation[] = [];
    for (const pool of pools) {
      for (const holder of pool.holders) {
        const a = allocations.get(`${pool.namespace}\u0000${holder}`);
        if (a === undefined) continue;
        const fin = finalized.get(attemptKey(a.record));
        if (fin === undefined || fin.seq < a.record.seq) continue;
        out.push({
          check: 'tokensReleased',
          ...where(a.record),
          message: `token "${a.token}" of namespace "${a.namespace}", allocated in round ${a.record.round}, is still held after Finalize (round ${fin.round}); no other task can have it`,
          fix: `release it in Finalize: await tCtx.resourceManager().releaseResource("${a.namespace}", token) — Finalize is always called, after success, failure and abort`,
        });
      }
    }
    return out;
  },
};

function sameJson(a: unknown, b: unknown): boolean {
  // Most dedup rounds carry no logs or custom info at all: no need to serialize nothing.
  if ((a ?? null) === (b ?? null)) return true;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function infoDiff(sent: TaskEvent, dropped: TaskEvent): string[] {
  const out: string[] = [];
  if ((sent.reason ?? '') !== (dropped.reason ?? ''))
    out.push(`reason "${sent.reason ?? ''}" → "${dropped.reason ?? ''}"`);
  if (!sameJson(sent.logs, dropped.logs))
    out.push(`logs ${JSON.stringify(sent.logs ?? [])} → ${JSON.stringify(dropped.logs ?? [])}`);
  if (!sameJson(sent.customInfo, dropped.customInfo))
    out.push(`customInfo ${JSON.stringify(sent.customInfo ?? {})} → ${JSON.stringify(dropped.customInfo ?? {})}`);
  return out;
}

/** A deduplicated event whose phase and version equal the last one sent, but whose info changed. */
const lostInfo: CheckRule = {
  id: 'lostInfo',
  check({ records }) {
    const lost = new FirstOf();
    const lastSent = new Map<string, TaskEvent>();
    for (const r of callsOf(records)) {
      for (const ev of r.events) if (ev.source === 'transition') lastSent.set(attemptKey(r), ev);
      if (r.decision?.code !== 'dedup') continue;
      const dropped = [...(r.droppedEvents ?? [])].reverse().find((e) => e.source === 'transition');
      const sent = lastSent.get(attemptKey(r));
      if (!dropped || !sent || sent.pluginPhase !== dropped.pluginPhase || sent.version !== dropped.version) continue;
      const diff = infoDiff(sent, dropped);
      if (diff.length === 0) continue;
      lost.add(`${attemptKey(r)}\u0000${dropped.pluginPhase}:${dropped.version}`, () => ({
        check: 'lostInfo',
        ...where(r),
        message: `Handle returned ${dropped.pluginPhase}:${dropped.version} again with new info (${diff.join('; ')}), but an event is sent only when phase or version changes: FlyteAdmin never sees it`,
        fix: `bump the phase version when the info changes (e.g. phaseInfo${dropped.pluginPhase}(${dropped.version + 1}, info)), as Flyte's webapi and k8s plugins do`,
      }));
    }
    return lost.done();
  },
};

/** The last cleanup call of each task that failed and still stands (Finalize after a failed Abort in its round does not clear it). */
function standingCleanupErrors(records: readonly TimelineRecord[]): Map<string, CallRecord> {
  const out = new Map<string, CallRecord>();
  for (const r of callsOf(records)) {
    if (r.call === 'handle') continue;
    if (r.error !== undefined) out.set(r.task, r);
    else if (r.call === 'abort' || out.get(r.task)?.round !== r.round) out.delete(r.task);
  }
  return out;
}

/** A run that stopped at the round cap, with the tasks that did not finish and why, when a cleanup keeps failing. */
const roundCap: CheckRule = {
  id: 'roundCap',
  check({ records }) {
    // A set keeps start order too, and stays linear in the records however many tasks started.
    const started = new Set<string>();
    const finished = new Set<string>();
    let capped: { seq: number; rounds: number } | undefined;
    const lastCall = new Map<string, CallRecord>();
    for (const r of records) {
      if (r.kind === 'task.started') started.add(r.task);
      if (r.kind === 'task.finished') finished.add(r.task);
      if (r.kind === 'run.finished') capped = r.reason === 'round-cap' ? { seq: r.seq, rounds: r.rounds } : undefined;
      if (r.kind === 'call') lastCall.set(r.task, r);
    }
    if (capped === undefined) return [];
    const open = [...started].filter((t) => !finished.has(t));
    const desc = open
      .slice(0, 5)
      .map((t) => {
        const c = lastCall.get(t);
        return c ? `${t} (${c.pluginPhase.phase}:${c.pluginPhase.version}, ${c.nodePhase.after})` : `${t} (never ran)`;
      })
      .join(', ');
    const cleanupErrors = standingCleanupErrors(records);
    const failingCleanup = open.map((t) => cleanupErrors.get(t)).find((c) => c !== undefined);
    return [
      {
        check: 'roundCap',
        seq: capped.seq,
        message: `the run hit the round cap after ${capped.rounds} rounds with ${open.length} task${open.length === 1 ? '' : 's'} unfinished: ${desc}${open.length > 5 ? ', ...' : ''}${
          failingCleanup !== undefined
            ? `; ${failingCleanup.call === 'abort' ? 'Abort' : 'Finalize'} of task ${failingCleanup.task} keeps failing: "${failingCleanup.error!.message}"`
            : ''
        }`,
        fix:
          failingCleanup !== undefined
            ? 'Abort and Finalize are called again every round until they succeed: make them succeed when there is nothing left to do (do not depend on secrets or remote calls that can fail for good)'
            : 'a task that never reaches a terminal phase keeps FlytePropeller busy forever: make sure Handle eventually returns Success or a failure (look for a phase that never changes); if the task is meant to run longer, raise maxRounds',
      },
    ];
  },
};

/** Every rule, in {@link CheckId} order (the order violations are reported in). */
export const CHECK_RULES: readonly CheckRule[] = [
  replayHandle,
  repeatCleanup,
  tokensReleased,
  stateSerializable,
  getAfterPut,
  lostInfo,
  roundCap,
];

/** Runs the enabled checks over a timeline; violations come in {@link CheckId} order. */
export function runChecks(input: CheckInput, settings: CheckSettings = resolveChecks()): CheckViolation[] {
  return CHECK_RULES.filter((rule) => settings[rule.id]).flatMap((rule) => rule.check(input));
}
