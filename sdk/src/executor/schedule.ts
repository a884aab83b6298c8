/**
 * The round scheduler: a heap of (virtual time, ticket, item). Tickets order rounds due at the same time first
 * come, first served, which makes interleaving deterministic; stale entries are skipped lazily, so rescheduling
 * is O(log n) however many task executions wait.
 *
 * @module
 */

/** What the queue hands back: the view of its next entry, valid until the queue's next call. */
export interface Due<T> {
  readonly atMs: number;
  readonly item: T;
}

/** Children per node: a pop reads four neighbouring keys a level, and a heap of 100,000 has 9 levels, not 17. */
const ARITY = 4;

/** Entries the queue makes room for at first; it doubles as needed. */
const INITIAL_CAPACITY = 1024;

/**
 * A deterministic priority queue of rounds. Entries are kept in columns (times and tickets in typed arrays, items in
 * an array) rather than as an object per schedule: with many executions waiting, each such object lived until its
 * round, long enough to be promoted and die in the old generation, and a pop compared keys spread over the heap.
 * Entries leave in (time, ticket) order, and tickets are unique, so the order does not depend on the heap's shape.
 */
export class RoundQueue<T extends { ticket: number }> {
  #atMs = new Float64Array(INITIAL_CAPACITY);
  #tickets = new Float64Array(INITIAL_CAPACITY);
  readonly #items: (T | undefined)[] = [];
  #size = 0;
  #nextTicket = 1;
  #priorityTicket = 0;
  /** What {@link peek} and {@link pop} hand back, filled in place: asked before every round, not made per round. */
  readonly #due: { atMs: number; item: T | undefined } = { atMs: 0, item: undefined };

  /** Schedules `item` at `atMs` (replacing any earlier scheduling of it). `priority` puts it before others due then. */
  schedule(item: T, atMs: number, priority = false): void {
    const ticket = priority ? --this.#priorityTicket : this.#nextTicket++;
    item.ticket = ticket;
    if (this.#size === this.#atMs.length) this.#grow();
    this.#siftUp(this.#size++, atMs, ticket, item);
  }

  /** The next item that is due, without removing it; the view is valid until the queue's next call. */
  peek(): Due<T> | undefined {
    this.#dropStale();
    if (this.#size === 0) return undefined;
    return this.#view();
  }

  /** Removes and returns the next item; the view is valid until the queue's next call. */
  pop(): Due<T> | undefined {
    this.#dropStale();
    if (this.#size === 0) return undefined;
    const due = this.#view();
    this.#removeTop();
    due.item.ticket = 0;
    return due;
  }

  /** Forgets `item`. */
  cancel(item: T): void {
    item.ticket = 0;
  }

  #view(): Due<T> {
    const due = this.#due;
    due.atMs = this.#atMs[0]!;
    due.item = this.#items[0];
    return due as Due<T>;
  }

  /** Drops entries whose item was scheduled again or cancelled since. */
  #dropStale(): void {
    const tickets = this.#tickets;
    const items = this.#items;
    while (this.#size > 0 && tickets[0] !== items[0]!.ticket) this.#removeTop();
  }

  #grow(): void {
    const atMs = new Float64Array(this.#atMs.length * 2);
    atMs.set(this.#atMs);
    this.#atMs = atMs;
    const tickets = new Float64Array(this.#tickets.length * 2);
    tickets.set(this.#tickets);
    this.#tickets = tickets;
  }

  /** Puts the entry at the free slot `i`, moving it up past the entries after it. */
  #siftUp(i: number, atMs: number, ticket: number, item: T): void {
    const at = this.#atMs;
    const tickets = this.#tickets;
    while (i > 0) {
      const parent = ((i - 1) / ARITY) | 0;
      if (!earlier(atMs, ticket, at[parent]!, tickets[parent]!)) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#put(i, atMs, ticket, item);
  }

  /** Removes the first entry: the last one moves down from the top to its place. */
  #removeTop(): void {
    const n = --this.#size;
    const at = this.#atMs;
    const tickets = this.#tickets;
    const lastAt = at[n]!;
    const lastTicket = tickets[n]!;
    const last = this.#items[n]!;
    // The slot no longer holds an entry: it must not keep its item alive.
    this.#items[n] = undefined;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const first = ARITY * i + 1;
      if (first >= n) break;
      const end = Math.min(first + ARITY, n);
      let m = first;
      for (let c = first + 1; c < end; c++) if (earlier(at[c]!, tickets[c]!, at[m]!, tickets[m]!)) m = c;
      if (!earlier(at[m]!, tickets[m]!, lastAt, lastTicket)) break;
      this.#move(m, i);
      i = m;
    }
    this.#put(i, lastAt, lastTicket, last);
  }

  /** Copies the entry at slot `from` to slot `to`. */
  #move(from: number, to: number): void {
    this.#atMs[to] = this.#atMs[from]!;
    this.#tickets[to] = this.#tickets[from]!;
    this.#items[to] = this.#items[from];
  }

  #put(i: number, atMs: number, ticket: number, item: T): void {
    this.#atMs[i] = atMs;
    this.#tickets[i] = ticket;
    this.#items[i] = item;
  }
}

/** Earlier first; at the same time, the smaller ticket. */
function earlier(atA: number, ticketA: number, atB: number, ticketB: number): boolean {
  return atA < atB || (atA === atB && ticketA < ticketB);
}
