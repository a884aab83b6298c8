/**
 * Calls into plugin code: with the virtual clock installed, console output captured, a wall-clock timeout, and any
 * throw or rejection caught. A plugin can never hang or crash the executor.
 *
 * @module
 */
import { currentClock, runWithClock, type Clock } from '../contract/clock';
import { RoundTimeoutError } from '../contract/errors';
import type { LogLine } from '../timeline/types';
import { deadlines } from './deadlines';
import { isThenable, Later, type MaybeLater, type MaybePromise } from './maybe-async';

/** The outcome of a plugin call. */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** How to call. */
export interface CallOptions {
  clock: Clock;
  timeoutMs: number;
  /** What the call is, for the timeout message (`Handle of plugin [echo]`). */
  label: string;
  /** Where captured console lines go; `undefined` leaves the console alone. */
  logs: LogLine[] | undefined;
  /** Wall-clock delay before the call (the slow-call fault). */
  delayMs?: number;
}

const levels = { debug: 'debug', log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;
type ConsoleMethod = keyof typeof levels;

function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack ?? a.message;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

/**
 * What one plugin call runs under: its executor's clock and where its console lines go. It is the contract clock's
 * store (the asynchronous context of the call carries one object, not two: every promise a round makes pays for each
 * store), so the console wrappers find the call's log through the contract's current clock. The log is under a
 * `Symbol.for` key so that the wrappers of another copy of the SDK find it too.
 */
const callLogs = Symbol.for('@plugbench/sdk.callLogs');
class CallFrame implements Clock {
  readonly #clock: Clock;
  [callLogs]: LogLine[] | undefined;
  constructor(clock: Clock, logs: LogLine[] | undefined) {
    this.#clock = clock;
    this[callLogs] = logs;
  }
  nowMs(): number {
    return this.#clock.nowMs();
  }
}

// Console capture swaps console methods for these wrappers during a call; they write to the list of the call whose
// asynchronous context is running, so that calls of executors running at once keep their own lines. Made once.
// A call's list is dropped when the call settles: what the plugin logs later goes to the real console.
let sessions = 0;
const saved: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> = {};
const methods = Object.keys(levels) as ConsoleMethod[];
const wrappers = Object.fromEntries(
  methods.map((m) => [
    m,
    (...args: unknown[]) => {
      const sink = (currentClock() as Partial<CallFrame>)[callLogs];
      if (sink !== undefined) sink.push({ level: levels[m], message: formatArgs(args) });
      else saved[m]?.apply(console, args);
    },
  ]),
) as Record<ConsoleMethod, (...args: unknown[]) => void>;

/**
 * Starts a console capture session: console methods are swapped for wrappers that write to the log of the plugin
 * call running now, and pass anything else through. The executor holds a session for a whole `runUntil`, so a
 * call only switches where the wrappers write. Sessions nest; each must be ended.
 */
export function beginConsoleCapture(): void {
  if (sessions++ > 0) return;
  for (const m of methods) {
    saved[m] = console[m];
    console[m] = wrappers[m];
  }
}

/** Ends a session of {@link beginConsoleCapture}; the last one puts the console back. */
export function endConsoleCapture(): void {
  if (--sessions > 0) return;
  for (const m of methods) console[m] = saved[m]!;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` under the rules above. A plugin that answers synchronously gets its outcome back synchronously (no
 * promise, no timer); one that returns a promise gets a promise of the outcome.
 */
export function callPlugin<T>(fn: () => T | Promise<T>, o: CallOptions): MaybePromise<CallOutcome<Awaited<T>>> {
  const out = callPluginThen<T, CallOutcome<Awaited<T>>>({ ...o, invoke: fn, settled: identity });
  // A real promise, settled in the job that settles the call.
  return out instanceof Later ? out.promise() : out;
}

const identity = <T>(x: T): T => x;

/** One plugin call: how it is made, the call itself, and what follows its outcome. */
export interface PluginCall<T, U> extends CallOptions {
  /** Calls the plugin. */
  invoke(): T | Promise<T>;
  /** What follows the call's outcome (the rest of a round). */
  settled(outcome: CallOutcome<Awaited<T>>): MaybePromise<U>;
}

/**
 * Makes `call` under the rules above, then `call.settled(outcome)`: at once for a synchronous plugin, and for an
 * asynchronous one in the same job that settles the call, so that the rest of a round costs no extra promise hop.
 * An asynchronous call hands back a {@link Later}, not a promise: the run loop listens to it without making a
 * promise of its own.
 */
export function callPluginThen<T, U>(call: PluginCall<T, U>): MaybeLater<U> {
  // The plugin's code, and whatever it leaves running, reads "now" from this executor's clock and logs to this call.
  const frame = new CallFrame(call.clock, call.logs);
  const started = runWithClock(frame, () => start(call, frame));
  // The rest of the round is the executor's: it runs in the caller's scope, not in the call's.
  return isThenable(started) ? settle(started, call, frame) : call.settled(started);
}

/** Makes the call: its outcome when the plugin answered synchronously (or threw), else its promise. */
function start<T>(call: PluginCall<T, unknown>, frame: CallFrame): CallOutcome<Awaited<T>> | PromiseLike<Awaited<T>> {
  if (call.logs) beginConsoleCapture();
  let result: T | Promise<T>;
  try {
    const delayMs = call.delayMs;
    result =
      delayMs !== undefined && delayMs > 0
        ? (async () => {
            await sleep(delayMs);
            return await call.invoke();
          })()
        : call.invoke();
  } catch (error) {
    done(frame, call);
    return { ok: false, error };
  }
  // A plugin that answers synchronously has already settled: no timer, no promise (the common, fast path).
  if (isThenable(result)) return result as PromiseLike<Awaited<T>>;
  done(frame, call);
  return { ok: true, value: result as Awaited<T> };
}

/** The call settled: what the plugin logs from now on goes to the real console. */
function done(frame: CallFrame, o: CallOptions): void {
  frame[callLogs] = undefined;
  if (o.logs) endConsoleCapture();
}

/**
 * The outcome of a call that returned a promise: its value, its rejection, or the round timeout, whichever first;
 * then `call.settled(outcome)`, in the same job.
 */
function settle<T, U>(run: PromiseLike<T>, call: PluginCall<T, U>, frame: CallFrame): Later<U> {
  const later = new Later<U>();
  let settled = false;
  const finish = (outcome: CallOutcome<T>) => {
    if (settled) return;
    settled = true;
    deadlines.remove(deadline);
    done(frame, call);
    let rest: MaybePromise<U>;
    try {
      rest = call.settled(outcome as CallOutcome<Awaited<T>>);
    } catch (e) {
      later.reject(e);
      return;
    }
    later.resolve(rest);
  };
  const deadline = deadlines.add(call.timeoutMs, () =>
    finish({
      ok: false,
      error: new RoundTimeoutError(`${call.label} did not settle within ${call.timeoutMs} ms (round timeout)`),
    }),
  );
  // A call that outlives its timeout keeps running; its late settling changes nothing and is never unhandled.
  run.then(
    (value) => finish({ ok: true, value }),
    (error: unknown) => finish({ ok: false, error }),
  );
  return later;
}
