/**
 * The contract clock's scope on Node: each asynchronous chain of calls sees the clock it was started with, so that
 * executors running at once in one process never read each other's virtual time. Installed by the executor's module
 * with an explicit call: the package is marked free of side effects, so a bare `import './clock-scope'` is dropped by
 * bundlers (the built SDK then had one clock per process). Kept apart so that the contract stays free of Node's APIs.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setClockScope, type Clock } from '../contract/clock';

const storage = new AsyncLocalStorage<Clock>();

/** Scopes the contract's clock to the asynchronous context of each call (once per copy of the SDK). */
export function installClockScope(): void {
  setClockScope({ current: () => storage.getStore(), run: (clock, fn) => storage.run(clock, fn) });
}
