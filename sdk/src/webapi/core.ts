/**
 * Go `internal/webapi` `core.go`: an {@link AsyncPlugin} as a core plugin, and `CreateRemotePlugin`.
 *
 * @module
 */
import type { TaskExecutionContext } from '../contract/exec-context';
import type { MetricsScope } from '../contract/metrics';
import { PhaseInfoUndefined } from '../contract/phase-info';
import type { Plugin, PluginEntry as CorePluginEntry, PluginProperties } from '../contract/plugin';
import { doTransition, type Transition } from '../contract/transition';
import { ErrorCode } from '../errors/codes';
import { wrapf } from '../errors/plugin-error';
import { allocateToken, releaseToken } from './allocation-token';
import { newResourceCache, type ResourceCache } from './cache';
import { validateConfig } from './config';
import { launch } from './launcher';
import { newMetrics, type Metrics } from './metrics';
import { monitor } from './monitor';
import type { AsyncPlugin, PluginEntry, Resource, ResourceMeta, SyncPlugin } from './plugin';
import { generatedNameOf } from './plugin-context';
import { Phase, PluginStateVersion, StateSchema, zeroState, type State } from './state';
import type { Step } from './step';

const hasQuotas = (p: { getConfig(): { resourceQuotas: object } }) =>
  Object.keys(p.getConfig().resourceQuotas).length > 0;

/** Go `CorePlugin`: an {@link AsyncPlugin} as a core plugin. */
export class CorePlugin<M extends ResourceMeta = ResourceMeta, R = Resource> implements Plugin {
  readonly #id: string;
  /** The wrapped plugin. */
  readonly asyncPlugin: AsyncPlugin<M, R>;
  /** The AutoRefresh cache of the resources (Go `ResourceCache`). */
  readonly cache: ResourceCache<R>;
  readonly #metrics: Metrics;

  constructor(id: string, p: AsyncPlugin<M, R>, scope: MetricsScope) {
    this.#id = id;
    this.asyncPlugin = p;
    const cfg = p.getConfig();
    this.cache = newResourceCache(id, this.#generic, cfg.caching, cfg.readRateLimiter);
    this.#metrics = newMetrics(scope);
  }

  get #generic(): AsyncPlugin<ResourceMeta, R> {
    return this.asyncPlugin as unknown as AsyncPlugin<ResourceMeta, R>;
  }

  /** Go `GetID`. */
  getID(): string {
    return this.#id;
  }

  /** Go `GetProperties`: none. */
  getProperties(): PluginProperties {
    return {};
  }

  /** Go `unmarshalState`. */
  #unmarshalState(tCtx: TaskExecutionContext): State {
    try {
      return tCtx.pluginStateReader().get(StateSchema).value ?? zeroState();
    } catch (e) {
      throw wrapf(ErrorCode.CorruptedPluginState, e, 'Failed to unmarshal custom state in Handle');
    }
  }

  /** Go `Handle`: allocate a token, launch, or monitor, by the state's phase; the state is put every round. */
  async handle(tCtx: TaskExecutionContext): Promise<Transition> {
    const incoming = this.#unmarshalState(tCtx);
    const p = this.#generic;
    // Go: the terminal phases have no case; the nil state is not put and the zero PhaseInfo is a round error. It
    // does not happen in practice: the node leaves Running once a terminal phase was reported.
    let step: Step = { state: undefined, phaseInfo: PhaseInfoUndefined };
    switch (incoming.phase) {
      case Phase.NotStarted:
        step = hasQuotas(p)
          ? await allocateToken(p as AsyncPlugin<never, never>, tCtx, incoming, this.#metrics)
          : await launch(p, tCtx, this.cache, incoming);
        break;
      case Phase.AllocationTokenAcquired:
        step = await launch(p, tCtx, this.cache, incoming);
        break;
      case Phase.ResourcesCreated:
        step = await monitor(p, tCtx, this.cache, incoming);
        break;
    }
    if (step.state !== undefined) tCtx.pluginStateWriter().put(PluginStateVersion, step.state);
    return doTransition(step.phaseInfo);
  }

  /** Go `Abort`: `delete` with the persisted resource meta and the reason `Aborted`. */
  async abort(tCtx: TaskExecutionContext): Promise<void> {
    const incoming = this.#unmarshalState(tCtx);
    const meta = incoming.resourceMeta === null ? undefined : (incoming.resourceMeta as M);
    await this.asyncPlugin.delete({ resourceMeta: () => meta, reason: () => 'Aborted' });
  }

  /** Go `Finalize`: evicts the cache entry and, with quotas, releases the token. */
  async finalize(tCtx: TaskExecutionContext): Promise<void> {
    this.cache.deleteDelayed(generatedNameOf(tCtx));
    // Always attempted when quotas are configured, even for a task that never got a token: releasing a token that
    // is not held is a no-op.
    if (!hasQuotas(this.asyncPlugin)) return;
    await releaseToken(this.asyncPlugin as unknown as AsyncPlugin<never, never>, tCtx, this.#metrics);
  }
}

/**
 * A {@link SyncPlugin} as a core plugin: every Handle calls `do` and reports its phase. Go's `CreateRemotePlugin`
 * takes only AsyncPlugins (Flyte's agent plugin calls its sync agents itself); plugbench wraps both.
 */
export class SyncCorePlugin implements Plugin {
  constructor(
    readonly id: string,
    /** The wrapped plugin. */
    readonly syncPlugin: SyncPlugin,
  ) {}
  /** Go `GetID`. */
  getID(): string {
    return this.id;
  }
  /** Go `GetProperties`: none. */
  getProperties(): PluginProperties {
    return {};
  }
  /** Calls `do` and reports its phase. */
  async handle(tCtx: TaskExecutionContext): Promise<Transition> {
    return doTransition(await this.syncPlugin.do(tCtx));
  }
  /** Nothing to abort: `do` finished within its round. */
  abort(): void {}
  /** Nothing to release. */
  finalize(): void {}
}

const isSync = (p: AsyncPlugin<never, never> | SyncPlugin): p is SyncPlugin =>
  typeof (p as SyncPlugin).do === 'function';

/**
 * Go `CreateRemotePlugin`: the core `PluginEntry` of a webapi {@link PluginEntry}. Its loader loads the plugin,
 * validates its config (`config validation failed`, naming every field out of range), registers its quotas, and
 * builds and starts the resource cache.
 */
export function createRemotePlugin<M extends ResourceMeta, R>(
  entry: PluginEntry<AsyncPlugin<M, R> | SyncPlugin>,
): CorePluginEntry {
  return {
    id: entry.id,
    registeredTaskTypes: [...entry.supportedTaskTypes],
    ...(entry.isDefault === undefined ? {} : { isDefault: entry.isDefault }),
    loadPlugin: async (iCtx) => {
      const p = await entry.pluginLoader({ metricsScope: () => iCtx.metricsScope() });
      const errors = validateConfig(p.getConfig());
      if (errors.length > 0) throw new Error(`config validation failed. Error: ${errors.join('; ')}`);
      for (const [ns, quota] of Object.entries(p.getConfig().resourceQuotas))
        await iCtx.resourceRegistrar().registerResourceQuota(ns, quota);
      if (isSync(p as AsyncPlugin<never, never> | SyncPlugin)) return new SyncCorePlugin(entry.id, p as SyncPlugin);
      return new CorePlugin<M, R>(entry.id, p as AsyncPlugin<M, R>, iCtx.metricsScope());
    },
  };
}
