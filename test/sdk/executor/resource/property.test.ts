// The fast prefix counting of RedisQuotaBackend against a plain transcription of Flyte's scanning loop
// (redis_resourcemanager.go AllocateResource / checkAgainstOneConstraint / ReleaseResource), over seeded random runs.
import assert from 'node:assert/strict';
import {
  AllocationStatus,
  type ResourceConstraintsSpec,
  OrderedTokenSet,
  PrefixCountingSet,
  RedisQuotaBackend,
  TOKEN_NAMESPACE_SEPARATOR,
  composeResourceConstraints,
  composeTokenPrefix,
  qualifyNamespace,
  qualifyToken,
  type PoolSnapshot,
  type PrefixConstraint,
  type RedisQuotaQuirks,
} from '@plugbench/sdk';

/** mulberry32: a small deterministic PRNG. */
/** Asserts what the set counts under each prefix (`countWithPrefix`) and each segment prefix (`countWithSegmentPrefix`). */
function assertCounts(
  set: PrefixCountingSet,
  want: { prefix: Record<string, number>; segment: Record<string, number> },
): void {
  for (const [p, n] of Object.entries(want.prefix)) assert.equal(set.countWithPrefix(p), n, `prefix "${p}"`);
  for (const [p, n] of Object.entries(want.segment))
    assert.equal(set.countWithSegmentPrefix(p), n, `segment prefix "${p}"`);
}

function prng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]! };
}

/**
 * Flyte's Redis manager, line by line: SISMEMBER, SCARD, SMEMBERS walked once per constraint, SADD, SREM. The
 * quirk switches give the behaviour Flyte's comments describe, written as plainly.
 */
class NaiveFlyteRedis {
  readonly pools = new Map<string, { quota: number; set: Set<string>; rejected: Set<string> }>();
  readonly #quirks: Required<RedisQuotaQuirks>;
  constructor(quirks: Required<RedisQuotaQuirks>) {
    this.#quirks = quirks;
  }

  register(ns: string, quota: number): void {
    this.pools.set(ns, { quota, set: new Set(), rejected: new Set() });
  }

