/**
 * An insertion-ordered set of strings that stays O(1) when the same strings are added and deleted over and over.
 *
 * @module
 */

/** A member's slot; it outlives a delete until the next sweep. */
export interface TokenEntry<D> {
  readonly key: string;
  /** Whether the key is a member now. */
  held: boolean;
  prev: TokenEntry<D> | undefined;
  next: TokenEntry<D> | undefined;
  /** What the owner keeps with the key; survives a delete until the next sweep in a set kept in maps. */
  data: D | undefined;
  /** The key without its group's prefix, while the set keeps members by group (see {@link OrderedTokenSet}). */
  local: string | undefined;
  /** The group the entry is kept in, while the set keeps members by group. */
  group: TokenGroup<D> | undefined;
  /** Whether the entry is in the set's list of entries deleted since the last sweep. */
  listed: boolean;
}

/** The members whose keys start with one prefix, by the rest of their key. */
export interface TokenGroup<D> {
  readonly prefix: string;
  entries: Map<string, TokenEntry<D>>;
  /** The sweep that last put the group in the set's table of groups. */
  sweep: number;
}

/** Dead entries tolerated beyond a quarter of the live ones before a sweep. */
const SWEEP_SLACK = 64;

/** Live members at most for which a sweep copies them into new maps rather than deleting the dead in place. */
const REBUILD_MAX = 1024;

/** Live members at most that a set keeps in a short list rather than in maps (see {@link OrderedTokenSet}). */
const SMALL_MAX = 8;

/** Live members at most for which a sweep puts a set kept in maps back into a list. */
const SMALL_AGAIN = 4;

/** Groups tolerated beyond the live members while a set is a list, before its table of groups is made anew. */
const GROUP_SLACK = 64;

/**
 * Live members beyond which the dead tolerated stop growing (a quarter of this, plus the slack): in a large set a dead
 * entry that waited for a quarter of the members reached the old generation first, and died there.
 */
const SWEEP_CAP = 4096;

/** What separates a group's prefix from the rest of a key; see {@link groupable}. */
const GROUP_SEPARATOR = '-';

/**
 * Whether keys may be kept under `prefix` as their group: it ends with the separator and has no other. Two such
 * prefixes are never a proper prefix of one another (the shorter's separator would be a second one in the longer),
 * so two keys `prefix + rest` are equal exactly when their prefixes and their rests are: keeping them by
 * (prefix, rest) is keeping them by their whole key.
 */
function groupable(prefix: string): boolean {
  return prefix.indexOf(GROUP_SEPARATOR) === prefix.length - 1;
}

/**
 * A `Set<string>` replacement for pools. V8's `Set` and `Map` leave a deleted entry in its bucket chain until the
 * table is rehashed, and a large table is rehashed rarely; so adding and deleting the same key over and over (a
 * plugin that allocates and releases the same token every round) makes that chain, and every lookup of the key,
 * grow with the number of calls: measured at 9,000 add+delete pairs/s for one key in a `Set` of 100,000 (Node 20).
 *
 * Here a deleted key keeps its map entry, only marked dead and unlinked from the order, and comes back to life
 * without touching the map. Dead entries are swept in one pass once they outnumber a quarter of the live ones (plus
 * a slack): memory stays proportional to the live set, every operation is amortised O(1), and a key deleted and
 * added back between two sweeps costs no map write at all. (A quarter measured best: dead entries that wait longer
 * reach the old generation and slow the collector.)
 *
 * Keys by group: a caller that knows a key is `prefix + rest` (a qualified token: the execution's prefix and the
 * plugin's token) may pass both parts along with the key. While every call does, with a prefix {@link groupable}
 * allows, members are kept by prefix, then by rest: a new key is hashed by its short rest, not by its whole (a
 * qualified token is some 60 characters, new for every allocation, and hashing it copies it first), and the key
 * itself is never read. The first call without the parts, or with a prefix that does not qualify, puts every
 * member into one map by key, for good. Either way the set has the same members in the same order.
 *
 * Small sets (at most 8 members; a pool whose tokens are released soon after they are granted) keep their live
 * entries in a short list and find a key by comparing it with theirs: no hashing, no map, and no dead entries (a
 * deleted key leaves the list at once, its `data` with it). Past 8 members the set moves to maps; a sweep that
 * leaves at most 4 moves it back, so a set that hovers around the limit does not move at every call.
 *
 * @typeParam D - data the owner keeps per key (see {@link attach}).
 */
