/**
 * A set of strings that counts its members by prefix without scanning them, so that Flyte's Redis constraint check
 * (`checkAgainstOneConstraint`, which walks `SMEMBERS` once per constraint) costs the same whatever the pool size.
 *
 * @module
 */
import { OrderedTokenSet, type TokenEntry } from './ordered-token-set';

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
  /** `undefined` for the root. */
  readonly parent: SegmentNode | undefined;
  /** The segment naming this node under its parent (`''` for the root). */
  readonly segment: string;
  /**
   * Partial next segments `s` that {@link PrefixCountingSet.countWithPrefix} was asked about under this node, each
   * with the number of members starting with `P + ':' + s`, kept up to date on every add and delete.
   */
  watched: Map<string, { n: number }> | undefined;
  /** The distinct lengths of the `watched` partials. */
  watchedLengths: number[] | undefined;
  /** Set when a sweep dropped this node (and with it its subtree) from its parent. */
  detached: boolean;
}

/** Empty children tolerated beyond the non-empty ones before a sweep. */
const SWEEP_SLACK = 16;

/** Watched partials per node, at most: past it, counts are made by walking the children. */
const MAX_WATCHED = 1024;

function newNode(parent: SegmentNode | undefined, segment: string): SegmentNode {
  return {
    through: 0,
    leaves: 0,
    children: undefined,
    emptyChildren: 0,
    parent,
    segment,
    detached: false,
    watched: undefined,
    watchedLengths: undefined,
  };
}

/** Adds `delta` to the counts of the partials watched under `parent` that `segment` starts with. */
function bumpWatched(parent: SegmentNode, segment: string, delta: number): void {
  const lengths = parent.watchedLengths;
  if (lengths === undefined) return;
  for (const length of lengths) {
    if (length > segment.length) continue;
    const w = parent.watched!.get(length === segment.length ? segment : segment.slice(0, length));
    if (w !== undefined) w.n += delta;
  }
}

/**
 * An insertion-ordered set of strings plus a trie of their `:`-separated segments with counts.
 *
 * Counting costs (n = members, independent of it unless said):
 * - {@link countWithSegmentPrefix}: O(segments of the prefix).
 * - {@link countWithPrefix} (Go `strings.HasPrefix` semantics): the first time a prefix is asked, O(segments of the
 *   prefix + distinct next segments under its last `:`), so O(distinct projects) for `ex:<project>` and
 *   O(distinct domains of the project) for `ex:<project>:<domain>` when members are Flyte tokens
 *   `ex:<project>:<domain>:<name>-<token>`; from then on the count is kept current ("watched") and reading it costs
 *   O(segments of the prefix). Only a prefix that ends inside the last segment of some member (never one the
 *   proxies make) falls back to scanning the members, O(n).
 *
 * Adding costs amortised O(segments × distinct lengths of the watched partials at each level); deleting, and adding back a member deleted recently, follow
 * the member's remembered trie path without hashing its segments again. The trie is built, in one pass over the
 * members, on the first count: until then adding and deleting cost what {@link OrderedTokenSet}'s do, so a pool
 * whose allocations carry no constraints never pays for prefix counting.
 */
export class PrefixCountingSet implements Iterable<string> {
  /** Each member's entry keeps its deepest trie node. */
  readonly #members = new OrderedTokenSet<SegmentNode>();
  readonly #root: SegmentNode = newNode(undefined, '');
  /** The trie is built on the first count, so that a pool nobody counts by prefix pays nothing for it. */
  #indexed = false;

  /** Members held. */
  get size(): number {
    return this.#members.size;
  }

  /** Whether `member` is held; `prefix` and `rest` as in {@link OrderedTokenSet.attach}. */
  has(member: string, prefix?: string, rest?: string): boolean {
    return this.#members.has(member, prefix, rest);
  }

