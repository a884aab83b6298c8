/**
 * Contract checks: rules every plugin must follow that Flyte never checks, computed from the timeline (and the pools
 * at the end). Each violation says what happened, where, and what to fix. They run on every fixture unless
 * switched off; the first two need the executor to make extra plugin calls (`checks.replayHandle`,
 * `checks.repeatCleanup` of its options), the rest read what any run records.
 *
 * @module
 */
import type { CallRecord, PoolSnapshot, TaskEvent, TimelineRecord, TimelineTransition } from '@plugbench/sdk';

/** The contract checks. */
export const CheckId = {
  /** Handle is idempotent: called again on the same state it returns the same transition (Flyte may replay a round). */
  ReplayHandle: 'replayHandle',
  /** Abort and Finalize survive being called twice (Flyte calls them again when their round is lost). */
  RepeatCleanup: 'repeatCleanup',
  /** Every resource token a task took is released by its Finalize (flyteplugins #71: release in Finalize). */
  TokensReleased: 'tokensReleased',
  /** Plugin state survives serialization: the SDK refuses a put that would not, and the round fails. */
  StateSerializable: 'stateSerializable',
  /** No state get after a put in the same round: the get returns the previous round's state, not the new value. */
  GetAfterPut: 'getAfterPut',
  /** Reason, logs or custom info changed while phase and version did not: the event is deduplicated and lost. */
  LostInfo: 'lostInfo',
  /** The run finished before the round cap (a plugin that never finishes spins forever in Flyte's own test helper). */
  RoundCap: 'roundCap',
} as const;
/** A value of {@link CheckId}. */
export type CheckId = (typeof CheckId)[keyof typeof CheckId];

/** All check ids, in order. */
export const CHECK_IDS: readonly CheckId[] = Object.values(CheckId);

/** Which checks run. */
export type CheckSettings = Record<CheckId, boolean>;

/** Every check on, unless `input` switches some off (`false` switches all off). */
export function resolveChecks(input?: Partial<Record<CheckId, boolean | undefined>> | false): CheckSettings {
  const out = {} as CheckSettings;
  for (const id of CHECK_IDS) out[id] = input === false ? false : (input?.[id] ?? true);
  return out;
}

/** One broken rule. */
export interface CheckViolation {
  check: CheckId;
  /** The task execution, when the rule is about one. */
  task?: string;
  attempt?: number;
  /** The task's round where it was seen first. */
  round?: number;
  /** The timeline record where it was seen first. */
  seq?: number;
  /** What happened, and where. */
  message: string;
  /** What to change in the plugin. */
  fix: string;
}

/** `[check] task a attempt 0 round 3: message\n  fix: ...`. */
export function formatViolation(v: CheckViolation): string {
  const where = [v.task !== undefined ? `task ${v.task}` : '', v.attempt !== undefined && v.attempt > 0 ? `attempt ${v.attempt}` : '', v.round !== undefined ? `round ${v.round}` : '']
    .filter((s) => s !== '')
    .join(' ');
  return `[${v.check}] ${where !== '' ? `${where}: ` : ''}${v.message}\n  fix: ${v.fix}`;
}

/** What the checks read. */
export interface CheckInput {
  records: readonly TimelineRecord[];
  /** The pools at the end (`Executor.pools()`); without them the token check is skipped. */
  pools?: readonly PoolSnapshot[];
}

const fmt = (t: TimelineTransition | undefined) => (t === undefined ? 'nothing' : `${t.phase}:${t.version}${t.err ? ` (${t.err.code})` : ''}`);

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

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function infoDiff(sent: TaskEvent, dropped: TaskEvent): string[] {
  const out: string[] = [];
  if ((sent.reason ?? '') !== (dropped.reason ?? '')) out.push(`reason "${sent.reason ?? ''}" → "${dropped.reason ?? ''}"`);
  if (!sameJson(sent.logs, dropped.logs)) out.push(`logs ${JSON.stringify(sent.logs ?? [])} → ${JSON.stringify(dropped.logs ?? [])}`);
  if (!sameJson(sent.customInfo, dropped.customInfo)) out.push(`customInfo ${JSON.stringify(sent.customInfo ?? {})} → ${JSON.stringify(dropped.customInfo ?? {})}`);
  return out;
}

