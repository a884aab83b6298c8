// The floor of an executor: only what FlytePropeller's rules require of every round, and nothing plugbench adds
// (no timeline, no fault plan, no console capture, no clock scope, no timeouts, no retries, no resources). Per
// round: a fresh context (state reader and writer), the plugin called (awaited only when it answers with a
// promise), the transition validated (task info or an error), dedup on (phase, version), the state persisted as
// JSON after a serializability check, an event counted, and the next round scheduled in a (time, ticket) heap.
// The overhead benchmark measures the real executor against this.

function isThenable(x) {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof x.then === 'function';
}

/** A binary heap of tasks by (atMs, ticket). */
class Heap {
  items = [];
  push(t) {
    const h = this.items;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop() {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== top) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
const less = (a, b) => a.atMs < b.atMs || (a.atMs === b.atMs && a.ticket < b.ticket);

/** The minimal executor of one plugin. */
export class MinimalExecutor {
  #s;
  #plugin;
  #heap = new Heap();
  #ticket = 0;
  events = 0;

  constructor(s, plugin) {
    this.#s = s;
    this.#plugin = plugin;
  }

  start(id) {
    this.#heap.push({
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
      const t = this.#heap.pop();
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
      this.#heap.push(t);
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
