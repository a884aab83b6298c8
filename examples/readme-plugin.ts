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
} from '@plugbench/sdk';

const POOL = 'countdown-pool';
const ROUNDS = 3;

// The generated name is unique per attempt and stable across its rounds: a good resource token.
const tokenOf = (tCtx: TaskExecutionContext) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

/** Runs for three rounds while holding one token of a pool of two, then succeeds. */
export const countdownPlugin: Plugin = {
  getID: () => 'countdown',
  getProperties: () => ({}),

  async handle(tCtx) {
    const status = await tCtx.resourceManager().allocateResource(POOL, tokenOf(tCtx), {});
    if (status !== AllocationStatus.Granted) {
      return doTransition(phaseInfoWaitingForResources(now(), 0, `${POOL} is busy`));
    }
    const { value } = tCtx.pluginStateReader().get<{ round: number }>();
    const round = (value?.round ?? 0) + 1;
    if (round > ROUNDS) return doTransition(phaseInfoSuccess(undefined));
    tCtx.pluginStateWriter().put(1, { round });
    // A new phase version each round: Flyte persists state and sends an event only when (phase, version) changes.
    return doTransition(phaseInfoRunning(round, undefined));
  },

  abort() {},

  // Always called, after Handle or Abort: the place to give the token back.
  async finalize(tCtx) {
    await tCtx.resourceManager().releaseResource(POOL, tokenOf(tCtx));
  },
};

export const countdownEntry: PluginEntry = {
  id: 'countdown',
  registeredTaskTypes: ['countdown'],
  isDefault: false,
  async loadPlugin(iCtx) {
    await iCtx.resourceRegistrar().registerResourceQuota(POOL, 2);
    return countdownPlugin;
  },
};