  allocate(ns: string, token: string, constraints: readonly PrefixConstraint[]): AllocationStatus {
    const r = this.pools.get(ns);
    if (r === undefined) throw new Error(`Requested resource [${ns}] not found in namespacedResourceMap`);
    if (r.set.has(token)) return AllocationStatus.Granted;
    const size = r.set.size;
    if (!(r.quota > size)) {
      r.rejected.add(token);
      return AllocationStatus.Exhausted;
    }
    const allAllocated = [...r.set];
    for (const c of constraints) {
      if (!this.#quirks.nonPositiveValueRejects && c.value <= 0) continue;
      let count = 0;
      let ok = true;
      for (const allocated of allAllocated) {
        const matches = this.#quirks.prefixCollision
          ? allocated.startsWith(c.targetedPrefix)
          : allocated.startsWith(c.targetedPrefix + ':');
        if (matches) count++;
        if (!(c.value > count)) {
          ok = false;
          break;
        }
      }
      if (!ok) {
        r.rejected.add(token);
        return AllocationStatus.Exhausted;
      }
    }
    r.set.add(token);
    r.rejected.delete(token);
    return AllocationStatus.Granted;
  }

  release(ns: string, token: string): void {
    this.pools.get(ns)?.set.delete(token);
    const r = this.pools.get(ns);
    if (r === undefined) throw new Error(`Requested resource [${ns}] not found in namespacedResourceMap`);
    r.rejected.delete(token);
  }

  snapshot(): PoolSnapshot[] {
    return [...this.pools].map(([namespace, r]) => ({
      namespace,
      quota: r.quota,
      holders: [...r.set],
      waiting: [...r.rejected],
    }));
  }
}

type Outcome = { status: AllocationStatus } | { error: string } | { released: true };

function attempt(f: () => AllocationStatus | void): Outcome {
  try {
    const status = f();
    return status === undefined ? { released: true } : { status };
  } catch (e) {
    // Compare Flyte's message part only; plugbench appends a hint.
    return { error: (e as Error).message.replace(/: no quota was registered.*$/, '') };
  }
}

const PROJECTS = ['flyte', 'flytesnacks', 'fly', 'dev', 'a', 'ab', 'a:b'];
const DOMAINS = ['dev', 'development', 'staging', 'd', ''];
const EXECS = ['e1', 'e2', 'e1x'];
const TOKENS = ['t', 't2', 'n0-0', 'x:y'];
const VALUES = [-2, -1, 0, 0, 1, 1, 2, 2, 3, 4, 6];

function randomSpec(r: ReturnType<typeof prng>): ResourceConstraintsSpec {
  const spec: ResourceConstraintsSpec = {};
  if (r.next() < 0.6) spec.projectScopeResourceConstraint = { value: r.pick(VALUES) };
  if (r.next() < 0.6) spec.namespaceScopeResourceConstraint = { value: r.pick(VALUES) };
  return spec;
}

const QUIRKS: Required<RedisQuotaQuirks>[] = [
  { prefixCollision: true, nonPositiveValueRejects: true },
  { prefixCollision: false, nonPositiveValueRejects: true },
  { prefixCollision: true, nonPositiveValueRejects: false },
  { prefixCollision: false, nonPositiveValueRejects: false },
];

/** The fast manager and the transcription, each with the same two pools of a random quota. */
function backends(r: ReturnType<typeof prng>, quirks: Required<RedisQuotaQuirks>) {
  const fast = new RedisQuotaBackend({ quirks });
  const naive = new NaiveFlyteRedis(quirks);
  const namespaces = ['default', 'gpu'].map((n) => qualifyNamespace(fast.id, 'webapi', n));
  for (const ns of namespaces) {
    const quota = 1 + r.int(12);
    fast.registerResourceQuota(ns, quota);
    naive.register(ns, quota);
  }
  return { fast, naive, namespaces };
}

describe("executor/resource: RedisQuotaBackend against a transcription of Flyte's scanning loop", () => {
  for (const quirks of QUIRKS) {
    it(`agrees on every call and every pool, 150 seeded runs of 400 calls, quirks ${JSON.stringify(quirks)}`, () => {
      const statuses = new Set<string>();
      for (let seed = 1; seed <= 150; seed++) {
        const r = prng(seed);
        const { fast, naive, namespaces } = backends(r, quirks);
        const unknown = qualifyNamespace(fast.id, 'webapi', 'unregistered');
        for (let step = 0; step < 400; step++) {
          const exec = { project: r.pick(PROJECTS), domain: r.pick(DOMAINS), name: r.pick(EXECS) };
          const token = qualifyToken(exec, r.pick(TOKENS));
          const ns = r.next() < 0.03 ? unknown : r.pick(namespaces);
          const where = `seed ${seed} step ${step}`;
          if (r.next() < 0.65) {
            const constraints = composeResourceConstraints(randomSpec(r), exec);
            // Now and then a raw prefix, not one the proxy would make: partial segments, the empty prefix.
            if (r.next() < 0.1)
              constraints.push({
                targetedPrefix: r.pick(['', 'ex', 'ex:', 'ex:fl', 'ex:a:', 'e']),
                value: r.pick(VALUES),
              });
            const a = attempt(() => fast.allocate(ns, token, constraints));
            const b = attempt(() => naive.allocate(ns, token, constraints));
            assert.deepEqual(a, b, `${where}: allocate ${token} ${JSON.stringify(constraints)}`);
            if ('status' in a) statuses.add(a.status);
          } else {
            assert.deepEqual(
              attempt(() => fast.release(ns, token)),
              attempt(() => naive.release(ns, token)),
              `${where}: release ${token}`,
            );
          }
          assert.deepEqual(fast.pools(), naive.snapshot(), `${where}: pools`);
        }
      }
      // Both outcomes happened; NamespaceQuotaExceeded (and Undefined) never did.
      assert.deepEqual([...statuses].sort(), [AllocationStatus.Granted, AllocationStatus.Exhausted].sort());
    });
  }
});

// The proxies hand the manager a qualified token with its two parts (the execution's prefix, the plugin's token), and
// the in-memory manager keeps tokens by those parts while it can. Go's manager only ever sees the joined string
// (resourcemanager.go `Proxy.AllocateResource` / `ReleaseResource`: `Token(allocationToken).prepend(
// ComposeTokenPrefix(id))`; redis_resourcemanager.go `AllocateResource`: SISMEMBER / SADD of that string), so two
// executions whose prefix and token join into the same string hold one token: names with dashes make that happen
// (`e1` + `x-t` and `e1-x` + `t`), and the manager must agree with the string-keyed transcription call for call.
describe("executor/resource: RedisQuotaBackend given the token's parts, as the proxies call it", () => {
  for (const quirks of [QUIRKS[0]!, QUIRKS[3]!]) {
    it(`agrees with the transcription on every call and pool, 100 seeded runs, quirks ${JSON.stringify(quirks)}`, () => {
      let joinedAlike = 0;
      for (let seed = 1; seed <= 100; seed++) {
        const r = prng(seed);
        const { fast, naive, namespaces } = backends(r, quirks);
        // Even runs: an execution name with a dash (its prefix cannot be a group; see OrderedTokenSet). Every fifth
        // run: now and then a call with the joined token alone, as a caller of the manager itself makes.
        const execs = seed % 2 === 0 ? ['e1', 'e2', 'e1-x'] : ['e1', 'e2', 'e1x'];
        const tokens = ['t', 't2', 'n0-0', 'x:y', 'x-t'];
        const seen = new Map<string, string>();
        for (let step = 0; step < 400; step++) {
          const exec = { project: r.pick(PROJECTS), domain: r.pick(DOMAINS), name: r.pick(execs) };
          const prefix = composeTokenPrefix(exec) + TOKEN_NAMESPACE_SEPARATOR;
          const part = r.pick(tokens);
          const token = qualifyToken(exec, part);
          assert.equal(prefix + part, token);
          if (seen.has(token) && seen.get(token) !== exec.name) joinedAlike++;
          seen.set(token, exec.name);
          const parts: [string?, string?] = seed % 5 === 0 && r.next() < 0.05 ? [] : [prefix, part];
          const ns = r.pick(namespaces);
          const where = `seed ${seed} step ${step}`;
          if (r.next() < 0.65) {
            const constraints = composeResourceConstraints(randomSpec(r), exec);
            const a = attempt(() => fast.allocate(ns, token, constraints, ...parts));
            const b = attempt(() => naive.allocate(ns, token, constraints));
            assert.deepEqual(a, b, `${where}: allocate ${token} ${JSON.stringify(constraints)}`);
            if (r.next() < 0.2)
              assert.deepEqual(
                fast.allocateWithReason(ns, token, constraints, ...parts).status,
                naive.allocate(ns, token, constraints),
                `${where}: allocate again ${token}`,
              );
          } else {
            assert.deepEqual(
              attempt(() => fast.release(ns, token, ...parts)),
              attempt(() => naive.release(ns, token)),
              `${where}: release ${token}`,
            );
          }
          assert.deepEqual(fast.pools(), naive.snapshot(), `${where}: pools`);
        }
      }
      assert.ok(joinedAlike > 0, 'two executions made the same qualified token');
    });
  }

  it('keeps one token for two executions whose prefix and token join into the same string', () => {
    const ns = qualifyNamespace('redisresourcemanager', 'webapi', 'default');
    for (const order of [0, 1]) {
      const b = new RedisQuotaBackend();
      b.registerResourceQuota(ns, 1);
      const calls: [string, string][] = [
        ['ex:p:d:e1-', 'x-t'],
        ['ex:p:d:e1-x-', 't'],
      ];
      if (order === 1) calls.reverse();
      for (const [prefix, part] of calls) {
        assert.equal(b.allocate(ns, prefix + part, [], prefix, part), AllocationStatus.Granted, `${prefix} ${part}`);
      }
      assert.deepEqual(b.pool(ns)?.holders, ['ex:p:d:e1-x-t']);
      b.release(ns, 'ex:p:d:e1-x-t', ...calls[0]!);
      assert.deepEqual(b.pool(ns)?.holders, []);
    }
  });
});

describe('executor/resource: PrefixCountingSet against filtering the members', () => {
  it('counts by prefix (HasPrefix) and by segment prefix (prefix + ":") like a scan, over random strings', () => {
    const alphabet = ['a', 'b', ':', '-'];
    const word = (r: ReturnType<typeof prng>, max: number) => {
      let s = '';
      for (let n = r.int(max + 1); n > 0; n--) s += r.pick(alphabet);
      return s;
    };
    for (let seed = 1; seed <= 200; seed++) {
      const r = prng(seed);
      const set = new PrefixCountingSet();
      const naive = new Set<string>();
      for (let step = 0; step < 300; step++) {
        const m = word(r, 7);
        if (r.next() < 0.6) assert.equal(set.add(m), !naive.has(m) && naive.add(m) !== undefined);
        else assert.equal(set.delete(m), naive.delete(m));
        assert.equal(set.size, naive.size);
        assert.deepEqual(set.toArray(), [...naive]);
        for (let q = 0; q < 4; q++) {
          const p = word(r, 5);
          const members = [...naive];
          assert.equal(
            set.countWithPrefix(p),
            members.filter((x) => x.startsWith(p)).length,
            `seed ${seed}: ${JSON.stringify(p)}`,
          );
          assert.equal(
            set.countWithSegmentPrefix(p),
            members.filter((x) => x.startsWith(p + ':')).length,
            `seed ${seed}: ${JSON.stringify(p)}:`,
          );
        }
      }
    }
  });

  it('builds its index on the first count, from whatever the members are by then', () => {
    const r = prng(7);
    const set = new PrefixCountingSet();
    const naive = new Set<string>();
    for (let step = 0; step < 5000; step++) {
      const m = `ex:${r.pick(PROJECTS)}:${r.pick(DOMAINS)}:${r.pick(EXECS)}-${r.pick(TOKENS)}`;
      if (r.next() < 0.6) {
        set.add(m);
        naive.add(m);
      } else {
        set.delete(m);
        naive.delete(m);
      }
      if (step >= 2500) {
        for (const p of ['ex:flyte', 'ex:a', 'ex:a:b', 'ex:dev:d', 'ex:', '']) {
          assert.equal(set.countWithPrefix(p), [...naive].filter((x) => x.startsWith(p)).length, `${step} ${p}`);
          assert.equal(
            set.countWithSegmentPrefix(p),
            [...naive].filter((x) => x.startsWith(`${p}:`)).length,
            `${step} ${p}:`,
          );
        }
      }
    }
  });

  it('counts right after a sweep dropped the trie path a deleted member remembers, when it comes back', () => {
    const set = new PrefixCountingSet();
    const members = Array.from({ length: 40 }, (_, i) => `ex:p${i}:d:e-t`);
    for (const m of members) set.add(m);
    assert.equal(set.countWithPrefix('ex:p1'), 11); // p1, p10..p19
    for (const m of members) set.delete(m); // empties the projects: their nodes are swept
    assert.equal(set.countWithPrefix('ex:p1'), 0);
    set.add('ex:p1:d:e-t');
    set.add('ex:p12:d:e-t');
    assertCounts(set, { prefix: { 'ex:p1': 2, '': 2 }, segment: { 'ex:p1': 1, 'ex:p1:d': 1 } });
  });

  it('keeps counting right past the cap on watched prefixes per node', () => {
    const set = new PrefixCountingSet();
    const members = Array.from({ length: 1500 }, (_, i) => `ex:q${i}:d:e-t`);
    for (const m of members) set.add(m);
    const expected = (p: string) => members.filter((m) => m.startsWith(p)).length;
    for (let i = 0; i < 1500; i++) assert.equal(set.countWithPrefix(`ex:q${i}`), expected(`ex:q${i}`), `q${i}`);
    set.delete('ex:q1:d:e-t');
    set.delete('ex:q1499:d:e-t');
    members.splice(1499, 1);
    members.splice(1, 1);
    for (const i of [1, 14, 149, 1499])
      assert.equal(set.countWithPrefix(`ex:q${i}`), expected(`ex:q${i}`), `q${i} after deletes`);
  });

  it('stays exact through long add/delete churn of the same members (lazy sweeping of empty segments)', () => {
    const set = new PrefixCountingSet();
    for (let i = 0; i < 50; i++) set.add(`ex:keep${i % 5}:d:e${i}-t`);
    for (let round = 0; round < 2000; round++) {
      const m = `ex:p${round % 37}:d${round % 3}:e-t`;
      set.add(m);
      assert.equal(set.countWithPrefix('ex:p'), 1);
      assert.equal(set.countWithSegmentPrefix(`ex:p${round % 37}`), 1);
      set.delete(m);
      assert.equal(set.countWithPrefix('ex:p'), 0);
    }
    assertCounts(set, { prefix: { 'ex:keep': 50, '': 50 }, segment: { 'ex:keep3': 10 } });
  });

  it('counts members that came back, from the map (recently deleted) or anew (deleted long ago), like a scan', () => {
    const set = new PrefixCountingSet();
    const naive = new Set<string>();
    const members = Array.from({ length: 300 }, (_, i) => `ex:p${i % 5}:d${i % 3}:e${i}-t`);
    const check = (where: string) => {
      assert.deepEqual(set.toArray(), [...naive], where);
      for (const p of ['ex:p1', 'ex:p1:d2', 'ex:p', 'ex:p3:d', '']) {
        const all = [...naive];
        assert.equal(set.countWithPrefix(p), all.filter((m) => m.startsWith(p)).length, `${where}: ${p}`);
        assert.equal(set.countWithSegmentPrefix(p), all.filter((m) => m.startsWith(`${p}:`)).length, `${where}: ${p}:`);
      }
    };
    const add = (m: string) => {
      set.add(m);
      naive.add(m);
    };
    const remove = (m: string) => {
      set.delete(m);
      naive.delete(m);
    };
    members.forEach(add);
    check('filled');
    for (let round = 0; round < 4; round++) {
      // Deleting them all drops dead entries from the map once there are too many; the last ones stay, dead.
      members.forEach(remove);
      check(`round ${round}, emptied`);
      (round % 2 === 0 ? [...members].reverse() : members).forEach(add);
      check(`round ${round}, refilled`);
    }
  });
});

/**
 * Adds (only, for the first `fill` steps) and deletes random keys of `groups` prefixes with two rests each, against a
 * plain `Set`; odd seeds pass the parts (members kept by group), even ones do not. Returns the most members held
 * when a delete came.
 */
function churnLikeASet(o: { groups: number; steps: number; fill: number; seeds: number }): number {
  const prefixes = Array.from({ length: o.groups }, (_, i) => `ex:p:d:e${i}-`);
  let largest = 0;
  for (let seed = 1; seed <= o.seeds; seed++) {
    const r = prng(seed);
    const set = new OrderedTokenSet();
    const naive = new Set<string>();
    for (let step = 0; step < o.steps; step++) {
      const prefix = r.pick(prefixes);
      const rest = r.pick(['a', 'b']);
      const key = prefix + rest;
      const parts: [string?, string?] = seed % 2 === 0 ? [] : [prefix, rest];
      if (step < o.fill || r.next() < 0.5) {
        assert.equal(set.add(key, ...parts), !naive.has(key) && naive.add(key) !== undefined);
      } else {
        largest = Math.max(largest, naive.size);
        assert.equal(set.delete(key, ...parts), naive.delete(key));
      }
      assert.equal(set.has(key, ...parts), naive.has(key), `seed ${seed} step ${step}: has ${key}`);
      assert.equal(set.size, naive.size);
      if (step % 2000 === 0) assert.deepEqual(set.toArray(), [...naive]);
    }
    assert.deepEqual(set.toArray(), [...naive]);
  }
  return largest;
}

describe('executor/resource: OrderedTokenSet', () => {
  it('behaves as an insertion-ordered Set through random churn and sweeps', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = prng(seed);
      const set = new OrderedTokenSet();
      const naive = new Set<string>();
      const universe = 1 + r.int(300);
      for (let step = 0; step < 3000; step++) {
        const k = `k${r.int(universe)}`;
        if (r.next() < 0.5) assert.equal(set.add(k), !naive.has(k) && naive.add(k) !== undefined);
        else assert.equal(set.delete(k), naive.delete(k));
        assert.equal(set.has(k), naive.has(k));
        assert.equal(set.size, naive.size);
      }
      assert.deepEqual(set.toArray(), [...naive]);
      assert.deepEqual([...set], [...naive]);
    }
  });

