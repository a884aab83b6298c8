/**
 * Reads fixtures off the extension host's thread: one long-lived worker (fixture-info-worker.ts) that runs
 * {@link describeFixture}, fed one request at a time so that each request's time limit counts its own parse only.
 * A fixture the worker does not read in time, or that kills it, is reported with a problem saying so; the worker is
 * started again for the next one. Without a worker file (a development setup that did not build it) fixtures are
 * read on the calling thread, and that is logged once.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describeFixture, unreadableFixture, type FixtureInfo } from './fixture-info';
import type { FixtureParseReply, FixtureParseRequest } from './fixture-info-worker';

/** How long one fixture may take to read before it is reported unreadable. */
export const DEFAULT_PARSE_TIMEOUT_MS = 10_000;

/** The worker's heap limit unless given: far above any real fixture, below what would starve the host. */
export const DEFAULT_PARSE_HEAP_MB = 512;

/** Options of a {@link FixtureParser}. */
export interface FixtureParserOptions {
  /** The bundled worker (`dist/extension/fixture-info-worker.js`); undefined or missing: read on this thread. */
  workerPath: string | undefined;
  log: (level: 'warn' | 'info', message: string) => void;
  /** Per fixture; {@link DEFAULT_PARSE_TIMEOUT_MS} unless given. */
  timeoutMs?: number;
  /** The worker's heap limit ({@link DEFAULT_PARSE_HEAP_MB} unless given): a hostile fixture kills the worker, not the host. */
  maxHeapMb?: number;
}

interface Pending extends FixtureParseRequest {
  resolve: (info: FixtureInfo) => void;
}

/** Reads fixtures in a worker thread; dispose it to stop the worker. */
export class FixtureParser {
  readonly #options: FixtureParserOptions;
  readonly #inThread: boolean;
  #worker: Worker | undefined;
  /** Waiting to be sent; the head is the one in the worker when {@link #inFlight} is set. */
  readonly #queue: Pending[] = [];
  #inFlight: { request: Pending; timer: NodeJS.Timeout } | undefined;
  #nextId = 1;
  #disposed = false;

  constructor(options: FixtureParserOptions) {
    this.#options = options;
    this.#inThread = options.workerPath === undefined || !existsSync(options.workerPath);
    if (this.#inThread)
      options.log(
        'info',
        `fixtures are read on the extension host's thread: no worker at ${options.workerPath ?? '(none given)'} (build the extension to read them off it)`,
      );
  }

  /** Reads a fixture's text. Never rejects: an unreadable fixture comes back with a problem saying why. */
  describe(text: string, file: string): Promise<FixtureInfo> {
    if (this.#disposed) return Promise.resolve(unreadableFixture(file, 'plugbench is shutting down'));
    if (this.#inThread) return Promise.resolve(describeFixture(text, file));
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, text, file, resolve });
      this.#sendNext();
    });
  }

  /** Stops the worker; pending fixtures come back unreadable. */
  dispose(): void {
    this.#disposed = true;
    this.#fail('plugbench is shutting down');
    for (const p of this.#queue.splice(0)) p.resolve(unreadableFixture(p.file, 'plugbench is shutting down'));
    void this.#stopWorker();
  }

  #sendNext(): void {
    if (this.#inFlight !== undefined || this.#disposed) return;
    const request = this.#queue.shift();
    if (request === undefined) return;
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
    const timer = setTimeout(() => this.#onTimeout(timeoutMs), timeoutMs);
    this.#inFlight = { request, timer };
    const { id, text, file } = request;
    this.#ensureWorker().postMessage({ id, text, file } satisfies FixtureParseRequest);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#options.workerPath!, {
      resourceLimits: { maxOldGenerationSizeMb: this.#options.maxHeapMb ?? DEFAULT_PARSE_HEAP_MB },
    });
    // The host's shutdown does not wait for an idle reader.
    worker.unref();
    worker.on('message', (reply: FixtureParseReply) => this.#onReply(reply));
    worker.on('error', (e) => this.#onExit(worker, e.message));
    worker.on('exit', (code) => this.#onExit(worker, `exit code ${code}`));
    this.#worker = worker;
    return worker;
  }

  #onReply(reply: FixtureParseReply): void {
    const current = this.#inFlight;
    if (current?.request.id !== reply.id) return; // the answer to a request already given up on
    this.#settle(reply.info);
  }

  #onTimeout(timeoutMs: number): void {
    // The worker is still busy with it: a new one reads the rest.
    void this.#stopWorker();
    this.#fail(`plugbench could not read the fixture in time (${timeoutMs} ms); it is too large or too deeply nested`);
  }

  /** The worker stopped on its own (a crash, its heap limit): the fixture it was reading is reported, the rest go on. */
  #onExit(worker: Worker, reason: string): void {
    if (this.#worker !== worker) return; // already replaced (a timeout) or stopped (dispose)
    this.#worker = undefined;
    this.#options.log('warn', `the fixture reader stopped (${reason}); it is started again for the next fixture`);
    this.#fail(`plugbench could not read the fixture: its reader stopped (${reason})`);
  }

  /** Reports the fixture in flight as unreadable (and sends the next). */
  #fail(message: string): void {
    const current = this.#inFlight;
    if (current) this.#settle(unreadableFixture(current.request.file, message));
  }

  /** Answers the fixture in flight and sends the next. */
  #settle(info: FixtureInfo): void {
    const current = this.#inFlight!;
    clearTimeout(current.timer);
    this.#inFlight = undefined;
    current.request.resolve(info);
    this.#sendNext();
  }

  async #stopWorker(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}
