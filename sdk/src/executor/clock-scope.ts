/**
 * The contract clock's scope on Node: each asynchronous chain of calls sees the clock it was started with, so that
 * executors running at once in one process never read each other's virtual time. Imported for its effect by the
 * executor; kept apart so that the contract stays free of Node's APIs.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setClockScope, type Clock } from '../contract/clock';

const storage = new AsyncLocalStorage<Clock>();

setClockScope({ current: () => storage.getStore(), run: (clock, fn) => storage.run(clock, fn) });