  it('behaves as the same Set when keys come with their prefix and rest, grouped or not, through sweeps', () => {
    // A prefix with one dash, at its end, can be a group; the others, and a call without the parts, make the set
    // keep every member by key from then on. Some runs never do, some start doing so midway.
    const groupable = ['ex:p:d:a-', 'ex:p:d:b-', 'ex:q:d:a-'];
    const others = ['ex:p:d:a-b-', 'ex:p:d:a'];
    for (let seed = 1; seed <= 60; seed++) {
      const r = prng(seed);
      const set = new OrderedTokenSet();
      const naive = new Set<string>();
      const universe = 1 + r.int(400);
      const switchAt = seed % 3 === 0 ? Infinity : r.int(4000);
      for (let step = 0; step < 4000; step++) {
        const prefix = step >= switchAt && r.next() < 0.1 ? r.pick(others) : r.pick(groupable);
        const rest = r.pick(['', 'b-', 'c']) + `k${r.int(universe)}`;
        const key = prefix + rest;
        const parts: [string?, string?] = step >= switchAt && r.next() < 0.05 ? [] : [prefix, rest];
        if (r.next() < 0.5) assert.equal(set.add(key, ...parts), !naive.has(key) && naive.add(key) !== undefined);
        else assert.equal(set.delete(key, ...parts), naive.delete(key));
        assert.equal(set.has(key, ...parts), naive.has(key), `seed ${seed} step ${step}: has ${key}`);
        assert.equal(set.size, naive.size);
        if (step % 500 === 0) assert.deepEqual(set.toArray(), [...naive]);
      }
      assert.deepEqual(set.toArray(), [...naive]);
      assert.deepEqual([...set], [...naive]);
    }
  });

