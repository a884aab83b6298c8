/**
 * The last few distinct parts a store kept.
 *
 * @module
 */

/** The last few distinct parts kept, of any task: tasks in the same state (often in turn) share them. */
export class Recent<T> {
  readonly #items: (T | undefined)[] = [undefined, undefined, undefined, undefined];
  #next = 0;

  /** The first remembered part that is `same`. */
  find(same: (x: T) => boolean): T | undefined {
    for (const x of this.#items) if (x !== undefined && same(x)) return x;
    return undefined;
  }

  /** Remembers `x` (unless it is remembered already) and returns it. */
  add(x: T): T {
    const items = this.#items;
    for (let i = 0; i < items.length; i++) if (items[i] === x) return x;
    items[this.#next] = x;
    this.#next = (this.#next + 1) % items.length;
    return x;
  }
}
