// Helpers of the example plugins' tests: capture the plugin instance an executor loads, and read the timeline as a
// plugin author would (events per task, calls, decisions).
import type {
  CallRecord,
  DataStore,
  Executor,
  OutputReader,
  Plugin,
  PluginEntry,
  PoolSnapshot,
  TaskExecutionContext,
  TimelineRecord,
} from '@plugbench/sdk';

/** An entry that hands out the plugin instance its loader built (one per executor). */
export function capture<P extends Plugin>(entry: PluginEntry): { entry: PluginEntry; plugin: () => P } {
  let loaded: P | undefined;
  return {
    entry: {
      ...entry,
      loadPlugin: async (iCtx) => {
        loaded = (await entry.loadPlugin(iCtx)) as P;
        return loaded;
      },
    },
    plugin: () => {
      if (loaded === undefined) throw new Error(`plugin [${entry.id}] was not loaded`);
      return loaded;
    },
  };
}

const isCall = (r: TimelineRecord): r is CallRecord => r.kind === 'call';

/** A pool as a plugin registers it at load: its quota, no holder and no waiter. */
export const idlePool = (namespace: string, quota: number): PoolSnapshot => ({
  namespace,
  quota,
  holders: [],
  waiting: [],
});

/** The call records of `task` (every task when omitted). */
export function callsOf(ex: Executor, task?: string): CallRecord[] {
  return ex.timeline.filter(isCall).filter((r) => task === undefined || r.task === task);
}

/** The events `task` sent, as `PHASE:version`. */
export function eventsOf(ex: Executor, task: string): string[] {
  return callsOf(ex, task).flatMap((c) => c.events.map((e) => `${e.phase}:${e.version}`));
}

/** The events `task` sent with their reasons, as `PHASE:version reason`. */
export function eventsWithReasonsOf(ex: Executor, task: string): string[] {
  return callsOf(ex, task).flatMap((c) =>
    c.events.map((e) => `${e.phase}:${e.version}${e.reason ? ` ${e.reason}` : ''}`),
  );
}

/** The events `task` sent, deduplicated of immediate repeats (the shape of a phase sequence). */
export function phasesOf(ex: Executor, task: string): string[] {
  return eventsOf(ex, task).filter((e, i, all) => i === 0 || all[i - 1] !== e);
}

/** The plugin calls of `task`, as `handle` / `abort` / `finalize` (skipped Aborts excluded). */
export function callKindsOf(ex: Executor, task: string): string[] {
  return callsOf(ex, task)
    .filter((c) => c.skipped === undefined)
    .map((c) => c.call);
}

/** The task's `task.finished` record. */
export function finishedOf(ex: Executor, task: string) {
  return ex.timeline.find((r) => r.kind === 'task.finished' && r.task === task) as
    Extract<TimelineRecord, { kind: 'task.finished' }> | undefined;
}

/**
 * An entry whose plugin hands out what a test needs to see from inside: the data store it was given (the
 * executor's, from its first Handle) and the output readers it put, per generated name. The plugin instance the
 * loader built is `plugin()`.
 */
export function spy<P extends Plugin>(
  entry: PluginEntry,
): { entry: PluginEntry; plugin: () => P; store: () => DataStore; puts: Map<string, OutputReader[]> } {
  const c = capture<P>(entry);
  let store: DataStore | undefined;
  const puts = new Map<string, OutputReader[]>();
  const watch = (tCtx: TaskExecutionContext): TaskExecutionContext => {
    store ??= tCtx.dataStore();
    const name = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
    const ow = tCtx.outputWriter();
    const writer = new Proxy(ow, {
      get: (target, k, receiver) =>
        k === 'put'
          ? async (reader: OutputReader) => {
              puts.set(name, [...(puts.get(name) ?? []), reader]);
              return target.put(reader);
            }
          : Reflect.get(target, k, receiver),
    });
    return new Proxy(tCtx, {
      get: (target, k, receiver) => (k === 'outputWriter' ? () => writer : Reflect.get(target, k, receiver)),
    });
  };
  return {
    entry: {
      ...c.entry,
      loadPlugin: async (iCtx) => {
        const p = await c.entry.loadPlugin(iCtx);
        const wrapped: Plugin = {
          getID: () => p.getID(),
          getProperties: () => p.getProperties(),
          handle: (tCtx) => p.handle(watch(tCtx)),
          abort: (tCtx) => p.abort(tCtx),
          finalize: (tCtx) => p.finalize(tCtx),
        };
        return wrapped;
      },
    },
    plugin: c.plugin,
    store: () => {
      if (store === undefined) throw new Error('no Handle ran yet');
      return store;
    },
    puts,
  };
}
