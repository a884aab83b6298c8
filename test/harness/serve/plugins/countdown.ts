// A plugin for the serve tests whose whole progress is in its plugin state, so that any replica can go on with it:
// it takes a token of a quota of 2 (namespace "slots"), runs for `custom.durationMs` of real time, then succeeds
// with o0 = 2 * input x; Finalize gives the token back. `custom.throw: true` makes every Handle throw.
import {
  AllocationStatus,
  create,
  doTransition,
  newInMemoryOutputReader,
  now,
  phaseInfoRunning,
  phaseInfoSuccess,
  phaseInfoWaitingForResources,
  TaskLogSchema,
  type PluginEntry,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';
import { primitiveLiterals, primitiveOf } from '../../../support/literals';

interface CountdownState {
  startedAtMs: number;
}

const NAMESPACE = 'slots';

// The generated name is unique per attempt and stable across its rounds: the token to hold for the attempt.
const tokenOf = (tCtx: TaskExecutionContext) => tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();

async function handle(tCtx: TaskExecutionContext): Promise<Transition> {
  const template = await tCtx.taskReader().read();
  const custom = (template.custom ?? {}) as { durationMs?: number; throw?: boolean };
  if (custom.throw === true) throw new Error('countdown: this task always throws (custom.throw)');
  const token = tokenOf(tCtx);
  const granted = await tCtx.resourceManager().allocateResource(NAMESPACE, token, {});
  if (granted !== AllocationStatus.Granted)
    return doTransition(phaseInfoWaitingForResources(now(), 0, 'waiting for a slot'));
  let state = tCtx.pluginStateReader().get<CountdownState>().value;
  if (state === undefined) {
    state = { startedAtMs: now().getTime() };
    tCtx.pluginStateWriter().put(1, state);
  }
  if (now().getTime() - state.startedAtMs < (custom.durationMs ?? 1000)) {
    const logs = [create(TaskLogSchema, { name: 'countdown', uri: `https://logs.example/${token}` })];
    return doTransition(phaseInfoRunning(0, { logs, customInfo: { startedAtMs: state.startedAtMs } }));
  }
  const x = primitiveOf(await tCtx.inputReader().get(), 'x');
  const o0 = typeof x === 'bigint' ? x * 2n : 0n;
  await tCtx.outputWriter().put(newInMemoryOutputReader(primitiveLiterals({ o0 })));
  return doTransition(phaseInfoSuccess());
}

/** The countdown plugin's entry (task type `countdown`). */
export const countdownEntry: PluginEntry = {
  id: 'countdown',
  registeredTaskTypes: ['countdown'],
  loadPlugin: async (iCtx) => {
    await iCtx.resourceRegistrar().registerResourceQuota(NAMESPACE, 2);
    return {
      getID: () => 'countdown',
      getProperties: () => ({}),
      handle,
      abort: () => {},
      finalize: async (tCtx: TaskExecutionContext) => {
        await tCtx.resourceManager().releaseResource(NAMESPACE, tokenOf(tCtx));
      },
    };
  },
};