  it('stays the same Set past the size where a sweep goes in place (over 1,024 members), grouped and by key', () => {
    // 2,000 groups of at most two members, so that sweeps also empty groups; every other run keeps members by key.
    const largest = churnLikeASet({ groups: 2000, steps: 12_000, fill: 3000, seeds: 6 });
    assert.ok(largest > 1024, 'members were deleted while more than 1,024 were held');
  });

  it('stays the same Set past the size where the dead it tolerates stop growing (over 4,096 members), with keys that come back', () => {
    // 6,000 groups of at most two members: sweeps visit the entries deleted since the last one, some of which were
    // added back (and some deleted again) in between.
    const largest = churnLikeASet({ groups: 6000, steps: 30_000, fill: 9000, seeds: 4 });
    assert.ok(largest > 4096, 'members were deleted while more than 4,096 were held');
  });

  it('keeps the group of the last call through a sweep in place that leaves it empty', () => {
    // 2,000 members (sweeps go in place), then n of them deleted, then a member of group `q` added and deleted
    // (leaving `q` empty) and another added to `q`: for some n the sweep comes exactly at the delete in `q`.
    const q = 'ex:p:d:q-';
    for (let n = 300; n < 700; n++) {
      const set = new OrderedTokenSet();
      const held = Array.from({ length: 2000 }, (_, i) => [`ex:p:d:e${i}-`, 'a'] as const);
      for (const [prefix, rest] of held) set.add(prefix + rest, prefix, rest);
      for (let i = 0; i < n; i++) {
        const [prefix, rest] = held.pop()!;
        set.delete(prefix + rest, prefix, rest);
      }
      set.add(`${q}a`, q, 'a');
      set.delete(`${q}a`, q, 'a');
      set.add(`${q}b`, q, 'b');
      const [other, rest] = held[0]!;
      assert.equal(set.has(other + rest, other, rest), true, `n ${n}`);
      assert.equal(set.has(`${q}b`, q, 'b'), true, `n ${n}`);
      assert.equal(set.delete(`${q}b`, q, 'b'), true, `n ${n}`);
      assert.equal(set.size, 2000 - n, `n ${n}`);
    }
  });
});

