/**
 * The host side of one runner process: typed requests with answers, every message validated, a watchdog that kills
 * a runner whose plugin stopped answering (a synchronous endless loop never lets the executor's own round timeout
 * fire), and one clear error for every way a runner can go away.
 *
 * @module
 */
import type { HostRequest, ResultOf, RunnerError, RunnerMessage } from '../protocol/runner-messages';
import { RUNNER_PROTOCOL } from '../protocol/runner-schema';
import { parseRunnerMessage, readRecordBatch, resultSchemaFor } from '../protocol/runner-parse';
import { RecordDecoder } from '../protocol/record-wire';
import { StoreReplica } from '@plugbench/sdk/runner';
import * as z from 'zod';
import type { TimelineRecord } from '@plugbench/sdk/timeline';
import type { PackageOrigin } from '../protocol/package-origin';
import type { RunnerExit, RunnerTransport } from './transport';
import { silenceFor } from './watchdog';

/** A request failed: the runner answered with an error, or went away. */
export class RunnerRequestError extends Error {
  readonly error: RunnerError | { kind: 'timeout' | 'exited' | 'stopped'; message: string };
  constructor(error: RunnerRequestError['error']) {
    super(error.message);
    this.name = 'RunnerRequestError';
    this.error = error;
  }
}

/** The runner's hello: its process, its Node, and where its SDK and harness came from. */
export interface RunnerHello {
  pid: number;
  node: string;
  packages?: PackageOrigin;
}

/** Options of {@link RunnerClient}. */
export interface RunnerClientOptions {
  /**
   * How long a request may go without any message from the runner (records, progress) before the runner is killed.
   * Set it above the executor's round timeout: the executor contains a Handle that never settles; this catches a
   * Handle that never gives the event loop back. `Infinity` under the debugger (a breakpoint pauses everything).
   */
  silenceTimeoutMs: number;
  /** `open` loads and bundles the plugin and runs its loader: allowed to be slower. */
  openTimeoutMs?: number;
  /** What the watchdog's message advises for a plugin that is only slow; default: the extension's setting. */
  slowHint?: string;
  /** Where the client's own diagnostics go. */
  log?: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

type Request = DistributiveOmit<HostRequest, 'id'>;
type Answer<R extends Request> = ResultOf<R['type']>;

interface Pending {
  type: HostRequest['type'];
  resolve(value: unknown): void;
  reject(err: RunnerRequestError): void;
}

/** One runner process, seen from the host. */
export class RunnerClient {
  readonly #transport: RunnerTransport;
  readonly #options: RunnerClientOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #recordListeners = new Set<(records: TimelineRecord[]) => void>();
  readonly #progressListeners = new Set<(rounds: number) => void>();
  readonly #loadedListeners = new Set<() => void>();
  readonly #exitListeners = new Set<(why: RunnerRequestError) => void>();
  #nextId = 1;
  #timer: NodeJS.Timeout | undefined;
  #timerMs = 0;
  #gone: RunnerRequestError | undefined;
  #stopping = false;
  #timedOut: string | undefined;
  #failReady: (e: RunnerRequestError) => void = () => undefined;
  /** Decodes every batch of records, in order, whoever listens: each batch may use names an earlier one gave. */
  readonly #records = new RecordDecoder();
  /** The copy of the runner's record store that its rows go into, in order (one store per runner: one fixture). */
  readonly #replica = new StoreReplica();
  /** Resolves on the runner's hello. */
  readonly ready: Promise<RunnerHello>;

