/**
 * The round scheduler: a binary heap of (virtual time, ticket). Tickets order rounds due at the same time first
 * come, first served, which makes interleaving deterministic; stale entries are skipped lazily, so rescheduling
 * is O(log n) however many task executions wait.
 *
 * @module
 */

interface Entry<T> {
  atMs: number;
  ticket: number;
  item: T;
}

/** A deterministic priority queue of rounds. */
export class RoundQueue<T extends { ticket: number }> {
  readonly #heap: Entry<T>[] = [];
  #nextTicket = 1;
  #priorityTicket = 0;

  /** Schedules `item` at `atMs` (replacing any earlier scheduling of it). `priority` puts it before others due then. */
  schedule(item: T, atMs: number, priority = false): void {
    const ticket = priority ? --this.#priorityTicket : this.#nextTicket++;
    item.ticket = ticket;
    this.#push({ atMs, ticket, item });
  }

  /** The next item that is due, without removing it. */
  peek(): Readonly<{ atMs: number; item: T }> | undefined {
    this.#dropStale();
    // The entry itself, read-only: asked before every round, a copy would be an object per round.
    return this.#heap[0];
  }

  /** Removes and returns the next item. */
  pop(): Readonly<{ atMs: number; item: T }> | undefined {
    this.#dropStale();
    const top = this.#heap[0];
    if (top === undefined) return undefined;
    this.#removeTop();
    top.item.ticket = 0;
    // Out of the heap, the entry is nobody else's: handed out as it is.
    return top;
  }

  /** Forgets `item`. */
  cancel(item: T): void {
    item.ticket = 0;
  }

  #dropStale(): void {
    while (this.#heap.length > 0 && this.#heap[0]!.ticket !== this.#heap[0]!.item.ticket) this.#removeTop();
  }

  #less(a: Entry<T>, b: Entry<T>): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.ticket < b.ticket);
  }

  #push(e: Entry<T>): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[parent]!)) break;
      swap(h, i, parent);
      i = parent;
    }
  }

  #removeTop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      swap(h, i, m);
      i = m;
    }
  }
}

/** Swaps two slots of the heap (a destructuring swap may allocate a pair per step). */
function swap<E>(h: E[], i: number, j: number): void {
  const x = h[i]!;
  h[i] = h[j]!;
  h[j] = x;
}