/**
 * Adds and deletes keys of a few prefixes against a plain `Set`, never more than 14 held: the held count climbs past
 * 8 (where the set leaves its short list for maps) and falls to a few, over and over, and most keys are new (as
 * distinct tokens are), so that deleted ones pile up until a sweep, which puts a set of 4 or fewer back into a list.
 * Now and then a key deleted a while ago comes back. `parts`: how each call names its key (with its prefix and rest,
 * or the key alone, which keeps members by key from then on). Returns how often the held count went past 8 and how
 * often it came back to 4 or fewer after that.
 */
function churnAroundTheList(seed: number, parts: 'grouped' | 'byKey' | 'switch'): { up: number; down: number } {
  const r = prng(seed);
  const prefixes = ['ex:p:d:a-', 'ex:p:d:b-', 'ex:q:d:c-'];
  const set = new OrderedTokenSet();
  const naive = new Set<string>();
  const gone: [string, string][] = [];
  const split = new Map<string, [string, string]>();
  let up = 0;
  let down = 0;
  let above = false;
  for (let step = 0; step < 6000; step++) {
    const climbing = step % 40 < 20;
    let prefix: string;
    let rest: string;
    let adding: boolean;
    if (naive.size < 14 && r.next() < (climbing ? 0.8 : 0.2)) {
      adding = true;
      [prefix, rest] = gone.length > 0 && r.next() < 0.2 ? r.pick(gone) : [r.pick(prefixes), `k${step}`];
    } else {
      adding = false;
      [prefix, rest] = naive.size > 0 && r.next() < 0.9 ? split.get(r.pick([...naive]))! : [r.pick(prefixes), 'none'];
    }
    const key = prefix + rest;
    split.set(key, [prefix, rest]);
    const alone = parts === 'byKey' || (parts === 'switch' && step > 3000 && r.next() < 0.05);
    const args: [string?, string?] = alone ? [] : [prefix, rest];
    if (adding) {
      assert.equal(set.add(key, ...args), !naive.has(key) && naive.add(key) !== undefined);
    } else {
      assert.equal(set.delete(key, ...args), naive.delete(key));
      if (gone.length < 50) gone.push([prefix, rest]);
      else gone[r.int(50)] = [prefix, rest];
    }
    const where = `seed ${seed} ${parts} step ${step}`;
    assert.equal(set.has(key, ...args), naive.has(key), `${where}: has ${key}`);
    assert.equal(set.size, naive.size, where);
    assert.deepEqual(set.toArray(), [...naive], `${where}: members in order`);
    if (naive.size > 8 && !above) [above, up] = [true, up + 1];
    if (naive.size <= 4 && above) [above, down] = [false, down + 1];
  }
  return { up, down };
}

