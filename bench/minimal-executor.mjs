// The floor of an executor: only what FlytePropeller's rules require of every round, and nothing plugbench adds
// (no timeline, no fault plan, no console capture, no clock scope, no timeouts, no retries, no resources). Per
// round: a fresh context (state reader and writer), the plugin called (awaited only when it answers with a
// promise), the transition validated (task info or an error), dedup on (phase, version), the state persisted as
// JSON after a serializability check, an event counted, and the next round scheduled by (time, ticket).
// The overhead benchmark measures the real executor against this.
//
// With `takeJobBetweenRounds`, it also takes the one job plugbench's run loop takes after every round (run-loop.ts),
// so that what plugin code queued runs before the next round, as a Go plugin's goroutines run between propeller's
// rounds (test/sdk/executor/round-context.test.ts pins it). That is not one of propeller's rules, so the goals keep
// the executor without it as their baseline; the benchmark reports the executor against this variant beside them.
// Promises a round, counted by an async_hooks `createHook` init counter (promise hooks on, as the executor's
// AsyncLocalStorage turns them on in the benchmark's process, so each `await` makes one): the executor makes 1 (sync
// plugin: the `then` of its job) and 3 (async: the plugin's promise, the reaction that runs the rest of the round,
// the `then` of its job); this executor makes 0 and 2 (the plugin's promise and its `await`), and 1 and 3 with the
// job. It then takes as many jobs a round as the executor too: 1 (sync) and 2 (async).

/** A promise settled long ago: awaiting it takes one job. */
const SETTLED = Promise.resolve();

function isThenable(x) {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof x.then === 'function';
}

/**
 * Tasks ordered by (atMs, ticket): a sorted array, the next task at its end, insertion by binary search. For the
 * few tasks of the overhead benchmark it is cheaper than a heap, which makes the baseline stricter, not looser.
 */
class Queue {
  items = [];
  push(t) {
    const h = this.items;
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (less(h[mid], t)) hi = mid;
      else lo = mid + 1;
    }
    h.splice(lo, 0, t);
  }
  pop() {
    return this.items.pop();
  }
}
const less = (a, b) => a.atMs < b.atMs || (a.atMs === b.atMs && a.ticket < b.ticket);

/** The minimal executor of one plugin. */
export class MinimalExecutor {
  #s;
  #plugin;
  #queue = new Queue();
  #ticket = 0;
  #takeJobBetweenRounds;
  events = 0;

  /** `takeJobBetweenRounds`: take one job after every round, as plugbench's run loop does (see the top). */
  constructor(s, plugin, { takeJobBetweenRounds = false } = {}) {
    this.#s = s;
    this.#plugin = plugin;
    this.#takeJobBetweenRounds = takeJobBetweenRounds;
  }

  start(id) {
    this.#queue.push({
      id,
      atMs: 0,
      ticket: ++this.#ticket,
      phase: this.#s.Phase.Undefined,
      version: 0,
      state: undefined,
      stateVersion: 0,
    });
  }

  async runUntil(maxRounds) {
    const s = this.#s;
    for (let i = 0; i < maxRounds; i++) {
      const t = this.#queue.pop();
      if (t === undefined) return;
      const scratch = { write: undefined };
      const ctx = context(s, t, scratch);
      let tr = this.#plugin.handle(ctx);
      if (isThenable(tr)) tr = await tr;
      const pi = tr.info;
      if (pi.err === undefined && pi.info === undefined) throw new Error('transition without task info nor error');
      if (pi.phase !== t.phase || pi.version !== t.version) {
        this.events++;
        if (scratch.write !== undefined) {
          t.state = scratch.write.encoded;
          t.stateVersion = scratch.write.version;
        }
        t.phase = pi.phase;
        t.version = pi.version;
      }
      t.ticket = ++this.#ticket;
      this.#queue.push(t);
      if (this.#takeJobBetweenRounds) await SETTLED;
    }
  }
}

function context(s, t, scratch) {
  return {
    pluginStateReader: () => ({
      getStateVersion: () => t.stateVersion,
      get: () => ({ stateVersion: t.stateVersion, value: t.state === undefined ? undefined : JSON.parse(t.state) }),
    }),
    pluginStateWriter: () => ({
      put: (version, value) => {
        s.assertSerializable(value);
        scratch.write = { version, encoded: JSON.stringify(value) };
      },
      reset: () => {
        scratch.write = { version: 0, encoded: undefined };
      },
    }),
  };
}