export class OrderedTokenSet<D = never> implements Iterable<string> {
  /**
   * The live entries while the set is small, in no particular order, in the first {@link size} slots; `undefined`
   * while they are kept in maps. A small set's groups (see {@link #groups}) have empty maps of entries. Its length
   * never changes: an array that a `push` and a `pop` take from empty to one member and back reallocates its store
   * every time.
   */
  #small: (TokenEntry<D> | undefined)[] | undefined = newSmallList();
  /** Members by key; `undefined` while they are kept by group, or in {@link #small}. */
  #byKey: Map<string, TokenEntry<D>> | undefined;
  /** Groups by prefix, while members are kept by group (in their maps, or in {@link #small}). */
  #groups: Map<string, TokenGroup<D>> | undefined = new Map();
  /** The group of the last call (callers pass the same prefix call after call): found without a lookup. */
  #lastGroup: TokenGroup<D> | undefined;
  #sweeps = 0;
  /**
   * The last lookup: its key (the rest, when grouped), group and entry (`undefined`: none). A pool asks whether a
   * token is held, then adds it: the second lookup is this one. Cleared whenever an entry leaves a map. Unused while
   * the set is small.
   */
  #lookedUp: string | undefined;
  #lookedUpGroup: TokenGroup<D> | undefined;
  #lookedUpEntry: TokenEntry<D> | undefined;
  #head: TokenEntry<D> | undefined;
  #tail: TokenEntry<D> | undefined;
  #size = 0;
  #dead = 0;
  /**
   * Every entry deleted since the last sweep, each once (some may have come back to life since): a large set's sweep
   * visits these, not all its members.
   */
  #deleted: TokenEntry<D>[] = [];
  /** A group a sweep left empty because it was the last call's: dropped at the next sweep if still empty. */
  #keptEmpty: TokenGroup<D> | undefined;

  /** Live members. */
  get size(): number {
    return this.#size;
  }

  /**
   * @internal The groups in its table, live or left by executions whose members went: what tests read to see that
   * the table stays bounded by the members, not by every execution the set has seen.
   */
  get groupCount(): number {
    return this.#groups?.size ?? 0;
  }

  /** Whether `key` is a member; `prefix` and `rest` as in {@link attach}. */
  has(key: string, prefix?: string, rest?: string): boolean {
    const e = this.#find(key, prefix, rest);
    return e !== undefined && e.held;
  }

  /** Adds `key` at the end of the order; `false` (order unchanged) if it was already there. */
  add(key: string, prefix?: string, rest?: string): boolean {
    return this.attach(key, prefix, rest) !== undefined;
  }

  /** Deletes `key`; `false` if it was not there. */
  delete(key: string, prefix?: string, rest?: string): boolean {
    return this.detach(key, prefix, rest) !== undefined;
  }

