/**
 * What `plugbench run` says about a run, in docs/vocabulary.md's words: how the run ended and how many run rounds
 * it took, then each task's own rounds (the run's rounds are every task's rounds together, so a run of 92 run
 * rounds has tasks that end at round 26).
 *
 * @module
 */
import { countOf } from '@plugbench/sdk/timeline';
import type { FixtureResult, TaskResult } from '../run-fixture';

/** Tasks named in the headline; a run of thousands names the first ones and counts the rest. */
const HEADLINE_TASKS = 8;

/** `finished (terminal): 92 run rounds; job-1 26 rounds, job-2 20 rounds, …` for the tasks shown. */
export function runHeadline(result: Pick<FixtureResult, 'outcome' | 'rounds'>, tasks: readonly TaskResult[]): string {
  const named = tasks.slice(0, HEADLINE_TASKS).map((t) => `${t.id} ${countOf(t.rounds, 'round')}`);
  const more = tasks.length > HEADLINE_TASKS ? `, and ${countOf(tasks.length - HEADLINE_TASKS, 'more task')}` : '';
  return `finished (${result.outcome.reason}): ${countOf(result.rounds, 'run round')}; ${named.join(', ')}${more}`;
}

/** One task of the verdict: `task job-1: Succeeded, plugin phase Success:0, 1 attempt, 26 rounds; events …`. */
export function taskLine(t: TaskResult): string {
  return `task ${t.id}: ${t.nodePhase}, plugin phase ${t.pluginPhase}, ${countOf(t.attempts, 'attempt')}, ${countOf(t.rounds, 'round')}; events ${t.events.join(' ') || '(none)'}`;
}