describe('executor/resource: OrderedTokenSet between its short list and maps', () => {
  for (const parts of ['grouped', 'byKey', 'switch'] as const) {
    it(`is the same Set while it moves back and forth past 8 members, keys ${parts}`, () => {
      let up = 0;
      let down = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const moves = churnAroundTheList(seed, parts);
        up += moves.up;
        down += moves.down;
      }
      assert.ok(up > 50 && down > 50, `the held count crossed 8 (${up} times) and came back to 4 (${down} times)`);
    });
  }

  it('drops the groups of executions that left while it is a short list, and keeps finding the others', () => {
    // One member per execution at a time, each execution a new prefix: the table of groups would otherwise grow with
    // every execution ever seen.
    const set = new OrderedTokenSet();
    const held = 'ex:p:d:kept-';
    set.add(`${held}t`, held, 't');
    for (let i = 0; i < 5000; i++) {
      const prefix = `ex:p:d:e${i}-`;
      assert.equal(set.add(`${prefix}t`, prefix, 't'), true);
      assert.equal(set.has(`${held}t`, held, 't'), true, `execution ${i}`);
      assert.equal(set.delete(`${prefix}t`, prefix, 't'), true);
      assert.equal(set.has(`${prefix}t`, prefix, 't'), false);
      // At most the members' groups and the slack of 64 left-behind groups, never one per execution seen.
      assert.ok(set.groupCount <= 2 + 64 + 1, `execution ${i}: ${set.groupCount} groups`);
    }
    assert.deepEqual(set.toArray(), [`${held}t`]);
  });
});

