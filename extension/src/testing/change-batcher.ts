/**
 * Gathers file changes for a continuous run: an editor's save, a formatter, a `git checkout` are bursts of events,
 * and one rerun per burst is what is wanted. Changes that arrive while a rerun runs are kept for the next one, so
 * reruns never overlap and no change is lost. File watchers report late and sometimes twice: an event for a file
 * whose modification time is the one already seen is not a change.
 *
 * @module
 */

import * as fs from 'node:fs';

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

/** The modification time of a file, or undefined when it is gone. */
function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Tells real changes from repeated or late watcher events, by the files' modification times. */
export class ModificationTimes {
  readonly #seen = new Map<string, number | undefined>();
  /** Remembers the files as they are now: an event for one of them counts only once it is written again. */
  constructor(files: Iterable<string>) {
    for (const f of files) this.#seen.set(f, mtimeOf(f));
  }
  /** Whether the file changed since it was last seen (a file not seen before did); remembers it as it is now. */
  changed(file: string): boolean {
    const now = mtimeOf(file);
    const known = this.#seen.has(file);
    const before = this.#seen.get(file);
    this.#seen.set(file, now);
    return !known || now !== before;
  }
}
