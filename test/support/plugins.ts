/**
 * Small plugins and builders for the executor tests: a plugin whose Handle is a function of the round, that logs
 * every call it gets (with the state it read and the generated name it saw), and helpers to read the timeline.
 */
import {
  create,
  doTransition,
  Executor,
  phaseInfoRunning,
  serializeRecord,
  TaskTemplateSchema,
  type CallRecord,
  type ExecutorOptions,
  type MaybePromise,
  type Plugin,
  type PluginEntry,
  type PluginProperties,
  type SetupContext,
  type TaskExecutionContext,
  type TaskSpec,
  type TaskTemplate,
  type TimelineRecord,
  type Transition,
} from '@plugbench/sdk';

/** One call a {@link TestPlugin} received. */
export interface SeenCall {
  call: 'handle' | 'abort' | 'finalize';
  /** The plugin's own count of that kind of call, from 1. */
  n: number;
  /** The state the call read (`pluginStateReader().get()`), before the plugin ran. */
  state: unknown;
  stateVersion: number;
  generatedName: string;
  attempt: number;
  ctx: TaskExecutionContext;
}

/** A Handle written in a test: `n` counts Handle calls from 1 (over all tasks and attempts of the plugin). */
export type HandleFn = (tCtx: TaskExecutionContext, n: number) => MaybePromise<Transition>;
type CleanupFn = (tCtx: TaskExecutionContext, n: number) => MaybePromise<void>;

/** A plugin written in a test, with the calls it received. */
export interface TestPlugin extends Plugin {
  readonly seen: SeenCall[];
  /** How many calls of `kind` it received. */
  count(kind: SeenCall['call']): number;
}

/** Builds a {@link TestPlugin}; Abort and Finalize do nothing unless given. */
export function testPlugin(
  id: string,
  handle: HandleFn,
  o: { abort?: CleanupFn; finalize?: CleanupFn; properties?: PluginProperties } = {},
): TestPlugin {
  const seen: SeenCall[] = [];
  const counts = { handle: 0, abort: 0, finalize: 0 };
  const note = (call: SeenCall['call'], tCtx: TaskExecutionContext): number => {
    const n = ++counts[call];
    const id = tCtx.taskExecutionMetadata().getTaskExecutionID();
    const read = tCtx.pluginStateReader().get();
    seen.push({
      call,
      n,
      state: read.value,
      stateVersion: read.stateVersion,
      generatedName: id.getGeneratedName(),
      attempt: id.getID().retryAttempt,
      ctx: tCtx,
    });
    return n;
  };
  return {
    seen,
    count: (kind) => counts[kind],
    getID: () => id,
    getProperties: () => o.properties ?? {},
    handle: (tCtx) => handle(tCtx, note('handle', tCtx)),
    abort: (tCtx) => {
      const n = note('abort', tCtx);
      return o.abort?.(tCtx, n);
    },
    finalize: (tCtx) => {
      const n = note('finalize', tCtx);
      return o.finalize?.(tCtx, n);
    },
  };
}

/** A plugin that returns `transitions[n-1]` on the n-th Handle, and the last one from then on. */
export function sequencePlugin(
  id: string,
  transitions: Array<Transition | ((tCtx: TaskExecutionContext) => MaybePromise<Transition>)>,
): TestPlugin {
  return testPlugin(id, (tCtx, n) => {
    const t = transitions[Math.min(n, transitions.length) - 1]!;
    return typeof t === 'function' ? t(tCtx) : t;
  });
}

/** A plugin that runs forever: Running with a new version every round. */
export function foreverPlugin(id = 'forever'): TestPlugin {
  return testPlugin(id, (_tCtx, n) => doTransition(phaseInfoRunning(n)));
}

/** The entry of `plugin`, registered for `types` (default: the plugin's id). */
export function entryOf(
  plugin: Plugin,
  o: { id?: string; types?: string[]; isDefault?: boolean; load?: (iCtx: SetupContext) => MaybePromise<void> } = {},
): PluginEntry {
  return {
    id: o.id ?? plugin.getID(),
    registeredTaskTypes: o.types ?? [plugin.getID()],
    ...(o.isDefault !== undefined ? { isDefault: o.isDefault } : {}),
    loadPlugin: async (iCtx) => {
      await o.load?.(iCtx);
      return plugin;
    },
  };
}

/** A task template of `type`, with output variables `outputs` in its interface and `retries` user retries. */
export function template(type: string, o: { outputs?: string[]; retries?: number } = {}): TaskTemplate {
  const variables = Object.fromEntries((o.outputs ?? []).map((name) => [name, { description: name }]));
  return create(TaskTemplateSchema, {
    type,
    id: { name: `${type}-task`, project: 'flytesnacks', domain: 'development', version: 'v1' },
    ...(o.outputs !== undefined ? { interface: { outputs: { variables } } } : {}),
    ...(o.retries !== undefined ? { metadata: { retries: { retries: o.retries } } } : {}),
  });
}

/** Creates an executor for `plugins` and starts one task of the first plugin's first type (id `t`). */
export async function runOne(
  plugin: Plugin | PluginEntry,
  options: Partial<ExecutorOptions> = {},
  spec: Partial<TaskSpec> = {},
): Promise<{ ex: Executor; id: string }> {
  const entry = 'loadPlugin' in plugin ? plugin : entryOf(plugin);
  const ex = await Executor.create({ ...options, plugins: [entry, ...(options.plugins ?? [])] });
  const id = ex.start({ id: 't', template: template(entry.registeredTaskTypes[0]!), ...spec });
  return { ex, id };
}

/** The call records of the timeline, of one task if given. */
export function calls(ex: Executor, task?: string): CallRecord[] {
  return ex.timeline.filter((r): r is CallRecord => r.kind === 'call' && (task === undefined || r.task === task));
}

/** The Handle call records of the timeline. */
export function handles(ex: Executor, task?: string): CallRecord[] {
  return calls(ex, task).filter((r) => r.call === 'handle');
}

/** The records of one kind. */
export function recordsOf<K extends TimelineRecord['kind']>(
  ex: Executor,
  kind: K,
): Extract<TimelineRecord, { kind: K }>[] {
  return ex.timeline.filter((r): r is Extract<TimelineRecord, { kind: K }> => r.kind === kind);
}

/** Every event sent (not dropped), in order, as `PHASE:version`. */
export function sentEvents(ex: Executor, task?: string): string[] {
  return calls(ex, task).flatMap((r) => r.events.map((e) => `${e.phase}:${e.version}`));
}

/** The calls the plugin received, as `handle`, `abort`, `finalize`. */
export function callSequence(ex: Executor, task?: string): string[] {
  return calls(ex, task)
    .filter((r) => r.skipped === undefined)
    .map((r) => r.call);
}

/** The timeline as NDJSON lines, each round-tripped through JSON. */
export function ndjson(records: readonly TimelineRecord[]): string {
  return records.map(serializeRecord).join('\n');
}

/** A timeline with what legitimately differs between two identical runs removed: wall times and stacks. */
export function comparable(records: readonly TimelineRecord[]): unknown[] {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== 'wallMs' && k !== 'stack')
          .map(([k, x]) => [k, strip(x)]),
      );
    }
    return v;
  };
  return records.map((r) => strip(JSON.parse(serializeRecord(r))));
}

/** Runs `n` steps. */
export async function steps(ex: Executor, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await ex.step();
}

/** A promise that never settles. */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});
