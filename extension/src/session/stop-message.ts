/**
 * The status line after the runner stopped advancing: why it stopped, and where. Apart from the session because it
 * is wording, not stepping.
 *
 * @module
 */
import type { AdvanceResult } from '@plugbench/harness/runner';
import { describeBreakpoint } from './breakpoints';

/** Says why an advance of the runner stopped; `where` is the session's position, `maxRounds` plugbench.maxRounds. */
export function describeStop(r: AdvanceResult, where: string, maxRounds: number): string {
  switch (r.reason) {
    case 'terminal':
      return `finished: every task reached a terminal phase (${where})`;
    case 'idle':
      return `finished: nothing left to run (${where})`;
    case 'breakpoint':
      return `stopped at breakpoint ${describeBreakpoint(r.breakpoint)} (${where})`;
    case 'event':
      return `stopped after an event (${where})`;
    case 'phase-change':
      return `stopped at a phase change (${where})`;
    case 'round-cap':
      // The fixture's own cap ends the run; plugbench.maxRounds only pauses one "run to end".
      return r.finished
        ? `finished: the fixture's round cap (maxRounds) was reached (${where})`
        : `paused after ${maxRounds} rounds (plugbench.maxRounds; ${where}); run to end again to go on`;
    case 'step':
      return where;
  }
}
