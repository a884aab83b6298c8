/**
 * Gathers file changes for a continuous run: an editor's save, a formatter, a `git checkout` are bursts of events,
 * and one rerun per burst is what is wanted. Changes that arrive while a rerun runs are kept for the next one, so
 * reruns never overlap and no change is lost.
 *
 * @module
 */

/** How long the changes are gathered after the last one before they are handed on. */
export const CONTINUOUS_RUN_SETTLE_MS = 300;

/** Batches changed paths and hands each batch to `flush`, one batch at a time. */
export class ChangeBatcher {
  readonly #pending = new Set<string>();
  readonly #flush: (changed: string[]) => Promise<void>;
  readonly #onError: (e: unknown) => void;
  readonly #settleMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(
    flush: (changed: string[]) => Promise<void>,
    onError: (e: unknown) => void,
    settleMs = CONTINUOUS_RUN_SETTLE_MS,
  ) {
    this.#flush = flush;
    this.#onError = onError;
    this.#settleMs = settleMs;
  }

  /** A file changed (absolute path). */
  add(file: string): void {
    if (this.#disposed) return;
    this.#pending.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#hand(), this.#settleMs);
  }

  /** Resolves when every batch handed on so far is done (tests wait on it). */
  get idle(): Promise<void> {
    return this.#running;
  }

  #hand(): void {
    this.#timer = undefined;
    this.#running = this.#running.then(async () => {
      if (this.#disposed || this.#pending.size === 0) return;
      const changed = [...this.#pending];
      this.#pending.clear();
      // A failed batch is reported; the next one still runs.
      await this.#flush(changed).catch(this.#onError);
    });
  }

  /** Stops: pending changes are dropped, a batch under way finishes. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#pending.clear();
  }
}
