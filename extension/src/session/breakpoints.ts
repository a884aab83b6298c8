/**
 * Breakpoints of a session as plain values: toggling one and how a hit one is named (the stop condition they make
 * is the timeline's, `breakpointStop`). The session keeps the list; these keep the rules out of its stepping logic.
 *
 * @module
 */
import type { Breakpoint } from '@plugbench/sdk/timeline';

/** `breakpoints` with `bp` removed if it was set, added if not. */
export function toggled(breakpoints: readonly Breakpoint[], bp: Breakpoint): Breakpoint[] {
  const same = (b: Breakpoint) =>
    b.kind === 'phase' && bp.kind === 'phase'
      ? b.phase === bp.phase
      : b.kind === 'task' && bp.kind === 'task' && b.task === bp.task;
  return breakpoints.some(same) ? breakpoints.filter((b) => !same(b)) : [...breakpoints, bp];
}

/** A breakpoint as the status line names it (empty when the runner did not say which one). */
export function describeBreakpoint(bp: Breakpoint | undefined): string {
  return bp ? (bp.kind === 'phase' ? `phase ${bp.phase}` : `task ${bp.task}`) : '';
}