  constructor(transport: RunnerTransport, options: RunnerClientOptions) {
    this.#transport = transport;
    this.#options = { ...options };
    let hello!: (v: RunnerHello) => void;
    this.ready = new Promise((resolve, reject) => {
      hello = resolve;
      this.#failReady = reject;
    });
    this.ready.catch(() => undefined); // reported through the requests that wait on it
    transport.onMessage((raw) => {
      this.#touch();
      const parsed = parseRunnerMessage(raw);
      if (!parsed.ok) return this.#malformed(raw, parsed.error);
      const m = parsed.message;
      if (m.type !== 'hello') return this.#onMessage(m);
      if (m.protocol !== RUNNER_PROTOCOL)
        return this.#refuse(
          `runner speaks protocol ${m.protocol}, its host ${RUNNER_PROTOCOL}: the runner and its host come from different builds of plugbench; rebuild`,
        );
      hello({ pid: m.pid, node: m.node, ...(m.packages ? { packages: m.packages } : {}) });
    });
    transport.onExit((exit) => {
      const err = this.#exitError(exit);
      this.#failReady(err);
      this.#die(err);
    });
  }

  /** The runner's process id (none for a runner started by the debugger). */
  get pid(): number | undefined {
    return this.#transport.pid;
  }

  /** Whether the runner is gone. */
  get exited(): boolean {
    return this.#gone !== undefined;
  }

