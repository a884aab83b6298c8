/**
 * A Flyte backend plugin for tasks of type `batch`: each task takes one token of the `batch-slots` pool, runs for
 * `custom.rounds` rounds (3 when the task template does not say), keeping its progress in plugin state, and
 * succeeds. Finalize gives the token back.
 *
 * It is the shape of most plugins that drive an external system: Handle is called again and again by
 * FlytePropeller, must be safe to call twice with the same state, and reports a phase each time. Replace the
 * counting with your system's submit and poll.
 *
 * @module
 */
import {
  AllocationStatus,
  doTransition,
  now,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  type Plugin,
  type PluginEntry,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';

/** The task type this plugin handles, and its id. */
export const BatchTaskType = 'batch';
/** The resource pool that caps how many batch tasks run at once. */
export const BatchPool = 'batch-slots';
/** Tokens in {@link BatchPool}. */
export const BatchSlots = 2;

/** What the plugin keeps between rounds: Flyte stores it with the task and hands it back next round. */
interface BatchState {
  round: number;
}

// The generated name is unique per attempt and stable across its rounds: the token to hold for the attempt.
const tokenOf = (tCtx: TaskExecutionContext) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

/** How many rounds the task runs: `custom.rounds` of its task template. */
async function roundsOf(tCtx: TaskExecutionContext): Promise<number> {
  const template = await tCtx.taskReader().read();
  const rounds = template.custom?.['rounds'];
  return typeof rounds === 'number' && rounds > 0 ? rounds : 3;
}

/** The batch plugin. */
export const batchPlugin: Plugin = {
  getID: () => BatchTaskType,
  getProperties: () => ({}),

  async handle(tCtx): Promise<Transition> {
    const status = await tCtx.resourceManager().allocateResource(BatchPool, tokenOf(tCtx), {});
    if (status !== AllocationStatus.Granted) {
      // now() is the executor's clock (virtual in tests), so runs are repeatable and golden timelines stable.
      return doTransition(phaseInfoWaitingForResources(now(), 0, `${BatchPool} is full`));
    }
    const { value } = tCtx.pluginStateReader().get<BatchState>();
    const round = (value?.round ?? 0) + 1;
    if (round > (await roundsOf(tCtx))) return doTransition(phaseInfoSuccess());
    tCtx.pluginStateWriter().put(1, { round } satisfies BatchState);
    // A new phase version each round: Flyte sends an event (and persists state) only when (phase, version) changes.
    return doTransition(phaseInfoRunning(round));
  },

  // Nothing to cancel in this example; a plugin that started remote work stops it here.
  abort() {},

  // Called after Handle or Abort whatever happened, possibly more than once: releasing a token twice is harmless.
  async finalize(tCtx) {
    await tCtx.resourceManager().releaseResource(BatchPool, tokenOf(tCtx));
  },
};

/** How FlytePropeller (and plugbench) finds the plugin: its task types, and the setup done once when it loads. */
export const batchEntry: PluginEntry = {
  id: BatchTaskType,
  registeredTaskTypes: [BatchTaskType],
  isDefault: false,
  async loadPlugin(iCtx) {
    await iCtx.resourceRegistrar().registerResourceQuota(BatchPool, BatchSlots);
    return batchPlugin;
  },
};
