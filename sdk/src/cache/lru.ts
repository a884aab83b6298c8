/**
 * Go `hashicorp/golang-lru`'s `Cache`, the part the AutoRefresh cache uses: a bounded map that evicts the least
 * recently used entry.
 *
 * @module
 */

/** A bounded map in least-recently-used order (a `Map` keeps insertion order; a use re-inserts). */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #size: number;
  readonly #onEvict: (key: K) => void;

  constructor(size: number, onEvict: (key: K) => void = () => {}) {
    if (!(size >= 1)) throw new RangeError('must provide a positive size');
    this.#size = size;
    this.#onEvict = onEvict;
  }

  /** Go `Get`: the value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.#map.has(key)) return undefined;
    const v = this.#map.get(key)!;
    this.#map.delete(key);
    this.#map.set(key, v);
    return v;
  }

  /** Go `Peek`: the value, recency unchanged. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Go `Add`: stores the value as the most recently used, evicting the least recently used beyond the size. */
  add(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#size) {
      const oldest = this.#map.keys().next().value as K;
      this.#map.delete(oldest);
      this.#onEvict(oldest);
    }
  }

  /** Go `Contains`. */
  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Go `Remove`. */
  remove(key: K): void {
    this.#map.delete(key);
  }

  /** Go `Keys`: oldest first. */
  keys(): K[] {
    return [...this.#map.keys()];
  }

  /** How many entries there are. */
  get length(): number {
    return this.#map.size;
  }
}
