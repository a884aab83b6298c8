/**
 * The contract checks' rules, one each: what a rule reads in the timeline, and what it tells the plugin author to fix.
 * {@link runChecks} runs the enabled ones over the timeline in one pass, and reports in {@link CheckId} order (the ids
 * and settings are in checks.ts).
 *
 * @module
 */
import type { CallRecord, PoolSnapshot, TaskEvent, TimelineRecord, TimelineTransition } from '@plugbench/sdk';
import { resolveChecks, type CheckId, type CheckInput, type CheckSettings, type CheckViolation } from './checks';

/** One contract check over one timeline: it sees every record in order (`call` the call records, `other` the rest), then reports. */
interface CheckPass {
  call?(r: CallRecord): void;
  other?(r: TimelineRecord): void;
  done(): CheckViolation[];
}

/** One contract check: a pass over a timeline (its input gives the pools at the end) that reports every broken rule. */
export interface CheckRule {
  readonly id: CheckId;
  start(input: CheckInput): CheckPass;
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

/** Values by a call's task and attempt, without a key string made per record. */
class ByAttempt<T> {
  readonly #tasks = new Map<string, T[]>();
  get(r: CallRecord): T | undefined {
    return this.#tasks.get(r.task)?.[r.attempt];
  }
  set(r: CallRecord, value: T): void {
    const attempts = this.#tasks.get(r.task);
    if (attempts !== undefined) attempts[r.attempt] = value;
    else {
      const made: T[] = [];
      made[r.attempt] = value;
      this.#tasks.set(r.task, made);
    }
  }
}

/** A rule that looks at each call on its own: the first violation per key, with how many more there were. */
function perCall(
  id: CheckId,
  key: (r: CallRecord) => string,
  broken: (r: CallRecord) => Omit<CheckViolation, 'check' | 'task' | 'attempt' | 'round' | 'seq'> | undefined,
): CheckRule {
  return {
    id,
    start() {
      const seen = new FirstOf();
      return {
        call(r) {
          const v = broken(r);
          if (v !== undefined) seen.add(key(r), () => ({ check: id, ...where(r), ...v }));
        },
        done: () => seen.done(),
      };
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
  start({ pools }) {
    // Without pools, or with no token held at the end, nothing can be reported: nothing to collect.
    if (pools === undefined || pools.every((p) => p.holders.length === 0)) return { done: () => [] };
    const allocations = new Map<string, { record: CallRecord; namespace: string; token: string }>();
    const finalized = new ByAttempt<CallRecord>();
    return {
      call(r) {
        for (const rc of r.resources) {
          if (rc.op === 'allocate' && rc.status === 'ResourceGranted')
            allocations.set(`${rc.namespaceFQ}\u0000${rc.tokenFQ}`, {
              record: r,
              namespace: rc.namespace,
              token: rc.token,
            });
        }
        if (r.call === 'finalize' && r.error === undefined) finalized.set(r, r);
      },
      done: () => heldAfterFinalize(pools, allocations, finalized),
    };
  },
};

function heldAfterFinalize(
  pools: readonly PoolSnapshot[],
  allocations: Map<string, { record: CallRecord; namespace: string; token: string }>,
  finalized: ByAttempt<CallRecord>,
): CheckViolation[] {
  const out: CheckViolation[] = [];
  for (const pool of pools) {
    for (const holder of pool.holders) {
      const a = allocations.get(`${pool.namespace}\u0000${holder}`);
      if (a === undefined) continue;
      const fin = finalized.get(a.record);
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
}

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

/** The last event of `events` the transition made, if any. */
function lastTransitionEvent(events: readonly TaskEvent[] | undefined): TaskEvent | undefined {
  if (events === undefined) return undefined;
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.source === 'transition') return events[i];
  return undefined;
}

/** A deduplicated event whose phase and version equal the last one sent, but whose info changed. */
const lostInfo: CheckRule = {
  id: 'lostInfo',
  start() {
    const lost = new FirstOf();
    const lastSent = new ByAttempt<TaskEvent>();
    return {
      call(r) {
        const ev = lastTransitionEvent(r.events);
        if (ev !== undefined) lastSent.set(r, ev);
        if (r.decision?.code !== 'dedup') return;
        const dropped = lastTransitionEvent(r.droppedEvents);
        const sent = lastSent.get(r);
        if (!dropped || !sent || sent.pluginPhase !== dropped.pluginPhase || sent.version !== dropped.version) return;
        const diff = infoDiff(sent, dropped);
        if (diff.length === 0) return;
        lost.add(`${attemptKey(r)}\u0000${dropped.pluginPhase}:${dropped.version}`, () => ({
          check: 'lostInfo',
          ...where(r),
          message: `Handle returned ${dropped.pluginPhase}:${dropped.version} again with new info (${diff.join('; ')}), but an event is sent only when phase or version changes: FlyteAdmin never sees it`,
          fix: `bump the phase version when the info changes (e.g. phaseInfo${dropped.pluginPhase}(${dropped.version + 1}, info)), as Flyte's webapi and k8s plugins do`,
        }));
      },
      done: () => lost.done(),
    };
  },
};

/**
 * The last cleanup call of each task that failed and still stands, as calls come (a Finalize after a failed Abort in
 * its round does not clear it).
 */
class StandingCleanupErrors {
  readonly byTask = new Map<string, CallRecord>();
  call(r: CallRecord): void {
    if (r.call === 'handle') return;
    if (r.error !== undefined) this.byTask.set(r.task, r);
    else if (r.call === 'abort' || this.byTask.get(r.task)?.round !== r.round) this.byTask.delete(r.task);
  }
}

/** The tasks of a timeline, its last call of each, and whether the run stopped at the round cap: what roundCap reads. */
class RunState {
  // A set keeps start order too, and stays linear in the records however many tasks started.
  readonly started = new Set<string>();
  readonly finished = new Set<string>();
  readonly lastCall = new Map<string, CallRecord>();
  readonly cleanupErrors = new StandingCleanupErrors();
  capped: { seq: number; rounds: number } | undefined;

  call(r: CallRecord): void {
    this.lastCall.set(r.task, r);
    this.cleanupErrors.call(r);
  }

  other(r: TimelineRecord): void {
    if (r.kind === 'task.started') this.started.add(r.task);
    else if (r.kind === 'task.finished') this.finished.add(r.task);
    else if (r.kind === 'run.finished')
      this.capped = r.reason === 'round-cap' ? { seq: r.seq, rounds: r.rounds } : undefined;
  }
}

/** A run that stopped at the round cap, with the tasks that did not finish and why, when a cleanup keeps failing. */
const roundCap: CheckRule = {
  id: 'roundCap',
  start() {
    const run = new RunState();
    return { call: (r) => run.call(r), other: (r) => run.other(r), done: () => roundCapViolations(run) };
  },
};

function roundCapViolations({ started, finished, lastCall, cleanupErrors, capped }: RunState): CheckViolation[] {
  if (capped === undefined) return [];
  const open = [...started].filter((t) => !finished.has(t));
  const desc = open
    .slice(0, 5)
    .map((t) => {
      const c = lastCall.get(t);
      return c ? `${t} (${c.pluginPhase.phase}:${c.pluginPhase.version}, ${c.nodePhase.after})` : `${t} (never ran)`;
    })
    .join(', ');
  const failingCleanup = open.map((t) => cleanupErrors.byTask.get(t)).find((c) => c !== undefined);
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
}

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

/**
 * Runs the enabled checks over a timeline, every one in the same pass over its records (each record is read once);
 * violations come in {@link CheckId} order.
 */
export function runChecks(input: CheckInput, settings: CheckSettings = resolveChecks()): CheckViolation[] {
  const passes = CHECK_RULES.filter((rule) => settings[rule.id]).map((rule) => rule.start(input));
  const onCall = passes.filter((p) => p.call !== undefined);
  const onOther = passes.filter((p) => p.other !== undefined);
  for (const r of input.records) {
    if (r.kind === 'call') for (const p of onCall) p.call!(r);
    else for (const p of onOther) p.other!(r);
  }
  return passes.flatMap((p) => p.done());
}
