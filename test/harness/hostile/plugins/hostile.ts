/**
 * A plugin that does, on purpose, what no plugin should: each `mode` (the factory's config) returns or records one
 * value of the wrong type, calls the resource manager after its round settled, or leaks secrets everywhere it can.
 * The fixtures next to it document the verdict plugbench gives each.
 */
import {
  type AllocationStatus,
  Phase,
  PhaseInfo,
  doTransition,
  now,
  phaseInfoFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  type PluginEntry,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';

/** What the plugin does wrong. */
export type HostileMode =
  | 'phase-42'
  | 'phase-minus-1'
  | 'reason-number'
  | 'occurred-at-string'
  | 'logs-object'
  | 'custom-info-bigint'
  | 'custom-info-cycle'
  | 'raw-event-invalid'
  | 'late-resource-call'
  | 'secret-leak';

const wrong = <T>(x: unknown) => x as T;
const running = (info: object) => doTransition(phaseInfoRunning(0, wrong(info)));

/** The transition of each mode that returns a wrong value. */
const WRONG_VALUES: Partial<Record<HostileMode, () => Transition>> = {
  'phase-42': () => doTransition(new PhaseInfo(wrong<Phase>(42), 0, '', { occurredAt: now() }, undefined)),
  'phase-minus-1': () => doTransition(new PhaseInfo(wrong<Phase>(-1), 0, '', { occurredAt: now() }, undefined)),
  'reason-number': () =>
    doTransition(new PhaseInfo(Phase.Running, 0, wrong<string>(42), { occurredAt: now() }, undefined)),
  'occurred-at-string': () => running({ occurredAt: '2024-01-01T00:00:00Z' }),
  'logs-object': () => running({ occurredAt: now(), logs: { name: 'driver', uri: 'https://logs/x' } }),
  'custom-info-bigint': () => running({ occurredAt: now(), customInfo: { rows: 10n } }),
  'custom-info-cycle': () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    return running({ occurredAt: now(), customInfo: { loop } });
  },
};

/** Late calls: round 1 leaves a resource call running past its return; round 2 waits for it, round 3 succeeds. */
function lateCaller() {
  let round = 0;
  let lateDone: Promise<AllocationStatus> | undefined;
  return async (tCtx: TaskExecutionContext): Promise<Transition> => {
    round++;
    if (round === 1) {
      const rm = tCtx.resourceManager();
      lateDone = new Promise((resolve) => setTimeout(() => resolve(rm.allocateResource('pool', 'late-token', {})), 20));
      return doTransition(phaseInfoRunning(0));
    }
    if (round === 2) {
      await lateDone;
      return doTransition(phaseInfoRunning(0));
    }
    return doTransition(phaseInfoSuccess());
  };
}

/** Leaks: prints the secrets, puts them in a reason, then fails with them in the error message. */
async function leak(tCtx: TaskExecutionContext): Promise<Transition> {
  const token = await tCtx.secretManager().get('token');
  const pin = await tCtx.secretManager().get('pin');
  console.log('calling the service with', token, 'pin', pin);
  const state = tCtx.pluginStateReader().get<{ n: number }>();
  if ((state.value?.n ?? 0) === 0) {
    tCtx.pluginStateWriter().put(1, { n: 1 });
    return doTransition(phaseInfoRunning(1, { occurredAt: now(), customInfo: { auth: `Bearer ${token}` } }));
  }
  return doTransition(phaseInfoFailure('LoginFailed', `login with ${token} and pin ${pin} refused`));
}

/** The hostile plugin, `{ mode }` choosing what it does wrong. */
export function createHostile(config: { mode: HostileMode }): PluginEntry {
  const id = `hostile-${config.mode}`;
  return {
    id,
    registeredTaskTypes: ['hostile'],
    async loadPlugin(iCtx) {
      await iCtx.resourceRegistrar().registerResourceQuota('pool', 2);
      const late = lateCaller();
      return {
        getID: () => id,
        getProperties: () => ({}),
        abort() {},
        finalize() {},
        async handle(tCtx) {
          const make = WRONG_VALUES[config.mode];
          if (make !== undefined) return make();
          if (config.mode === 'raw-event-invalid') {
            // Not awaited on purpose: an invalid event must fail the round, never crash the process.
            void tCtx
              .eventsRecorder()
              .recordRaw(
                new PhaseInfo(Phase.Running, 0, wrong<string>({ why: 'object' }), { occurredAt: now() }, undefined),
              );
            return doTransition(phaseInfoRunning(0));
          }
          if (config.mode === 'late-resource-call') return late(tCtx);
          return leak(tCtx);
        },
      };
    },
  };
}
