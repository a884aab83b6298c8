/**
 * The idempotency check of Handle: Handle called again on the same persisted state, after the first call's effects
 * on the world, as FlytePropeller may do whenever a round is lost.
 *
 * @module
 */
import { PlugbenchError } from '../contract/errors';
import type { Transition } from '../contract/transition';
import type { CallRecord } from '../timeline/types';
import { errorInfo } from './error-info';
import { describeValue, isTransition } from './handle-record';
import { transitionJson } from './events';
import { callPlugin } from './plugin-call';
import { newScratch, type RoundEnv } from './round-env';
import type { TaskExecution } from './task-execution';

/** Calls Handle again and compares its transition with the first; its state writes and events are discarded. */
export async function replayHandle(env: RoundEnv, task: TaskExecution, first: Transition): Promise<NonNullable<CallRecord['replay']>> {
  const scratch = newScratch('handle', []);
  const outcome = await callPlugin(() => task.loaded.plugin.handle(env.context(task, scratch)), {
    clock: env.clock,
    timeoutMs: env.config.roundTimeoutMs,
    label: `Handle (replayed) of plugin [${task.loaded.entry.id}]`,
    logs: undefined,
  });
  scratch.closed = true;
  if (!outcome.ok) return { same: false, error: errorInfo('handle', outcome.error) };
  if (!isTransition(outcome.value)) return { same: false, error: errorInfo('transition', new PlugbenchError(`Handle returned ${describeValue(outcome.value)}`)) };
  const again = outcome.value;
  const a = first.info;
  const b = again.info;
  const same = first.type === again.type && a.phase === b.phase && a.version === b.version && a.err?.code === b.err?.code;
  return { same, transition: transitionJson(again) };
}
