/**
 * What one row of the event list says about a round, as plain strings: where the round stands (in the words of
 * docs/vocabulary.md), the phase it left its lane in, the decision, the events it sent, its resource calls and its
 * error. Pure, so the row and the text filter read the same thing and both are tested without a browser.
 *
 * @module
 */
import {
  roundText,
  taskRoundText,
  type DecisionCode,
  type PhaseName,
  type ResourceCall,
  type TaskEvent,
  type TimelineModel,
} from '@plugbench/sdk/timeline';

/** One round, as its row shows it. */
export interface RoundSummary {
  /** The run round, from 1. */
  runRound: number;
  /** `job-3 round 7`, `job-3 round 7 Finalize`. */
  taskRound: string;
  /** `job-3 round 7 (run round 54 of 92)`: the row's accessible name. */
  label: string;
  /** The plugin phase persisted after the round. */
  phaseName: PhaseName;
  /** `Running v2`. */
  phase: string;
  decision: DecisionCode | undefined;
  decisionMessage: string | undefined;
  /** The events sent, by event phase: `RUNNING v2`. */
  events: string[];
  /** One line per resource call: `allocate api: waits`. */
  resources: string[];
  /** The round's error, if it failed. */
  error: string | undefined;
}

/** What a resource manager's answer means for the task, in the view's words. */
const RESOURCE_STATUS_TEXT: Readonly<Record<NonNullable<ResourceCall['status']>, string>> = {
  ResourceGranted: 'granted',
  ResourceExhausted: 'waits',
  NamespaceQuotaExceeded: 'waits (namespace quota)',
  AllocationUndefined: 'undefined',
};

/** The summary of run round `call + 1` (`call` indexes `model.calls`). */
export function roundSummary(model: TimelineModel, call: number): RoundSummary {
  const rec = model.calls[call]!;
  const d = rec.decision;
  // One shape for every round (optional fields set to undefined, not left out): 100,000 of them are made for a search.
  return {
    runRound: call + 1,
    taskRound: taskRoundText(rec),
    label: roundText(rec, call + 1, model.callCount),
    phaseName: rec.pluginPhase.phase,
    phase: `${rec.pluginPhase.phase} v${rec.pluginPhase.version}`,
    decision: d?.code,
    decisionMessage: d?.message,
    events: rec.events.map(eventText),
    resources: rec.resources.map(resourceText),
    error: rec.error?.message ?? (d?.code === 'round-error' ? d.message : undefined),
  };
}

/** `RUNNING v2`: an event by the phase FlyteAdmin receives and its phase version. */
export function eventText(e: Pick<TaskEvent, 'phase' | 'version'>): string {
  return `${e.phase} v${e.version}`;
}

/** `allocate api: waits`, `release gpu: released`, `allocate db: failed (timeout)`. */
export function resourceText(r: Pick<ResourceCall, 'op' | 'namespace' | 'status' | 'error'>): string {
  const outcome = r.error
    ? `failed (${r.error.message})`
    : r.op === 'release'
      ? 'released'
      : r.status
        ? RESOURCE_STATUS_TEXT[r.status]
        : 'no answer';
  return `${r.op} ${r.namespace}: ${outcome}`;
}
