/**
 * An append-only list of string pairs kept in fixed-size chunks.
 *
 * @module
 */

/** Slots of the first chunk: the few calls of a usual round. */
const FIRST_CHUNK = 8;

/** Slots of every later chunk. */
const CHUNK = 512;

/**
 * Pairs of strings in the order they were appended, without an object per pair. A list that grows by `push` copies
 * itself into a larger store now and then, and once it has outlived a young collection every string written into it
 * costs the collector a remembered slot; a chunk is written only while it is new, then left alone.
 */
export class StringPairLog {
  /** Full chunks, in order; `undefined` until the first fills. */
  #full: string[][] | undefined;
  /** The chunk being written; `undefined` until the first pair. */
  #chunk: string[] | undefined;
  /** The next free slot of {@link #chunk}. */
  #at = 0;

  /** Appends the pair (`a`, `b`). */
  push(a: string, b: string): void {
    let chunk = this.#chunk;
    if (chunk === undefined || this.#at === chunk.length) chunk = this.#newChunk();
    const at = this.#at;
    chunk[at] = a;
    chunk[at + 1] = b;
    this.#at = at + 2;
  }

  /** Calls `f` with every pair, in the order appended. */
  forEach(f: (a: string, b: string) => void): void {
    for (const chunk of this.#full ?? []) for (let i = 0; i < chunk.length; i += 2) f(chunk[i]!, chunk[i + 1]!);
    const last = this.#chunk;
    if (last !== undefined) for (let i = 0; i < this.#at; i += 2) f(last[i]!, last[i + 1]!);
  }

  #newChunk(): string[] {
    const full = this.#chunk;
    if (full !== undefined) (this.#full ??= []).push(full);
    // Left with holes (filling it cost more than writing it): only the slots written are read.
    const chunk = new Array<string>(full === undefined ? FIRST_CHUNK : CHUNK);
    this.#chunk = chunk;
    this.#at = 0;
    return chunk;
  }
}
