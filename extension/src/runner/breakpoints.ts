/**
 * Breakpoints of a session as plain values: toggling one, the stop condition they make for what is recorded, and
 * how a hit one is named. The session keeps the list; these keep the rules out of its stepping logic.
 *
 * @module
 */
import type { StopCondition } from '@plugbench/sdk/timeline';
import type { Breakpoint } from '../protocol/child-messages';

/** `breakpoints` with `bp` removed if it was set, added if not. */
export function toggled(breakpoints: readonly Breakpoint[], bp: Breakpoint): Breakpoint[] {
  const same = (b: Breakpoint) => (b.kind === 'phase' && bp.kind === 'phase' ? b.phase === bp.phase : b.kind === 'task' && bp.kind === 'task' && b.task === bp.task);
  return breakpoints.some(same) ? breakpoints.filter((b) => !same(b)) : [...breakpoints, bp];
}

/** Where a "run to end" through recorded calls stops: a call in a phase or of a task with a breakpoint. */
export function breakpointStop(breakpoints: readonly Breakpoint[]): StopCondition {
  return {
    phases: breakpoints.flatMap((b) => (b.kind === 'phase' ? [b.phase] : [])),
    tasks: breakpoints.flatMap((b) => (b.kind === 'task' ? [b.task] : [])),
  };
}

/** A breakpoint as the status line names it (empty when the runner did not say which one). */
export function describeBreakpoint(bp: Breakpoint | undefined): string {
  return bp ? (bp.kind === 'phase' ? `phase ${bp.phase}` : `task ${bp.task}`) : '';
}
