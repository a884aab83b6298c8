// Benchmark 1: the executor's overhead per round. A trivial plugin (reads its state, writes it back bumped, returns
// Running with a new version, so every round sends an event and persists) is driven by the executor, and the same
// plugin's handle is called in a bare loop with a prepared context that keeps state the same way. Ratios inside
// one run, since these machines are noisy.
import { nsPerOp, sdk } from './lib.mjs';

export async function executorOverhead({ rounds = 20_000 } = {}) {
  const s = sdk();
  const plugin = {
    getID: () => 'trivial',
    getProperties: () => ({}),
    handle(ctx) {
      const { value } = ctx.pluginStateReader().get();
      const n = (value?.n ?? 0) + 1;
      ctx.pluginStateWriter().put(1, { n });
      return s.doTransition(s.phaseInfoRunning(n));
    },
    abort() {},
    finalize() {},
  };
  const entry = { id: 'trivial', registeredTaskTypes: ['trivial'], loadPlugin: () => plugin };
  const template = s.create(s.TaskTemplateSchema, { type: 'trivial' });

  // The bare loop: a context prepared once, with state carried from call to call as the store would.
  let stored;
  const ctx = {
    pluginStateReader: () => ({ getStateVersion: () => 1, get: () => ({ stateVersion: 1, value: stored === undefined ? undefined : JSON.parse(stored) }) }),
    pluginStateWriter: () => ({
      put: (_v, value) => {
        s.assertSerializable(value);
        stored = JSON.stringify(value);
      },
      reset: () => {},
    }),
  };
  const bare = async (n) => {
    stored = undefined;
    for (let i = 0; i < n; i++) plugin.handle(ctx);
  };

  const driven = (options) => async (n) => {
    const ex = await s.Executor.create({ plugins: [entry], maxPluginPhaseVersions: 10_000_000, ...options });
    ex.start({ template });
    await ex.runUntil({ maxRounds: n });
  };

  const bareNs = await nsPerOp(bare, { n: rounds });
  const recordedNs = await nsPerOp(driven({}), { n: rounds });
  const unrecordedNs = await nsPerOp(driven({ recordTimeline: false }), { n: rounds });
  return {
    rounds,
    bareNsPerRound: bareNs,
    executorRecordedNsPerRound: recordedNs,
    executorUnrecordedNsPerRound: unrecordedNs,
    ratioRecorded: recordedNs / bareNs,
    ratioUnrecorded: unrecordedNs / bareNs,
    targets: { ratioRecorded: 3, ratioUnrecorded: 1.5 },
  };
}