  /**
   * {@link add} that returns the entry made live (new, or a deleted one not yet swept from the maps, `data` kept), or
   * `undefined` if `key` was already a member. `prefix` and `rest`, when given, must be the two parts of `key`
   * (`key === prefix + rest`); see the class for what they are for.
   */
  attach(key: string, prefix?: string, rest?: string): TokenEntry<D> | undefined {
    const group = this.#groupFor(prefix, rest, true);
    let e = this.#lookUp(key, group, rest);
    if (e === undefined) {
      e = { key, held: true, prev: this.#tail, next: undefined, data: undefined, local: rest, group, listed: false };
      if (this.#small !== undefined) {
        this.#small[this.#size] = e;
      } else {
        if (group === undefined) this.#byKey!.set(key, e);
        else group.entries.set(rest!, e);
        this.#lookedUpEntry = e;
      }
    } else if (e.held) {
      return undefined;
    } else {
      e.held = true;
      e.prev = this.#tail;
      e.next = undefined;
      this.#dead--;
    }
    if (this.#tail === undefined) this.#head = e;
    else this.#tail.next = e;
    this.#tail = e;
    if (++this.#size > SMALL_MAX && this.#small !== undefined) this.#toMaps();
    return e;
  }

  /** {@link delete} that returns the entry it made dead, or `undefined` if `key` was not a member. */
  detach(key: string, prefix?: string, rest?: string): TokenEntry<D> | undefined {
    // An empty set (a pool's waiting tokens, most of the time) answers without hashing the key.
    if (this.#size === 0) return undefined;
    const e = this.#find(key, prefix, rest);
    if (e === undefined || !e.held) return undefined;
    e.held = false;
    if (e.prev === undefined) this.#head = e.next;
    else e.prev.next = e.next;
    if (e.next === undefined) this.#tail = e.prev;
    else e.next.prev = e.prev;
    e.prev = undefined;
    e.next = undefined;
    this.#size--;
    if (this.#small !== undefined) {
      dropFrom(this.#small, this.#size, e);
      return e;
    }
    if (!e.listed) {
      e.listed = true;
      this.#deleted.push(e);
    }
    if (++this.#dead > (Math.min(this.#size, SWEEP_CAP) >> 2) + SWEEP_SLACK) this.#sweep();
    return e;
  }

  /** Live members in insertion order. Do not add or delete while iterating. */
  *values(): IterableIterator<string> {
    for (let e = this.#head; e !== undefined; e = e.next) yield e.key;
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.values();
  }

  /** Live entries in insertion order. Do not add or delete while iterating. */
  *liveEntries(): IterableIterator<TokenEntry<D>> {
    for (let e = this.#head; e !== undefined; e = e.next) yield e;
  }

  /** Live members in insertion order, as an array. */
  toArray(): string[] {
    const out: string[] = new Array(this.#size);
    let i = 0;
    for (let e = this.#head; e !== undefined; e = e.next) out[i++] = e.key;
    return out;
  }

  /** The entry of `key`, live or dead, if the set has one. */
  #find(key: string, prefix: string | undefined, rest: string | undefined): TokenEntry<D> | undefined {
    const group = this.#groupFor(prefix, rest, false);
    // Kept by group, and no group has this prefix: no member has it either.
    if (group === undefined && this.#groups !== undefined) return undefined;
    return this.#lookUp(key, group, rest);
  }

  /**
   * The entry of `key` in `group` (by `rest`), or by key; in the list while the set is small, else in the group's or
   * the set's map. Remembered as {@link #lookedUp} while in maps.
   */
  #lookUp(key: string, group: TokenGroup<D> | undefined, rest: string | undefined): TokenEntry<D> | undefined {
    const name = group === undefined ? key : rest!;
    // A short list is read again rather than remembered: a new key is then compared with the list's (none, most of
    // the time), not with the last one asked about.
    const small = this.#small;
    if (small !== undefined) return findIn(small, this.#size, group, name);
    if (name === this.#lookedUp && group === this.#lookedUpGroup) return this.#lookedUpEntry;
    const e = group === undefined ? this.#byKey!.get(key) : group.entries.get(name);
    this.#lookedUp = name;
    this.#lookedUpGroup = group;
    this.#lookedUpEntry = e;
    return e;
  }

  /**
   * The group a call with these parts goes to; `undefined` when members are kept by key (after making it so, for a
   * call that cannot be grouped), or when the group does not exist and `create` is false.
   */
  #groupFor(prefix: string | undefined, rest: string | undefined, create: boolean): TokenGroup<D> | undefined {
    if (this.#groups === undefined) return undefined;
    const last = this.#lastGroup;
    if (last !== undefined && prefix === last.prefix && rest !== undefined) return last;
    if (prefix === undefined || rest === undefined) return this.#keepByKey();
    let group = this.#groups.get(prefix);
    if (group === undefined) {
      if (!groupable(prefix)) return this.#keepByKey();
      if (!create) return undefined;
      group = { prefix, entries: new Map(), sweep: this.#sweeps };
      this.#groups.set(prefix, group);
      this.#lastGroup = group;
      // A small set has no sweeps to drop the groups its members left: it drops them when they pile up.
      if (this.#small !== undefined && this.#groups.size > this.#size + GROUP_SLACK)
        this.#rebuildGroups(++this.#sweeps, false);
      return group;
    }
    this.#lastGroup = group;
    return group;
  }

  /** Keeps the members by key from now on (dead entries are dropped); returns `undefined`, the group of none. */
  #keepByKey(): undefined {
    this.#lookedUp = undefined;
    this.#unlist();
    // A small set finds its members in its list, by key from now on.
    const byKey = this.#small === undefined ? new Map<string, TokenEntry<D>>() : undefined;
    for (let e = this.#head; e !== undefined; e = e.next) {
      e.local = undefined;
      e.group = undefined;
      byKey?.set(e.key, e);
    }
    this.#byKey = byKey;
    this.#groups = undefined;
    this.#lastGroup = undefined;
    this.#dead = 0;
    return undefined;
  }

  /**
   * Drops the dead entries. A small live set is copied into new maps: V8 allocates a map's next table in the
   * generation of its current one, so a long-lived map whose table grows and shrinks around every sweep fills the
   * old generation with tables (and keeps every entry it held alive through a scavenge), while a new map's tables
   * die young. A large live set is swept in place, entry by deleted entry: copying it costs more than deleting the
   * dead, its table no longer shrinks and grows back, and walking all its members (spread over the heap) cost more
   * the larger the set.
   */
  #sweep(): void {
    this.#lookedUp = undefined;
    this.#dead = 0;
    const sweep = ++this.#sweeps;
    if (this.#size <= SMALL_AGAIN) return this.#toSmall(sweep);
    if (this.#size <= REBUILD_MAX) {
      this.#unlist();
      if (this.#groups === undefined) {
        const entries = new Map<string, TokenEntry<D>>();
        for (let e = this.#head; e !== undefined; e = e.next) entries.set(e.key, e);
        this.#byKey = entries;
      } else {
        this.#rebuildGroups(sweep, true);
      }
      return;
    }
    const deleted = this.#deleted;
    this.#deleted = [];
    if (this.#groups === undefined) {
      const byKey = this.#byKey!;
      for (const e of deleted) {
        e.listed = false;
        if (!e.held) byKey.delete(e.key);
      }
    } else {
      this.#sweepGroups(deleted);
    }
  }

  /** Empties the list of deleted entries (a sweep that copies the live ones, or a change of keying, drops them all). */
  #unlist(): void {
    for (const e of this.#deleted) e.listed = false;
    this.#deleted = [];
    this.#keptEmpty = undefined;
  }

  /**
   * A new table of the groups of the live entries and of the last group, each with a new map of entries: filled with
   * its live entries (`fill`, a sweep of a set kept in maps), or left empty (a set kept in its list).
   */
  #rebuildGroups(sweep: number, fill: boolean): void {
    const groups = new Map<string, TokenGroup<D>>();
    const last = this.#lastGroup;
    if (last !== undefined) renew(last, groups, sweep);
    for (let e = this.#head; e !== undefined; e = e.next) {
      const group = e.group!;
      if (group.sweep !== sweep) renew(group, groups, sweep);
      if (fill) group.entries.set(e.local!, e);
    }
    this.#groups = groups;
  }

  /** Moves a set kept in its list into maps (by group or by key, as it keeps them), in the order of the members. */
  #toMaps(): void {
    this.#small = undefined;
    this.#lookedUp = undefined;
    if (this.#groups === undefined) {
      const byKey = new Map<string, TokenEntry<D>>();
      for (let e = this.#head; e !== undefined; e = e.next) byKey.set(e.key, e);
      this.#byKey = byKey;
    } else {
      for (let e = this.#head; e !== undefined; e = e.next) e.group!.entries.set(e.local!, e);
    }
  }

  /** {@link #sweep} of a set kept in maps that is small again: its live entries go back into a list, dead ones go. */
  #toSmall(sweep: number): void {
    this.#unlist();
    const small = newSmallList<D>();
    let i = 0;
    for (let e = this.#head; e !== undefined; e = e.next) small[i++] = e;
    this.#small = small;
    this.#byKey = undefined;
    if (this.#groups !== undefined) this.#rebuildGroups(sweep, false);
  }

  /** {@link #sweep} of a large set kept by group, in place; groups left empty go, but the last one. */
  #sweepGroups(deleted: TokenEntry<D>[]): void {
    const groups = this.#groups!;
    const kept = this.#keptEmpty;
    this.#keptEmpty = undefined;
    if (kept !== undefined) this.#dropIfEmpty(groups, kept);
    for (const e of deleted) {
      e.listed = false;
      if (e.held) continue;
      const group = e.group!;
      group.entries.delete(e.local!);
      this.#dropIfEmpty(groups, group);
    }
  }

  /** Drops an empty group from `groups`, but the last call's, which is kept for the next sweep to look at again. */
  #dropIfEmpty(groups: Map<string, TokenGroup<D>>, group: TokenGroup<D>): void {
    if (group.entries.size !== 0 || groups.get(group.prefix) !== group) return;
    if (group === this.#lastGroup) this.#keptEmpty = group;
    else groups.delete(group.prefix);
  }
}

/** An empty list of a small set: room for one member more than a small set has, the one that makes it move. */
function newSmallList<D>(): (TokenEntry<D> | undefined)[] {
  return new Array<TokenEntry<D> | undefined>(SMALL_MAX + 1).fill(undefined);
}

/**
 * The entry among the first `count` of `small` of `name`: the rest of a key of `group`, or a key when `group` is
 * `undefined`.
 */
function findIn<D>(
  small: (TokenEntry<D> | undefined)[],
  count: number,
  group: TokenGroup<D> | undefined,
  name: string,
): TokenEntry<D> | undefined {
  for (let i = 0; i < count; i++) {
    const e = small[i]!;
    if (e.group === group && (group === undefined ? e.key : e.local) === name) return e;
  }
  return undefined;
}

/**
 * Removes `e` from the first `count + 1` entries of `small`, leaving `count` (the list's order does not matter: the
 * members' order is the linked list's).
 */
function dropFrom<D>(small: (TokenEntry<D> | undefined)[], count: number, e: TokenEntry<D>): void {
  small[small.indexOf(e)] = small[count];
  small[count] = undefined;
}

/** Puts `group` into `groups` with a new, empty map of entries. */
function renew<D>(group: TokenGroup<D>, groups: Map<string, TokenGroup<D>>, sweep: number): void {
  group.entries = new Map();
  group.sweep = sweep;
  groups.set(group.prefix, group);
}
