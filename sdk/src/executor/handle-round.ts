/**
 * One Handle round, as FlytePropeller's task handler runs it (`Handle` / `invokePlugin`): call the plugin (or
 * replay a barrier transition), validate, dedup on (phase, version), validate outputs on success, send events,
 * persist state, and move the node. Each step is a function below, in that order.
 *
 * @module
 */
import { create } from '@bufbuild/protobuf';
import { PlugbenchError, InjectedFaultError } from '../contract/errors';
import { Phase, isFailure, phaseName } from '../contract/phase';
import { PhaseInfo, phaseInfoFailed } from '../contract/phase-info';
import type { Transition } from '../contract/transition';
import { TransitionType } from '../contract/transition-type';
import { ExecutionErrorSchema, ExecutionError_ErrorKind, type ExecutionError } from '../idl/index';
import type { CallRecord, Decision, NodePhase, TaskEvent } from '../timeline/types';
import { eventOf, rawEventOf, roundPoolInfo, transitionJson } from './events';
import {
  HandleRound,
  decisionOf,
  dedupForm,
  describeValue,
  EVENT_SENT,
  failHandle,
  isTransition,
  recordHandle,
  stateChange,
  stateSnapshot,
  virtualNow,
} from './handle-record';
import type { Fault } from './faults';
import { andThen, isThenable, Later, type MaybeLater, type MaybePromise } from './maybe-async';
import { callPluginThen, type CallOptions, type CallOutcome, type PluginCall } from './plugin-call';
import type { RoundParts } from './record-store/call-columns';
import { replayHandle } from './replay-check';
import { keepRepeat, mayRepeat, repeatsKept } from './round-parts';
import { decideRetry, defaultError } from './retry';
import {
  NO_EVENTS,
  SENT_EVENTS,
  type RoundEnv,
  type RoundSummary,
  type RoundScratch,
  type ValidatedTransition,
} from './round-env';
import type { TaskExecution } from './task-execution';
import { validateOutputs } from './validate-outputs';
import { roundValuesError } from './validate-plugin-values';

/** What a Handle round ends with: its record, or only its {@link RoundSummary} when the record is not needed. */
export type HandleOutcome = CallRecord | RoundSummary;

/**
 * Runs one Handle round of `task` and returns its call record: synchronously when the plugin answered synchronously
 * and no step of the round had to wait (output validation on Success, the idempotency check).
 */
export function handleRound(env: RoundEnv, task: TaskExecution): MaybePromise<CallRecord> {
  // Not lean: the outcome is the record.
  const out = handleRoundThen(env, task, false, (outcome) => outcome as CallRecord);
  return out instanceof Later ? out.promise() : out;
}

/**
 * {@link handleRound}, then `then(outcome)`: at once when the round settled synchronously, else in the job that
 * settles it (no extra promise hop). `lean`: the caller does not need the record and nothing records
 * (`env.recording` is false); the round then skips what only its record shows (the decision's text, the events and
 * the state in the record's form) and hands `then` a {@link RoundSummary}, except for a round error.
 */
export function handleRoundThen<U>(
  env: RoundEnv,
  task: TaskExecution,
  lean: boolean,
  then: (outcome: HandleOutcome) => U,
): MaybeLater<U> {
  return obtainTransition(new HandleCall(env, task, lean, then));
}

/** Steps 2 to 7, on the transition the round works on. */
function checkAndApply(h: HandleRound, got: Obtained, lean: boolean): MaybePromise<HandleOutcome> {
  const invalid = validateTransition(h, got);
  if (invalid !== undefined) return invalid;
  const tick = barrierTick(h, got);
  h.obtained(got.transition, mayRepeat(h, got.transition, got.replayedTick !== undefined));
  const validated = got.validated ?? checkTransition(h, got, tick, lean);
  return isThenable(validated)
    ? validated.then((v) => (isValidated(v) ? apply(h, got, v, tick, lean) : v))
    : isValidated(validated)
      ? apply(h, got, validated, tick, lean)
      : validated;
}