describe('executor/resource: PrefixCountingSet of a small pool', () => {
  it('counts like a scan while its members move between the short list and maps, and come back', () => {
    // A pool of a quota around 8: members come and go (a member that left the short list comes back without what it
    // remembered of the trie), counted by prefix after every call (Go `checkAgainstOneConstraint` walks SMEMBERS).
    for (let seed = 1; seed <= 8; seed++) {
      const r = prng(seed);
      const set = new PrefixCountingSet();
      const naive = new Set<string>();
      for (let step = 0; step < 3000; step++) {
        const exec = { project: r.pick(['p1', 'p12', 'p2']), domain: r.pick(['d', 'dev']), name: `e${r.int(4)}` };
        const prefix = composeTokenPrefix(exec) + TOKEN_NAMESPACE_SEPARATOR;
        const rest = `t${r.int(4)}`;
        const key = prefix + rest;
        if (naive.size < 12 && r.next() < (step % 400 < 200 ? 0.6 : 0.4)) {
          assert.equal(set.add(key, prefix, rest), !naive.has(key) && naive.add(key) !== undefined);
        } else {
          assert.equal(set.delete(key, prefix, rest), naive.delete(key));
        }
        const all = [...naive];
        for (const p of ['ex:p1', 'ex:p1:d', 'ex:p1:dev', 'ex:p', 'ex:p2:d']) {
          const where = `seed ${seed} step ${step}: ${p}`;
          assert.equal(set.countWithPrefix(p), all.filter((m) => m.startsWith(p)).length, where);
          assert.equal(set.countWithSegmentPrefix(p), all.filter((m) => m.startsWith(`${p}:`)).length, where);
        }
        assert.deepEqual(set.toArray(), all, `seed ${seed} step ${step}`);
      }
    }
  });
});
