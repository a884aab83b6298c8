/**
 * The round scheduler: a binary heap of (virtual time, ticket). Tickets order rounds due at the same time first
 * come, first served, which makes interleaving deterministic; stale entries are skipped lazily, so rescheduling
 * is O(log n) however many task executions wait.
 *
 * @module
 */
import { MinHeap } from '../timeline/min-heap';

interface Entry<T> {
  atMs: number;
  ticket: number;
  item: T;
}

/** A deterministic priority queue of rounds. */
export class RoundQueue<T extends { ticket: number }> {
  readonly #heap = new MinHeap<Entry<T>>(earlier);
  #nextTicket = 1;
  #priorityTicket = 0;

  /** Schedules `item` at `atMs` (replacing any earlier scheduling of it). `priority` puts it before others due then. */
  schedule(item: T, atMs: number, priority = false): void {
    const ticket = priority ? --this.#priorityTicket : this.#nextTicket++;
    item.ticket = ticket;
    this.#heap.push({ atMs, ticket, item });
  }

  /** The next item that is due, without removing it. */
  peek(): Readonly<{ atMs: number; item: T }> | undefined {
    this.#dropStale();
    // The entry itself, read-only: asked before every round, a copy would be an object per round.
    return this.#heap.peek();
  }

  /** Removes and returns the next item. */
  pop(): Readonly<{ atMs: number; item: T }> | undefined {
    this.#dropStale();
    const top = this.#heap.pop();
    if (top === undefined) return undefined;
    top.item.ticket = 0;
    // Out of the heap, the entry is nobody else's: handed out as it is.
    return top;
  }

  /** Forgets `item`. */
  cancel(item: T): void {
    item.ticket = 0;
  }

  #dropStale(): void {
    for (let top = this.#heap.peek(); top !== undefined && top.ticket !== top.item.ticket; top = this.#heap.peek())
      this.#heap.pop();
  }
}

/** Earlier first; at the same time, the smaller ticket. */
function earlier(a: Entry<unknown>, b: Entry<unknown>): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.ticket < b.ticket);
}