/** Steps 5 to 7: events, the node's move, persistence. */
function apply(
  h: HandleRound,
  got: Obtained,
  validated: ValidatedTransition,
  tick: number,
  lean: boolean,
): HandleOutcome {
  const { pi, outputUri } = validated;
  // Without a record, events are made only where a round error records them: a sink fault, an Undefined phase. A
  // round the store keeps from its parts makes none either (it has neither).
  const quiet = lean
    ? pi.phase !== Phase.Undefined && findFault(h.scratch, 'event-sink-fails') === undefined
    : repeatsKept(h, got.replayedTick !== undefined, validated);
  const events = quiet ? NO_EVENT_LIST : sendEvents(h, pi, outputUri);
  if (!Array.isArray(events)) return events;
  const node = decideNode(h, got, validated, events, quiet);
  if (!isNodeDecision(node)) return node;
  return persist(h, pi, node, tick, events, quiet);
}

/** The events of a round whose record is not made (never read). */
const NO_EVENT_LIST: TaskEvent[] = [];

/** The round's first planned fault of `kind`: rounds without faults (almost all) look at nothing. */
function findFault(scratch: RoundScratch, kind: Fault['kind']): Fault | undefined {
  const faults = scratch.faults;
  if (faults.length === 0) return undefined;
  for (const f of faults) if (f.kind === kind) return f;
  return undefined;
}

/** Steps 3 and 4 for a transition the plugin returned now: dedup, version cap, outputs; then the barrier cache. */
function checkTransition(
  h: HandleRound,
  got: Obtained,
  tick: number,
  lean: boolean,
): MaybePromise<ValidatedTransition | HandleOutcome> {
  const checked = dedupAndCap(h, got, tick, lean);
  if (!(checked instanceof PhaseInfo)) return checked;
  const capped = checked !== got.transition.info;
  // Only a Success has outputs to validate (and may wait for them); any other phase goes on as it is.
  if (checked.phase !== Phase.Success) return validatedAs(h, got, tick, { pi: checked, capped });
  return validateSuccessOutputs(h, checked).then((validated) => {
    if (isRecord(validated)) return validated;
    const v: ValidatedTransition = { pi: validated.pi, capped };
    if (validated.outputUri !== undefined) v.outputUri = validated.outputUri;
    return validatedAs(h, got, tick, v);
  });
}

/** A transition that passed step 4: cached for the barrier, and handed on. */
function validatedAs(h: HandleRound, got: Obtained, tick: number, v: ValidatedTransition): ValidatedTransition {
  cacheBarrier(h, got, tick, v);
  return v;
}

// Each step's value is told from the round's end by a test of its own. One test shared by every step saw every kind of
// value, and V8 compiles a property read that has seen more than four kinds of object as a lookup in a global cache.
/** Whether a step ended the round (its record) rather than handing on the plugin's transition or its outputs. */
const isRecord = (x: object): x is CallRecord => (x as CallRecord).kind === 'call';

/** Whether a step handed on a transition that passed its checks rather than ending the round. */
const isValidated = (x: object): x is ValidatedTransition => (x as ValidatedTransition).pi !== undefined;

/** Whether step 6 handed on where the node goes rather than ending the round. */
const isNodeDecision = (x: object): x is NodeDecision => (x as NodeDecision).persistState !== undefined;

/** What the round works on: the plugin's transition, or the barrier's replay of an earlier one. */
interface Obtained {
  transition: Transition;
  /** The barrier tick of a replayed transition. */
  replayedTick?: number;
  /** A replayed transition as it passed its checks: used as is. */
  validated?: ValidatedTransition;
}

/**
 * 1. Calls the plugin, or replays a barrier transition whose persisted write was lost, and goes on with the rest of
 * the round and then `then` (for an asynchronous plugin, in the job that settles the call: no extra promise hop); or
 * ends the round with its error.
 */
