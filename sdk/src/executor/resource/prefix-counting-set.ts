/**
 * A set of strings that counts its members by prefix without scanning them, so that Flyte's Redis constraint check
 * (`checkAgainstOneConstraint`, which walks `SMEMBERS` once per constraint) costs the same whatever the pool size.
 *
 * @module
 */

import { OrderedTokenSet } from './ordered-token-set';

const SEPARATOR = ':';

/** One `:`-separated segment path `P`, in a trie of the members' segments. */
interface SegmentNode {
  /** Members starting with `P + ':'` (for the root: every member). */
  through: number;
  /** Members `P + ':' + rest` where `rest` has no `:` (for the root: members without `:`). */
  leaves: number;
  /** Next segments, each with its own node. */
  children: Map<string, SegmentNode> | undefined;
  /**
   * Children whose `through` is 0. They stay (see {@link OrderedTokenSet} for why deleting and re-adding a map key
   * over and over is slow) until they outnumber the others plus a slack; then they are swept.
   */
  emptyChildren: number;
}

/** Empty children tolerated beyond the non-empty ones before a sweep. */
const SWEEP_SLACK = 16;

function newNode(): SegmentNode {
  return { through: 0, leaves: 0, children: undefined, emptyChildren: 0 };
}

/**
 * An insertion-ordered set of strings plus a trie of their `:`-separated segments with counts.
 *
 * Counting costs (n = members, independent of it unless said):
 * - {@link countWithSegmentPrefix}: O(segments of the prefix).
 * - {@link countWithPrefix} (Go `strings.HasPrefix` semantics): O(segments of the prefix + distinct next segments
 *   under the prefix's last `:`), so O(distinct projects) for `ex:<project>` and O(distinct domains of the project)
 *   for `ex:<project>:<domain>` when members are Flyte tokens `ex:<project>:<domain>:<name>-<token>`.
 *   Only a prefix that ends inside the last segment of some member (never one the proxies make) falls back to
 *   scanning the members, O(n).
 *
 * Adding and deleting cost amortised O(segments of the member).
 */
export class PrefixCountingSet implements Iterable<string> {
  readonly #members = new OrderedTokenSet();
  readonly #root: SegmentNode = newNode();

  /** Members held. */
  get size(): number {
    return this.#members.size;
  }

  /** Whether `member` is held. */
  has(member: string): boolean {
    return this.#members.has(member);
  }

  /** Adds `member`; `false` if it was already there (its place in the order does not change). */
  add(member: string): boolean {
    if (this.#members.has(member)) return false;
    this.#members.add(member);
    let node = this.#root;
    node.through++;
    let start = 0;
    for (;;) {
      const i = member.indexOf(SEPARATOR, start);
      if (i < 0) {
        node.leaves++;
        return true;
      }
      const segment = member.slice(start, i);
      const children = (node.children ??= new Map());
      let child = children.get(segment);
      if (child === undefined) {
        child = newNode();
        children.set(segment, child);
      } else if (child.through === 0) {
        node.emptyChildren--;
      }
      child.through++;
      node = child;
      start = i + 1;
    }
  }

  /** Deletes `member`; `false` if it was not there. */
  delete(member: string): boolean {
    if (!this.#members.delete(member)) return false;
    let node = this.#root;
    node.through--;
    let start = 0;
    for (;;) {
      const i = member.indexOf(SEPARATOR, start);
      if (i < 0) {
        node.leaves--;
        return true;
      }
      const child = node.children!.get(member.slice(start, i))!;
      if (--child.through === 0 && ++node.emptyChildren > node.children!.size - node.emptyChildren + SWEEP_SLACK) {
        sweep(node);
      }
      node = child;
      start = i + 1;
    }
  }

  /** Members in insertion order. */
  values(): IterableIterator<string> {
    return this.#members.values();
  }

  /** Members in insertion order, as an array. */
  toArray(): string[] {
    return this.#members.toArray();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.#members.values();
  }

  /**
   * How many members start with `prefix + ':'`: a prefix that must end at a segment boundary, so `ex:flyte` does not
   * count `ex:flytesnacks:...`.
   */
  countWithSegmentPrefix(prefix: string): number {
    let node: SegmentNode | undefined = this.#root;
    let start = 0;
    for (;;) {
      const i = prefix.indexOf(SEPARATOR, start);
      node = node.children?.get(i < 0 ? prefix.slice(start) : prefix.slice(start, i));
      if (node === undefined) return 0;
      if (i < 0) return node.through;
      start = i + 1;
    }
  }

  /** How many members start with `prefix` (Go `strings.HasPrefix`), so `ex:flyte` also counts `ex:flytesnacks:...`. */
  countWithPrefix(prefix: string): number {
    let node: SegmentNode | undefined = this.#root;
    let start = 0;
    for (;;) {
      const i = prefix.indexOf(SEPARATOR, start);
      if (i < 0) break;
      node = node.children?.get(prefix.slice(start, i));
      if (node === undefined) return 0;
      start = i + 1;
    }
    const partial = start === 0 ? prefix : prefix.slice(start);
    if (partial === '') return node.through;
    if (node.leaves > 0) return this.#scan(prefix);
    let count = 0;
    if (node.children !== undefined) {
      for (const [segment, child] of node.children) if (segment.startsWith(partial)) count += child.through;
    }
    return count;
  }

  #scan(prefix: string): number {
    let count = 0;
    for (const m of this.#members) if (m.startsWith(prefix)) count++;
    return count;
  }
}

/** Drops `node`'s empty children, with their subtrees (every count below an empty node is 0). */
function sweep(node: SegmentNode): void {
  for (const [segment, child] of node.children!) if (child.through === 0) node.children!.delete(segment);
  node.emptyChildren = 0;
}
