/**
 * Purpose-built plugins that each break one rule of the plugin contract, for the contract checks' tests; and one
 * that follows all of them. Each is a `PluginEntry` factory: every call gives fresh in-memory state.
 */
import {
  AllocationStatus,
  doTransition,
  now,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  type Plugin,
  type PluginEntry,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';

const nameOf = (tCtx: TaskExecutionContext) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

/** Takes the attempt's token of `namespace`: undefined once it holds it, else the transition that waits for it. */
async function waitForToken(
  tCtx: TaskExecutionContext,
  namespace: string,
  reason: string,
): Promise<Transition | undefined> {
  const status = await tCtx.resourceManager().allocateResource(namespace, nameOf(tCtx), {});
  return status === AllocationStatus.Granted ? undefined : doTransition(phaseInfoWaitingForResources(now(), 0, reason));
}

function entry(
  id: string,
  plugin: () => Partial<Plugin> & Pick<Plugin, 'handle'>,
  quota?: { namespace: string; tokens: number },
): PluginEntry {
  return {
    id,
    registeredTaskTypes: [id],
    async loadPlugin(iCtx) {
      if (quota) await iCtx.resourceRegistrar().registerResourceQuota(quota.namespace, quota.tokens);
      return { getID: () => id, getProperties: () => ({}), abort() {}, finalize() {}, ...plugin() };
    },
  };
}

/** replayHandle: counts Handle calls in memory, so a second call on the same state returns another version. */
export const createCounter = () =>
  entry('counter', () => {
    const calls = new Map<string, number>();
    return {
      handle(tCtx) {
        const n = (calls.get(nameOf(tCtx)) ?? 0) + 1;
        calls.set(nameOf(tCtx), n);
        return doTransition(n > 4 ? phaseInfoSuccess() : phaseInfoRunning(n));
      },
    };
  });

/** repeatCleanup: Finalize forgets the task, and throws when it is not there (a second Finalize). */
export const createFragileCleanup = () =>
  entry('fragile', () => {
    const jobs = new Set<string>();
    return {
      handle(tCtx) {
        jobs.add(nameOf(tCtx));
        return doTransition(phaseInfoSuccess());
      },
      finalize(tCtx) {
        if (!jobs.delete(nameOf(tCtx))) throw new Error(`job ${nameOf(tCtx)} not found`);
      },
    };
  });

/** tokensReleased: takes a token and never gives it back. */
export const createLeaky = () =>
  entry(
    'leaky',
    () => ({
      async handle(tCtx) {
        return (await waitForToken(tCtx, 'pool', 'pool is full')) ?? doTransition(phaseInfoSuccess());
      },
    }),
    { namespace: 'pool', tokens: 1 },
  );

/** stateSerializable: puts a Date in its state. */
export const createDateState = () =>
  entry('date-state', () => ({
    handle(tCtx) {
      tCtx.pluginStateWriter().put(1, { startedAt: new Date(now().getTime()) });
      return doTransition(phaseInfoRunning(1));
    },
  }));

/** getAfterPut: writes its counter, then reads it back in the same round expecting the new value. */
export const createGetAfterPut = () =>
  entry('get-after-put', () => ({
    handle(tCtx) {
      const before = tCtx.pluginStateReader().get<{ n: number }>().value?.n ?? 0;
      tCtx.pluginStateWriter().put(1, { n: before + 1 });
      const after = tCtx.pluginStateReader().get<{ n: number }>().value?.n ?? 0;
      return doTransition(after >= 3 ? phaseInfoSuccess() : phaseInfoRunning(before + 1));
    },
  }));

/** lostInfo: reports progress in the reason while keeping Running:0 (every update after the first is lost). */
export const createChatty = () =>
  entry('chatty', () => {
    const started = new Map<string, number>();
    return {
      handle(tCtx) {
        const t = now().getTime();
        const start = started.get(nameOf(tCtx)) ?? t;
        started.set(nameOf(tCtx), start);
        const elapsed = (t - start) / 1000;
        if (elapsed >= 30) return doTransition(phaseInfoSuccess());
        return doTransition(phaseInfoQueued(now(), 0, `${elapsed}s in the queue`));
      },
    };
  });

/** roundCap: never finishes. */
export const createNeverEnding = () =>
  entry('never-ending', () => ({
    handle: () => doTransition(phaseInfoRunning(0)),
  }));

/**
 * Follows every rule: takes a token, keeps its progress in plugin state with a new version each round, succeeds,
 * and releases the token in an idempotent Finalize.
 */
export const createWellBehaved = () =>
  entry(
    'well-behaved',
    () => ({
      async handle(tCtx) {
        const waiting = await waitForToken(tCtx, 'slots', 'waiting for a slot');
        if (waiting !== undefined) return waiting;
        const step = (tCtx.pluginStateReader().get<{ step: number }>().value?.step ?? 0) + 1;
        if (step > 3) return doTransition(phaseInfoSuccess());
        tCtx.pluginStateWriter().put(1, { step });
        return doTransition(phaseInfoRunning(step, { customInfo: { step } }));
      },
      async finalize(tCtx) {
        await tCtx.resourceManager().releaseResource('slots', nameOf(tCtx));
      },
    }),
    { namespace: 'slots', tokens: 1 },
  );

/** The default export: the well-behaved plugin. */
export default createWellBehaved();