function obtainTransition<U>(h: HandleCall<U>): MaybeLater<U> {
  const { env, task, scratch } = h;
  const cached = env.config.barrier ? env.barrier.get(task.generatedName) : undefined;
  if (cached !== undefined && cached.tick > task.ts.barrierClockTick) {
    scratch.stateWrite = cached.stateWrite;
    const replayed: Obtained = { transition: cached.transition, replayedTick: cached.tick };
    if (cached.validated !== undefined) replayed.validated = cached.validated;
    return andThen(checkAndApply(h, replayed, h.lean), h.onOutcome);
  }
  // Lean here means that nothing records either (`handleRoundThen`).
  scratch.recordUnread = h.lean;
  return callPluginThen(h);
}

/**
 * A Handle round with its plugin call and the rest of the round after it: one object a round, where closures, an
 * options object and the round were six (the rounds' allocations are much of what a round costs).
 */
class HandleCall<U> extends HandleRound implements PluginCall<Transition, U> {
  readonly clock: CallOptions['clock'];
  readonly timeoutMs: number;
  readonly label: string;
  readonly logs: CallOptions['logs'];
  readonly delayMs: number | undefined;
  /** The caller takes no record and nothing records: the round skips what only its record shows. */
  readonly lean: boolean;
  /** What follows the round's outcome (not `then`: that would make the round a thenable). */
  readonly onOutcome: (outcome: HandleOutcome) => U;
  readonly #slow: boolean;

  /** `lean`: the caller takes no record (see {@link handleRoundThen}). */
  constructor(env: RoundEnv, task: TaskExecution, lean: boolean, then: (outcome: HandleOutcome) => U) {
    super(env, task, lean);
    const scratch = this.scratch;
    const slow = findFault(scratch, 'slow-call');
    this.clock = env.clock;
    this.timeoutMs = env.config.roundTimeoutMs;
    this.label = task.loaded.handleLabel;
    this.logs = env.config.captureConsole ? scratch.logs : undefined;
    this.delayMs = slow !== undefined && slow.kind === 'slow-call' ? slow.delayMs : undefined;
    this.lean = lean && !env.recording;
    this.onOutcome = then;
    this.#slow = slow !== undefined;
  }

  invoke(): Transition | Promise<Transition> {
    const { env, task, scratch } = this;
    const ctx = env.context(task, scratch);
    const thrown = findFault(scratch, 'throw');
    if (thrown) {
      scratch.fired.push('throw');
      throw new InjectedFaultError(
        thrown.kind === 'throw' && thrown.message ? thrown.message : `injected: Handle throws on round ${this.round}`,
        'throw',
      );
    }
    return task.loaded.plugin.handle(ctx);
  }