  /** Sends a request and waits for its answer. */
  async request<R extends Request>(request: R): Promise<Answer<R>> {
    if (this.#gone) throw this.#gone;
    const id = this.#nextId++;
    const answer = new Promise<unknown>((resolve, reject) =>
      this.#pending.set(id, { type: request.type, resolve, reject }),
    );
    // Armed before the hello: a runner that hangs while starting is caught too.
    this.#arm(
      request.type === 'open' || request.type === 'test' || request.type === 'outcome'
        ? (this.#options.openTimeoutMs ?? 30_000)
        : this.#options.silenceTimeoutMs,
    );
    try {
      await this.ready;
    } catch (e) {
      this.#pending.delete(id);
      throw e;
    }
    if (!this.#gone) this.#transport.send({ ...request, id } as HostRequest);
    return (await answer) as Answer<R>;
  }

  onRecords(listener: (records: TimelineRecord[]) => void): { dispose(): void } {
    this.#recordListeners.add(listener);
    return { dispose: () => this.#recordListeners.delete(listener) };
  }

  onProgress(listener: (rounds: number) => void): { dispose(): void } {
    this.#progressListeners.add(listener);
    return { dispose: () => this.#progressListeners.delete(listener) };
  }

  /** Called when an `outcome`'s plugins are loaded: what fails after this is a round's, not the loader's. */
  onLoaded(listener: () => void): { dispose(): void } {
    this.#loadedListeners.add(listener);
    return { dispose: () => this.#loadedListeners.delete(listener) };
  }

  /** Called once when the runner is gone, with why. */
  onExit(listener: (why: RunnerRequestError) => void): { dispose(): void } {
    if (this.#gone) {
      listener(this.#gone);
      return { dispose() {} };
    }
    this.#exitListeners.add(listener);
    return { dispose: () => this.#exitListeners.delete(listener) };
  }

  /** Changes the watchdog's limit (the fixture's round timeout may differ from the setting). */
  setSilenceTimeout(ms: number): void {
    this.#options.silenceTimeoutMs = ms;
  }

  /** Kills the runner now; pending requests fail with `stopped`. */
  stop(): void {
    if (this.#gone) return;
    this.#stopping = true;
    this.#transport.kill();
  }

  /** Asks the runner to exit, and kills it if it does not within a second. */
  async close(): Promise<void> {
    if (this.#gone) return;
    const timer = setTimeout(() => this.stop(), 1000);
    try {
      await this.request({ type: 'close' });
    } catch {
      // gone either way
    } finally {
      clearTimeout(timer);
    }
    this.stop();
  }

  #onMessage(m: Exclude<RunnerMessage, { type: 'hello' }>): void {
    switch (m.type) {
      case 'records': {
        const store = m.store && { replica: this.#replica, rows: m.store };
        const read = readRecordBatch(this.#records, m.batch, store);
        if (!read.ok) return this.#refuseRecords(read.error);
        for (const l of this.#recordListeners) l(read.records);
        return;
      }
      case 'progress':
        for (const l of this.#progressListeners) l(m.rounds);
        return;
      case 'loaded':
        // Loading is over: from here the watchdog follows the fixture's round timeout, not the open timeout.
        if (Number.isFinite(this.#options.silenceTimeoutMs)) this.#arm(silenceFor(m.roundTimeoutMs));
        for (const l of this.#loadedListeners) l();
        return;
      case 'log':
        this.#log(m.level, `runner: ${m.message}`);
        return;
      case 'result': {
        const p = this.#pending.get(m.id);
        if (!p) {
          this.#log('warn', `runner answered request ${m.id}, which is not pending; ignored`);
          return;
        }
        this.#pending.delete(m.id);
        if (this.#pending.size === 0) this.#disarm();
        if (!m.ok) {
          p.reject(new RunnerRequestError(m.error));
          return;
        }
        const checked = resultSchemaFor(p.type).safeParse(m.value);
        if (!checked.success) {
          const message = `runner's answer to ${p.type} does not follow the protocol:\n${z.prettifyError(checked.error)}`;
          this.#log('error', message);
          p.reject(new RunnerRequestError({ kind: 'protocol', message }));
          return;
        }
        p.resolve(checked.data);
      }
    }
  }

  /**
   * A message that does not follow the protocol is logged and ignored, except records: the timeline would go on
   * without them and show a run that did not happen, so the runner is stopped and the run fails, naming the field.
   */
  #malformed(raw: unknown, error: string): void {
    if ((raw as { type?: unknown } | null)?.type !== 'records') {
      this.#log('error', `runner sent a message that does not follow the protocol, ignored:\n${error}`);
      return;
    }
    this.#refuseRecords(error);
  }

  #refuseRecords(error: string): void {
    this.#refuse(
      `runner sent timeline records that do not follow the timeline schema; its process was stopped:\n${error}`,
    );
  }

  /** The runner broke the protocol: it is stopped, and every request waiting on it fails with `message`. */
  #refuse(message: string): void {
    this.#log('error', message);
    const err = new RunnerRequestError({ kind: 'protocol', message });
    this.#failReady(err);
    this.#die(err);
    this.#transport.kill();
  }

  #arm(ms: number): void {
    this.#timerMs = ms;
    this.#touch();
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerMs = 0;
  }

  /** Any sign of life restarts the watchdog. */
  #touch(): void {
    if (this.#pending.size === 0 && this.#timerMs === 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    if (!Number.isFinite(this.#timerMs) || this.#timerMs <= 0) return;
    const ms = this.#timerMs;
    this.#timer = setTimeout(() => {
      const what = [...this.#pending.values()].map((p) => p.type).join(', ') || 'request';
      this.#timedOut =
        `the plugin did not answer for ${(ms / 1000).toFixed(1)} s during ${what} and its process was stopped; ` +
        'a Handle, Abort, Finalize or plugin loader that never gives control back (a synchronous endless loop?) ' +
        `cannot be timed out from inside the process. ${this.#options.slowHint ?? 'Raise plugbench.roundTimeoutMs if the plugin is only slow.'}`;
      this.#log('error', this.#timedOut);
      this.#transport.kill();
    }, ms);
    this.#timer.unref?.();
  }

  #exitError(exit: RunnerExit): RunnerRequestError {
    if (this.#timedOut) return new RunnerRequestError({ kind: 'timeout', message: this.#timedOut });
    if (this.#stopping || exit.killed)
      return new RunnerRequestError({ kind: 'stopped', message: 'the run was stopped' });
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const tail = exit.stderrTail.trim();
    const exitCall = /plugbench-runner: process\.exit\((.*?)\) called[^\n]*/.exec(tail);
    const message = exitCall
      ? `the plugin called process.exit(${exitCall[1]}), which ended its runner process (and nothing else). ` +
        'A plugin should return a failure phase instead.'
      : `the runner process ${how} unexpectedly`;
    return new RunnerRequestError({ kind: 'exited', message: tail ? `${message}\n${tail}` : message });
  }

  #die(err: RunnerRequestError): void {
    if (this.#gone) return;
    this.#gone = err;
    this.#disarm();
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    for (const l of this.#exitListeners) l(err);
    this.#exitListeners.clear();
  }

  #log(level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.#options.log?.(level, message);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
