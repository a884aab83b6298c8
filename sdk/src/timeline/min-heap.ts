/**
 * A binary min-heap ordered by a `less` function. The timeline model's free pool rows and the synthetic timelines of
 * the tests each need "the smallest next", and one heap serves them (the executor's round queue keeps its own, in
 * columns: `executor/schedule.ts`).
 *
 * @module
 */

/** A binary min-heap; equal elements leave in no particular order, so `less` breaks the ties that matter. */
export class MinHeap<T> {
  readonly #h: T[] = [];
  readonly #less: (a: T, b: T) => boolean;

  /** A heap where `less(a, b)` says that `a` leaves before `b`. */
  constructor(less: (a: T, b: T) => boolean) {
    this.#less = less;
  }

  /** How many elements the heap holds. */
  get size(): number {
    return this.#h.length;
  }

  /** The smallest element, left in the heap. */
  peek(): T | undefined {
    return this.#h[0];
  }

  /** Adds an element. */
  push(x: T): void {
    const h = this.#h;
    h.push(x);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[parent]!)) break;
      swap(h, i, parent);
      i = parent;
    }
  }

  /** Removes and returns the smallest element. */
  pop(): T | undefined {
    const h = this.#h;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0) return top;
    h[0] = last!;
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
    return top;
  }
}

/** Swaps two slots (a destructuring swap may allocate a pair per step). */
function swap<E>(h: E[], i: number, j: number): void {
  const x = h[i]!;
  h[i] = h[j]!;
  h[j] = x;
}
