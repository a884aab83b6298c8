/**
 * Go `pluginmachinery/webapi` `state.go`: the plugin state of the machinery, put every round.
 *
 * @module
 */
import * as z from 'zod';
import type { StateSchema as ContractStateSchema } from '../contract/state';
import type { StateValue } from '../contract/state-codec';

/** Go `webapi.Phase`, by name (Go stores the number). */
export const Phase = {
  NotStarted: 'NotStarted',
  AllocationTokenAcquired: 'AllocationTokenAcquired',
  ResourcesCreated: 'ResourcesCreated',
  Succeeded: 'Succeeded',
  UserFailure: 'UserFailure',
  SystemFailure: 'SystemFailure',
} as const;
/** Go `webapi.Phase`. */
export type Phase = (typeof Phase)[keyof typeof Phase];

/** Go `Phase.IsTerminal`: Succeeded, UserFailure or SystemFailure. */
export function isTerminalPhase(p: Phase): boolean {
  return p === Phase.Succeeded || p === Phase.UserFailure || p === Phase.SystemFailure;
}

/** Go `webapi.State`. */
export interface State {
  phase: Phase;
  /** The phase version of the last status, for the "job submitted" round before the first poll. */
  phaseVersion: number;
  /** `null` until `create` succeeded (Go: a nil interface). */
  resourceMeta: StateValue;
  /** Failed polls, cumulative (set by the cache). */
  syncFailureCount: number;
  /** Virtual ms of the first allocation request; 0 is Go's zero time. */
  allocationTokenRequestStartTime: number;
  /** The last poll error (set by the cache). */
  errorMessage: string;
}

/** Go `pluginStateVersion`. */
export const PluginStateVersion = 1;

/** The state of a task that has not been seen yet (Go: the zero value). */
export function zeroState(): State {
  return {
    phase: Phase.NotStarted,
    phaseVersion: 0,
    resourceMeta: null,
    syncFailureCount: 0,
    allocationTokenRequestStartTime: 0,
    errorMessage: '',
  };
}

const stateSchema = z.object({
  phase: z.enum(Object.values(Phase) as [Phase, ...Phase[]]),
  phaseVersion: z.number(),
  resourceMeta: z.custom<StateValue>((v) => v !== undefined, 'resourceMeta is missing'),
  syncFailureCount: z.number(),
  allocationTokenRequestStartTime: z.number(),
  errorMessage: z.string(),
});

/** Validates stored state, as gob decoding refuses a value of another shape. */
export const StateSchema: ContractStateSchema<State> = {
  safeParse(data) {
    const r = stateSchema.safeParse(data);
    if (r.success) return { success: true, data: r.data as State };
    const i = r.error.issues[0]!;
    return { success: false, error: { message: `${i.path.join('.') || 'state'}: ${i.message}` } };
  },
};
