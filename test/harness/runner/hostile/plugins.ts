/**
 * Plugins that misbehave on purpose, one way each, for the hostile-plugin suite (hostile.test.ts): each fixture in
 * this folder names one. Every plugin is a `PluginEntry` factory handling the task type `hostile`.
 */
import { doTransition, phaseInfoSuccess, type Plugin, type PluginEntry } from '@plugbench/sdk';

type Handle = Plugin['handle'];

function entry(load: () => Promise<void> | void, handle: Handle = () => doTransition(phaseInfoSuccess())): PluginEntry {
  return {
    id: 'hostile',
    registeredTaskTypes: ['hostile'],
    async loadPlugin() {
      await load();
      return { getID: () => 'hostile', getProperties: () => ({}), handle, abort() {}, finalize() {} };
    },
  };
}

/** A loader that never settles (and keeps nothing alive: in process, Node would just exit 0). */
export const createLoadNeverSettles = () => entry(() => new Promise<void>(() => undefined));

/** A synchronous endless loop in Handle: the event loop never turns again. */
export const createSyncLoop = () =>
  entry(
    () => undefined,
    () => {
      for (;;) {
        // never gives control back
      }
    },
  );

/** An endless chain of microtasks in Handle: timers (the executor's round timeout) never fire. */
export const createMicrotaskLoop = () =>
  entry(
    () => undefined,
    async () => {
      for (;;) await Promise.resolve();
    },
  );

/** `process.exit(1)` in Handle. */
export const createExits = () =>
  entry(
    () => undefined,
    () => process.exit(1),
  );

/** A timer whose promise rejects with nobody to catch it, set in Handle; the plugin itself succeeds. */
export const createTimerRejection = () =>
  entry(
    () => undefined,
    () => {
      setTimeout(() => void Promise.reject(new Error('rejected in a timer of the plugin')), 0);
      return doTransition(phaseInfoSuccess());
    },
  );

/** An interval the loader starts and never stops (as Flyte plugins start cache workers); otherwise a good plugin. */
export const createLeavesInterval = () => entry(() => void setInterval(() => undefined, 1000));

/** A plain `console.log` in Handle (called again by the idempotency check's replay). */
export const createLogs = () =>
  entry(
    () => undefined,
    () => {
      console.log('a log line of the plugin, which is not a report');
      console.error('and one on stderr');
      return doTransition(phaseInfoSuccess());
    },
  );

/** A good plugin, for a world script that misbehaves. */
export const createGood = () => entry(() => undefined);

/** A world script whose `beforeRound` never settles. */
export const beforeRoundNeverSettles = () => new Promise<void>(() => undefined);

/** A native crash in Handle: the process dies by a signal, not by `process.exit`. */
export const createCrashes = () =>
  entry(
    () => undefined,
    () => {
      process.kill(process.pid, 'SIGSEGV');
      return doTransition(phaseInfoSuccess());
    },
  );

/** Allocates in Handle until the heap is exhausted (the test caps the runner's heap so that this is quick). */
export const createRunsOutOfMemory = () =>
  entry(
    () => undefined,
    () => {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
    },
  );
