/**
 * The idempotency check of Handle: Handle called again on the same persisted state, after the first call's effects
 * on the world, as FlytePropeller may do whenever a round is lost.
 *
 * @module
 */
import { PlugbenchError } from '../contract/errors';
import type { Transition } from '../contract/transition';
import type { CallRecord, TimelineTransition } from '../timeline/types';
import { errorInfo } from './error-info';
import { transitionJson } from './events';
import type { Fault } from './faults';
import { describeValue, isTransition } from './handle-record';
import { callPlugin } from './plugin-call';
import { newScratch, type RoundEnv } from './round-env';
import type { TaskExecution } from './task-execution';
import { pluginValuesError } from './validate-plugin-values';

/** The faults that act inside the plugin's context; the others act on the call or the executor. */
const contextFaults: ReadonlySet<Fault['kind']> = new Set(['resource-error', 'resource-status', 'secret-missing']);

/**
 * Calls Handle again, under the round's faults, and compares its whole transition with the first (type, phase,
 * version, reason, error, task info; times aside). Its state writes, events and resource calls are discarded; its
 * console output is captured like any call's.
 */
export async function replayHandle(
  env: RoundEnv,
  task: TaskExecution,
  first: Transition,
  roundFaults: readonly Fault[],
): Promise<NonNullable<CallRecord['replay']>> {
  const scratch = newScratch(
    'handle',
    roundFaults.filter((f) => contextFaults.has(f.kind)),
  );
  const outcome = await callPlugin(() => task.loaded.plugin.handle(env.context(task, scratch)), {
    clock: env.clock,
    timeoutMs: env.config.roundTimeoutMs,
    label: `Handle (replayed) of plugin [${task.loaded.entry.id}]`,
    logs: env.config.captureConsole ? scratch.logs : undefined,
  });
  scratch.closed = true;
  const logs = scratch.logs.length > 0 ? { logs: scratch.logs } : {};
  if (!outcome.ok) return { same: false, error: errorInfo('handle', outcome.error), ...logs };
  if (!isTransition(outcome.value)) {
    return {
      same: false,
      error: errorInfo('transition', new PlugbenchError(`Handle returned ${describeValue(outcome.value)}`)),
      ...logs,
    };
  }
  const invalid = pluginValuesError(outcome.value);
  if (invalid !== undefined) return { same: false, error: errorInfo('transition', invalid), ...logs };
  const again = transitionJson(outcome.value);
  return { same: sameTransition(transitionJson(first), again), transition: again, ...logs };
}

/** Whether two transitions are the same but for their times (`occurredAt`, and the text that prints it). */
export function sameTransition(a: TimelineTransition, b: TimelineTransition): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(t: TimelineTransition): unknown {
  const { text: _text, info, ...rest } = t;
  if (info === undefined) return rest;
  const { occurredAt: _at, ...keep } = info;
  return { ...rest, info: keep };
}