  settled(o: CallOutcome<Transition>): MaybePromise<U> {
    const h = this as HandleRound;
    const { env, task, scratch } = h;
    const lean = this.lean;
    const then = this.onOutcome;
    if (this.#slow) scratch.fired.push('slow-call');
    scratch.closed = true;
    const got = transitionOf(h, o);
    if (isRecord(got)) return then(got);
    if (!env.config.checks.replayHandle) return andThen(checkAndApply(h, got, lean), then);
    return replayHandle(env, task, got.transition, scratch.faults).then((replay) => {
      h.replay = replay;
      return andThen(checkAndApply(h, got, lean), then);
    });
  }
}

/** The plugin call's transition, or the round error it ends with (a throw, a wrong value). */
function transitionOf(h: HandleRound, o: CallOutcome<Transition>): Obtained | CallRecord {
  if (!o.ok) return failHandle(h, 'handle', o.error);
  if (!isTransition(o.value)) {
    return failHandle(
      h,
      'transition',
      new PlugbenchError(
        `Handle returned ${describeValue(o.value)}; expected a Transition (doTransition(phaseInfo...))`,
      ),
    );
  }
  // Values of the wrong type (validate-plugin-values.ts) fail the round before anything, the replay included, uses them.
  const invalid = roundValuesError(o.value, h.scratch, h.task);
  if (invalid !== undefined) return failHandle(h, 'transition', invalid);
  return { transition: o.value };
}

/** 2. Go `validateTransition`: a transition needs task info or an error. */
function validateTransition(h: HandleRound, got: Obtained): CallRecord | undefined {
  const info = got.transition.info;
  if (info.err !== undefined || info.info !== undefined) return undefined;
  return failHandle(
    h,
    'transition',
    new PlugbenchError("transition doesn't have task info nor an execution error filled"),
    {
      transition: transitionJson(got.transition),
    },
  );
}

/** 2b. The barrier tick the round persists: a new Barrier transition ticks the clock. */
function barrierTick(h: HandleRound, got: Obtained): number {
  if (got.replayedTick !== undefined) return got.replayedTick;
  return isNewBarrier(h, got) ? h.task.ts.barrierClockTick + 1 : h.task.ts.barrierClockTick;
}

function isNewBarrier(h: HandleRound, got: Obtained): boolean {
  return got.replayedTick === undefined && h.env.config.barrier && got.transition.type === TransitionType.Barrier;
}

/** Caches a new Barrier transition under its tick, after its checks when it passed them. */
function cacheBarrier(h: HandleRound, got: Obtained, tick: number, validated?: ValidatedTransition): void {
  if (!isNewBarrier(h, got)) return;
  h.env.barrier.set(h.task.generatedName, {
    tick,
    transition: got.transition,
    stateWrite: h.scratch.stateWrite,
    ...(validated !== undefined ? { validated } : {}),
  });
}

/** 3. Dedup on (phase, version), and the version cap: a record when the round ends here, else the phase info to go on with. */
function dedupAndCap(h: HandleRound, got: Obtained, tick: number, lean: boolean): PhaseInfo | HandleOutcome {
  const { env, task, scratch } = h;
  const ts = task.ts;
  const pi = got.transition.info;
  if (pi.phase !== ts.pluginPhase) return pi;
  if (pi.version === ts.pluginPhaseVersion) {
    // Go returns FinalTransition on this path too, and it refuses Undefined: a round error, not a dedup.
    if (pi.phase === Phase.Undefined) {
      return failHandle(h, 'transition', new PlugbenchError('error converting plugin phase, received [Undefined]'), {
        transition: h.returned,
      });
    }
    cacheBarrier(h, got, tick);
    ts.barrierClockTick = tick;
    if (lean) return leanOutcome(env, NO_EVENTS);
    const replayed = got.replayedTick !== undefined;
    const dropped = [
      ...scratch.rawEvents.map((r) => eventOf('raw', r, h.startMs)),
      eventOf('transition', pi, h.startMs),
    ];
    return recordHandle(h, {
      transition: h.returned,
      decision: decisionOf(env, dedupForm(replayed, scratch.stateWrite !== undefined), pi.phase, pi.version),
      state: stateChange(h.stateBefore, scratch, h.stateBefore, false, env.recording),
      events: [],
      droppedEvents: dropped,
    });
  }
  if (pi.version <= env.config.maxPluginPhaseVersions) return pi;
  return phaseInfoFailed(
    Phase.PermanentFailure,
    create(ExecutionErrorSchema, {
      code: 'TooManyPluginPhaseVersions',
      message: `Total number of phase versions exceeded for phase [${phaseName(pi.phase)}] in Plugin [${task.loaded.plugin.getID()}]. Attempted to set version to [${pi.version}], max allowed [${env.config.maxPluginPhaseVersions}]`,
      kind: ExecutionError_ErrorKind.UNKNOWN,
    }),
    pi.info ?? virtualNow(h.startMs),
  );
}

/** The end of a round whose record is not made: it still takes its `seq`, as the record would have. */
function leanOutcome(env: RoundEnv, summary: RoundSummary): RoundSummary {
  env.nextSeq();
  return summary;
}

/** The end of a round the store keeps from its parts: it takes its `seq` there, as the record would have. */
function keptOutcome(h: HandleRound, parts: RoundParts): RoundSummary {
  keepRepeat(h, parts);
  return SENT_EVENTS;
}

/** 4. Success: validates the outputs; a failed validation turns the phase into a failure. */
async function validateSuccessOutputs(
  h: HandleRound,
  pi: PhaseInfo,
): Promise<{ pi: PhaseInfo; outputUri?: string } | CallRecord> {
  // Made before anything awaits: plugin code may run meanwhile (a Success is never left for later, see `mayRepeat`).
  const returned = h.returned;
  const v = await validateOutputs(h.env, h.task, h.scratch);
  if (v.kind === 'error') return failHandle(h, 'executor', v.error, { transition: returned });
  if (v.kind === 'failure') return { pi: phaseInfoFailed(v.phase, v.err, pi.info ?? virtualNow(h.startMs)) };
  // Go ToTaskExecutionEvent: every SUCCEEDED event names the attempt's outputs path.
  return { pi, outputUri: h.env.outputPath(h.task) };
}

/** 5. Sends the buffered raw events, then the transition's event; all carry the round's pool info (Go STEP 4 and 5). */
function sendEvents(h: HandleRound, pi: PhaseInfo, outputUri: string | undefined): TaskEvent[] | CallRecord {
  const { env, task, scratch, startMs } = h;
  const events: TaskEvent[] = [];
  const sinkFault = findFault(scratch, 'event-sink-fails');
  const pool = roundPoolInfo(scratch.resources);
  const raw = scratch.rawEvents;
  if (raw.length > 0) {
    // The outputs path is looked up only for a raw Success event, which carries it whatever the round's outcome.
    const rawSuccess = raw.some((r) => r.phase === Phase.Success);
    const round = { outputUri: outputUri ?? (rawSuccess ? env.outputPath(task) : ''), resourcePoolInfo: pool };
    for (const r of raw) events.push(rawEventOf('raw', r, startMs, round));
  }
  const last = eventOf(
    'transition',
    pi,
    startMs,
    outputUri !== undefined
      ? { outputUri, resourcePoolInfo: pool }
      : pool.length === 0
        ? NO_POOL
        : { resourcePoolInfo: pool },
  );
  if (sinkFault) {
    scratch.fired.push('event-sink-fails');
    const msg =
      sinkFault.kind === 'event-sink-fails' && sinkFault.message
        ? sinkFault.message
        : 'injected: the event sink refused the event';
    return failHandle(h, 'event', new InjectedFaultError(msg, 'event-sink-fails'), { transition: h.returned, events });
  }
  // Without raw events, a list of its length (a list grown from empty by `push` has room for 17).
  if (raw.length === 0) return [last];
  events.push(last);
  return events;
}

/** What the transition's event adds in a round without resource calls and outputs: nothing. */
const NO_POOL = Object.freeze({});

/** Where the node goes after the round, and what of it persists. */
interface NodeDecision {
  nodeAfter: NodePhase;
  pendingError?: ExecutionError;
  persistState: boolean;
  countSystemFailure: boolean;
  /** What the record says of it; not made for a round without a record. */
  decision: Decision | undefined;
}

/** 6. Decides where the node goes; a retry clears every pending write of the round (Go `ClearNodeStatus`). */
function decideNode(
  h: HandleRound,
  got: Obtained,
  v: ValidatedTransition,
  events: TaskEvent[],
  lean: boolean,
): NodeDecision | CallRecord {
  const { env, task } = h;
  const { pi, capped } = v;
  const d: NodeDecision = {
    nodeAfter: 'Running',
    persistState: true,
    countSystemFailure: false,
    // The decision's text is for the record only.
    decision: lean
      ? undefined
      : capped
        ? {
            code: 'version-cap',
            message: `phase version ${got.transition.info.version} is above the cap ${env.config.maxPluginPhaseVersions}: permanent failure`,
          }
        : decisionOf(env, EVENT_SENT, pi.phase, pi.version),
  };
  if (got.replayedTick !== undefined && !lean)
    d.decision = {
      code: 'barrier-replay',
      message: 'barrier transition replayed from the cache instead of calling the plugin; state persisted',
    };
  if (pi.phase === Phase.Undefined) {
    return failHandle(h, 'transition', new PlugbenchError('error converting plugin phase, received [Undefined]'), {
      transition: h.returned,
      events,
    });
  }
  if (pi.phase === Phase.Success) d.nodeAfter = 'Succeeding';
  else if (isFailure(pi.phase)) {
    const err = defaultError(pi.err);
    d.countSystemFailure = err.kind === ExecutionError_ErrorKind.SYSTEM;
    d.nodeAfter = 'Failing';
    d.pendingError = err;
    if (pi.phase === Phase.RetryableFailure) {
      const r = decideRetry(err, {
        attempt: task.attempt,
        maxAttempts: task.maxAttempts,
        systemFailures: task.systemFailures,
        maxSystemRetries: env.config.maxSystemRetries,
      });
      if (r.retry) {
        d.nodeAfter = 'RetryableFailure';
        d.persistState = false;
        if (!lean)
          d.decision = {
            code: 'retry',
            message: `event sent; the ${d.countSystemFailure ? 'SYSTEM' : 'USER'} failure will be retried: the round's state is not persisted`,
          };
      } else {
        d.pendingError = r.err;
        if (!lean) d.decision = { code: 'event', message: `event sent; retries exhausted: ${r.err.code}` };
      }
    }
  }
  return d;
}

/** 7. Persists, unless a fault loses the whole write: then the next round sees the workflow as it was. */
function persist(
  h: HandleRound,
  pi: PhaseInfo,
  d: NodeDecision,
  tick: number,
  events: TaskEvent[],
  lean: boolean,
): HandleOutcome {
  const { env, task, scratch } = h;
  const ts = task.ts;
  const lost = findFault(scratch, 'lose-state-write');
  let after = h.stateBefore;
  if (lost) {
    scratch.fired.push('lose-state-write');
    d.persistState = false;
    if (d.decision !== undefined)
      d.decision = {
        code: 'write-lost',
        message: `${d.decision.message.replace(/; state persisted$/, '')}; but the write was lost (injected): the next round reads the previous phase and state`,
      };
  } else {
    task.nodePhase = d.nodeAfter;
    if (d.pendingError !== undefined) task.pendingError = d.pendingError;
    if (d.countSystemFailure) task.systemFailures++;
  }
  if (d.persistState) {
    const w = scratch.stateWrite;
    if (w?.op === 'put') {
      ts.pluginState = w.encoded;
      ts.pluginStateVersion = w.version;
      ts.pluginStateSnapshot = undefined;
    } else if (w?.op === 'reset') {
      ts.pluginState = undefined;
      ts.pluginStateVersion = 0;
      ts.pluginStateSnapshot = undefined;
    }
    if (pi.phase !== ts.pluginPhase) ts.lastPhaseUpdatedAt = h.startMs;
    ts.pluginPhase = pi.phase;
    ts.pluginPhaseVersion = pi.version;
    ts.barrierClockTick = tick;
    if (!lean) after = stateSnapshot(env, ts);
  }
  if (lean) return h.parts !== undefined ? keptOutcome(h, h.parts) : leanOutcome(env, SENT_EVENTS);
  return recordHandle(h, {
    transition: h.returned,
    decision: d.decision,
    state: stateChange(h.stateBefore, scratch, after, d.persistState, env.recording),
    events,
  });
}
