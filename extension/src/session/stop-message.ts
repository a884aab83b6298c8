/**
 * The status lines of a session in docs/vocabulary.md's words: why an advance of the runner ended, and what a
 * stopped or ended run lets the user do next. Apart from the session because it is wording, not stepping.
 *
 * @module
 */
import { countOf } from '@plugbench/sdk/timeline';
import type { AdvanceResult } from '@plugbench/harness/runner';
import { describeBreakpoint } from './breakpoints';

/** Says why an advance of the runner ended; `where` is the cursor's position, `maxRounds` plugbench.maxRounds. */
export function describeStop(r: AdvanceResult, where: string, maxRounds: number): string {
  switch (r.reason) {
    case 'terminal':
      return `finished at ${where}: every task reached a terminal phase`;
    case 'idle':
      return `finished at ${where}: nothing was left to run`;
    case 'breakpoint': {
      const bp = describeBreakpoint(r.breakpoint);
      return `paused at ${bp ? `breakpoint ${bp}` : 'a breakpoint'}: ${where}`;
    }
    case 'event':
      return `paused after an event: ${where}`;
    case 'phase-change':
      return `paused at a phase change: ${where}`;
    case 'round-cap':
      // The fixture's own cap ends the run; plugbench.maxRounds only pauses one "run to end".
      return r.finished
        ? `finished at ${where}: the fixture's round cap (maxRounds) was reached`
        : `paused at ${where} after ${countOf(maxRounds, 'run round')} (plugbench.maxRounds); Run to end again to go on`;
    case 'step':
      return where;
  }
}

/** What the user can do after a stop, or once the runner is gone. */
const GO_ON = 'the recorded rounds stay; Run again from here goes on';

/** The line of a run the user stopped (Stop, or the end of its debug session). */
export function stoppedText(where: string): string {
  return `stopped at ${where}: ${GO_ON}`;
}

/** A forward move at the newest recorded round of a run whose runner is gone (stopped, or failed). */
export function noRunnerText(where: string, phase: 'stopped' | 'error'): string {
  return `nothing runs, the run is ${phase}: ${where} is the newest recorded round; Run again from here goes on`;
}

/** A forward move at the newest recorded round of a finished run. */
export function finishedText(where: string): string {
  return `finished at ${where}: nothing comes after it; Run again from here runs it again`;
}