/** Runs the enabled checks over a timeline. */
export function runChecks(input: CheckInput, settings: CheckSettings = resolveChecks()): CheckViolation[] {
  const out: CheckViolation[] = [];
  const replay = new FirstOf();
  const repeat = new FirstOf();
  const state = new FirstOf();
  const getAfterPut = new FirstOf();
  const lost = new FirstOf();
  const lastSent = new Map<string, TaskEvent>();
  const allocations = new Map<string, { record: CallRecord; namespace: string; token: string }>();
  const finalized = new Map<string, CallRecord>();
  const started = new Map<string, string>();
  const finishedTasks = new Set<string>();
  let roundCap: { seq: number; rounds: number } | undefined;
  const lastCall = new Map<string, CallRecord>();
  const lastCleanupError = new Map<string, CallRecord>();

  for (const r of input.records) {
    if (r.kind === 'task.started') started.set(r.task, r.taskType);
    if (r.kind === 'task.finished') finishedTasks.add(r.task);
    if (r.kind === 'run.finished') roundCap = r.reason === 'round-cap' ? { seq: r.seq, rounds: r.rounds } : undefined;
    if (r.kind !== 'call') continue;
    lastCall.set(r.task, r);
    if (r.call !== 'handle') {
      // Finalize follows a failed Abort in the same round: the Abort's error stands.
      if (r.error !== undefined) lastCleanupError.set(r.task, r);
      else if (r.call === 'abort' || lastCleanupError.get(r.task)?.round !== r.round) lastCleanupError.delete(r.task);
    }
    const attemptKey = `${r.task}\u0000${r.attempt}`;

    if (settings.replayHandle && r.replay !== undefined && !r.replay.same) {
      replay.add(r.task, () => ({
        check: 'replayHandle',
        ...where(r),
        message: r.replay!.error
          ? `Handle called a second time on the same state threw "${r.replay!.error.message}" (the first call returned ${fmt(r.transition)})`
          : `Handle called a second time on the same state returned ${fmt(r.replay!.transition)}, the first call ${fmt(r.transition)}`,
        fix: 'Flyte may call Handle again whenever a round is lost: derive the transition from the persisted plugin state and the remote system only (no counters in memory, no one-shot side effects; create remote work under an idempotent name such as the generated name)',
      }));
    }
    if (settings.repeatCleanup && r.repeat !== undefined && !r.repeat.ok) {
      const name = r.call === 'abort' ? 'Abort' : 'Finalize';
      repeat.add(`${r.task}\u0000${r.call}`, () => ({
        check: 'repeatCleanup',
        ...where(r),
        message: `${name} called a second time threw "${r.repeat!.error?.message ?? 'an error'}"`,
        fix: `Flyte calls ${name} again when its round is lost: make it idempotent (treat "already deleted" or "not found" as done; releasing a token that is not held is fine)`,
      }));
    }
    if (settings.stateSerializable && r.error?.code === 'StateSerialization') {
      state.add(r.task, () => ({
        check: 'stateSerializable',
        ...where(r),
        message: `the plugin put state that would not survive the state store: ${r.error!.message}; the round failed and nothing of it was persisted`,
        fix: 'put plain JSON data only: strings, finite numbers, booleans, null, arrays and plain objects (a Date as an ISO string or ms, a Map as an object, no undefined)',
      }));
    }
    if (settings.getAfterPut && r.lint?.includes('get-after-put')) {
      getAfterPut.add(r.task, () => ({
        check: 'getAfterPut',
        ...where(r),
        message: 'Handle read plugin state after writing it in the same round; the read returns the state persisted by the previous round, not the value just put',
        fix: 'keep the new value in a local variable instead of reading it back: a put becomes visible in the next round only (and only if the round is persisted)',
      }));
    }
    if (settings.tokensReleased) {
      for (const rc of r.resources) {
        const key = `${rc.namespaceFQ}\u0000${rc.tokenFQ}`;
        if (rc.op === 'allocate' && rc.status === 'ResourceGranted') allocations.set(key, { record: r, namespace: rc.namespace, token: rc.token });
      }
      if (r.call === 'finalize' && r.error === undefined) finalized.set(attemptKey, r);
    }
    if (settings.lostInfo) {
      for (const ev of r.events) if (ev.source === 'transition') lastSent.set(attemptKey, ev);
      if (r.decision?.code === 'dedup') {
        const dropped = [...(r.droppedEvents ?? [])].reverse().find((e) => e.source === 'transition');
        const sent = lastSent.get(attemptKey);
        if (dropped && sent && sent.pluginPhase === dropped.pluginPhase && sent.version === dropped.version) {
          const diff = infoDiff(sent, dropped);
          if (diff.length > 0) {
            lost.add(`${attemptKey}\u0000${dropped.pluginPhase}:${dropped.version}`, () => ({
              check: 'lostInfo',
              ...where(r),
              message: `Handle returned ${dropped.pluginPhase}:${dropped.version} again with new info (${diff.join('; ')}), but an event is sent only when phase or version changes: FlyteAdmin never sees it`,
              fix: `bump the phase version when the info changes (e.g. phaseInfo${dropped.pluginPhase}(${dropped.version + 1}, info)), as Flyte's webapi and k8s plugins do`,
            }));
          }
        }
      }
    }
  }

  out.push(...replay.done(), ...repeat.done());
  if (settings.tokensReleased && input.pools !== undefined) {
    for (const pool of input.pools) {
      for (const holder of pool.holders) {
        const a = allocations.get(`${pool.namespace}\u0000${holder}`);
        if (a === undefined) continue;
        const fin = finalized.get(`${a.record.task}\u0000${a.record.attempt}`);
        if (fin === undefined || fin.seq < a.record.seq) continue;
        out.push({
          check: 'tokensReleased',
          ...where(a.record),
          message: `token "${a.token}" of namespace "${a.namespace}", allocated in round ${a.record.round}, is still held after Finalize (round ${fin.round}); no other task can have it`,
          fix: `release it in Finalize: await tCtx.resourceManager().releaseResource("${a.namespace}", token) — Finalize is always called, after success, failure and abort`,
        });
      }
    }
  }
  out.push(...state.done(), ...getAfterPut.done(), ...lost.done());
  if (settings.roundCap && roundCap !== undefined) {
    const open = [...started.keys()].filter((t) => !finishedTasks.has(t));
    const desc = open
      .slice(0, 5)
      .map((t) => {
        const c = lastCall.get(t);
        return c ? `${t} (${c.pluginPhase.phase}:${c.pluginPhase.version}, ${c.nodePhase.after})` : `${t} (never ran)`;
      })
      .join(', ');
    const failingCleanup = open.map((t) => lastCleanupError.get(t)).find((c) => c !== undefined);
    out.push({
      check: 'roundCap',
      seq: roundCap.seq,
      message: `the run hit the round cap after ${roundCap.rounds} rounds with ${open.length} task${open.length === 1 ? '' : 's'} unfinished: ${desc}${open.length > 5 ? ', ...' : ''}${
        failingCleanup !== undefined ? `; ${failingCleanup.call === 'abort' ? 'Abort' : 'Finalize'} of task ${failingCleanup.task} keeps failing: "${failingCleanup.error!.message}"` : ''
      }`,
      fix:
        failingCleanup !== undefined
          ? 'Abort and Finalize are called again every round until they succeed: make them succeed when there is nothing left to do (do not depend on secrets or remote calls that can fail for good)'
          : 'a task that never reaches a terminal phase keeps FlytePropeller busy forever: make sure Handle eventually returns Success or a failure (look for a phase that never changes); if the task is meant to run longer, raise maxRounds',
    });
  }
  return out;
}