  /**
   * Adds `member`; `false` if it was already there (its place in the order does not change). `prefix` and `rest`
   * as in {@link OrderedTokenSet.attach}.
   */
  add(member: string, prefix?: string, rest?: string): boolean {
    const entry = this.#members.attach(member, prefix, rest);
    if (entry === undefined) return false;
    if (this.#indexed) this.#index(entry);
    return true;
  }

  /** Puts a member that just became live into the trie, and remembers its deepest node. */
  #index(entry: TokenEntry<SegmentNode>): void {
    const member = entry.key;
    const remembered = entry.data;
    if (remembered !== undefined && attached(remembered)) {
      remembered.leaves++;
      for (let node: SegmentNode | undefined = remembered; node !== undefined; node = node.parent) {
        const parent = node.parent;
        if (parent === undefined) {
          node.through++;
        } else {
          if (node.through++ === 0) parent.emptyChildren--;
          bumpWatched(parent, node.segment, 1);
        }
      }
      return;
    }
    let node = this.#root;
    node.through++;
    let start = 0;
    for (;;) {
      const i = member.indexOf(SEPARATOR, start);
      if (i < 0) {
        node.leaves++;
        entry.data = node;
        return;
      }
      const segment = member.slice(start, i);
      const children = (node.children ??= new Map());
      let child = children.get(segment);
      if (child === undefined) {
        child = newNode(node, segment);
        children.set(segment, child);
      } else if (child.through === 0) {
        node.emptyChildren--;
      }
      child.through++;
      bumpWatched(node, segment, 1);
      node = child;
      start = i + 1;
    }
  }

  /** Deletes `member`; `false` if it was not there. `prefix` and `rest` as in {@link OrderedTokenSet.attach}. */
  delete(member: string, prefix?: string, rest?: string): boolean {
    const entry = this.#members.detach(member, prefix, rest);
    if (entry === undefined) return false;
    if (!this.#indexed) return true;
    const leaf = entry.data!;
    leaf.leaves--;
    for (let node: SegmentNode | undefined = leaf; node !== undefined; node = node.parent) {
      const parent = node.parent;
      if (--node.through === 0 && parent !== undefined) {
        if (++parent.emptyChildren > parent.children!.size - parent.emptyChildren + SWEEP_SLACK) sweep(parent);
      }
      if (parent !== undefined) bumpWatched(parent, node.segment, -1);
    }
    return true;
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
    return this.#parentOfLast(prefix)?.children?.get(lastSegment(prefix))?.through ?? 0;
  }

  /** How many members start with `prefix` (Go `strings.HasPrefix`), so `ex:flyte` also counts `ex:flytesnacks:...`. */
  countWithPrefix(prefix: string): number {
    const node = this.#parentOfLast(prefix);
    if (node === undefined) return 0;
    const partial = lastSegment(prefix);
    if (partial === '') return node.through;
    if (node.leaves > 0) return this.#scan(prefix);
    const w = node.watched?.get(partial);
    if (w !== undefined) return w.n;
    let count = 0;
    if (node.children !== undefined) {
      for (const [segment, child] of node.children) if (segment.startsWith(partial)) count += child.through;
    }
    // Asked once, likely asked again (the same project's cap on every allocation): keep the count current.
    const watched = (node.watched ??= new Map());
    if (watched.size < MAX_WATCHED) {
      watched.set(partial, { n: count });
      const lengths = (node.watchedLengths ??= []);
      if (!lengths.includes(partial.length)) lengths.push(partial.length);
    }
    return count;
  }

  /** The node of `prefix` without its last segment (the root if it has one segment); `undefined` if none is indexed. */
  #parentOfLast(prefix: string): SegmentNode | undefined {
    if (!this.#indexed) this.#buildIndex();
    let node: SegmentNode | undefined = this.#root;
    let start = 0;
    for (let i = prefix.indexOf(SEPARATOR); i >= 0; i = prefix.indexOf(SEPARATOR, start)) {
      node = node.children?.get(prefix.slice(start, i));
      if (node === undefined) return undefined;
      start = i + 1;
    }
    return node;
  }

  #buildIndex(): void {
    this.#indexed = true;
    for (const entry of this.#members.liveEntries()) this.#index(entry);
  }

  #scan(prefix: string): number {
    let count = 0;
    for (const m of this.#members) if (m.startsWith(prefix)) count++;
    return count;
  }
}

/** What follows the last `:` of `prefix` (all of it if it has none). */
function lastSegment(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf(SEPARATOR) + 1);
}

/** Whether no sweep dropped `node` or any of its ancestors. */
function attached(node: SegmentNode): boolean {
  for (let n: SegmentNode | undefined = node; n !== undefined; n = n.parent) if (n.detached) return false;
  return true;
}

/** Drops `node`'s empty children, with their subtrees (every count below an empty node is 0). */
function sweep(node: SegmentNode): void {
  for (const [segment, child] of node.children!) {
    if (child.through === 0) {
      child.detached = true;
      node.children!.delete(segment);
    }
  }
  node.emptyChildren = 0;
}
