/**
 * Plugin loading and resolution, as FlytePropeller's task handler does at start-up (`Setup`) and every round
 * (`ResolvePlugin`).
 *
 * @module
 */
import { PluginLoadError, PlugbenchError, UnsupportedTaskTypeError } from '../contract/errors';
import type { Plugin, PluginEntry, SetupContext } from '../contract/plugin';

/** Flyte's `minGeneratedNameLength`. */
const MIN_GENERATED_NAME_LENGTH = 8;

/** A loaded plugin and the entry it came from. */
export interface LoadedPlugin {
  entry: PluginEntry;
  plugin: Plugin;
  /** How a Handle call of this plugin is named in a round-timeout message; made once. */
  handleLabel: string;
}

/** Loaded plugins and the task types they handle. */
export class PluginRegistry {
  readonly #byType = new Map<string, LoadedPlugin>();
  readonly #global: LoadedPlugin | undefined;
  /** Everything loaded, in load order. */
  readonly loaded: readonly LoadedPlugin[];
  /** Warnings Flyte only logs (a second `isDefault` plugin). */
  readonly warnings: readonly string[];

  private constructor(
    loaded: LoadedPlugin[],
    byType: Map<string, LoadedPlugin>,
    global: LoadedPlugin | undefined,
    warnings: string[],
  ) {
    this.loaded = loaded;
    this.#byType = byType;
    this.#global = global;
    this.warnings = warnings;
  }

  /**
   * Loads every enabled plugin and builds the task-type table.
   * @throws {@link PluginLoadError} when a loader fails (naming the plugin, with the cause), and
   * {@link PlugbenchError} for configuration Flyte refuses at start-up.
   */
  static async load(
    entries: readonly PluginEntry[],
    config: { enabledPlugins?: string[]; defaultForTaskTypes?: Record<string, string> },
    setupContextFor: (entry: PluginEntry) => SetupContext,
  ): Promise<PluginRegistry> {
    const enabled = new Set(
      (config.enabledPlugins ?? []).map((id) => id.trim().toLowerCase()).filter((id) => id !== ''),
    );
    const defaults = new Map(
      Object.entries(config.defaultForTaskTypes ?? {}).map(([tt, id]) => [tt.toLowerCase(), id.toLowerCase()]),
    );
    if (enabled.size > 0) {
      for (const [tt, id] of defaults) {
        if (!enabled.has(id)) {
          throw new PlugbenchError(
            `default plugin [${id}] for task type [${tt}] is not in the enabled plugins [${[...enabled].join(', ')}]`,
          );
        }
      }
    }
    const chosen = entries.filter((e) => enabled.size === 0 || enabled.has(e.id.toLowerCase()));
    const loaded: LoadedPlugin[] = [];
    const candidates = new Map<string, Map<string, LoadedPlugin>>();
    const byType = new Map<string, LoadedPlugin>();
    const warnings: string[] = [];
    let global: LoadedPlugin | undefined;

    for (const entry of chosen) {
      let plugin: Plugin;
      try {
        plugin = await entry.loadPlugin(setupContextFor(entry));
      } catch (cause) {
        throw new PluginLoadError(
          `failed to load plugin [${entry.id}]: ${(cause as Error)?.message ?? String(cause)}`,
          entry.id,
          { cause },
        );
      }
      if (plugin === null || typeof plugin !== 'object' || typeof plugin.handle !== 'function') {
        throw new PluginLoadError(
          `plugin [${entry.id}]: the loader did not return a Plugin (an object with getID, getProperties, handle, abort, finalize)`,
          entry.id,
        );
      }
      const max = plugin.getProperties?.().generatedNameMaxLength;
      if (max !== undefined && max < MIN_GENERATED_NAME_LENGTH) {
        throw new PluginLoadError(
          `plugin [${entry.id}]: GeneratedNameMaxLength needs to be greater then ${MIN_GENERATED_NAME_LENGTH}`,
          entry.id,
        );
      }
      const lp = { entry, plugin, handleLabel: `Handle of plugin [${entry.id}]` };
      loaded.push(lp);
      for (const tt of entry.registeredTaskTypes) {
        if (defaults.get(tt.toLowerCase()) === entry.id.toLowerCase()) {
          const prior = byType.get(tt);
          if (prior && prior.plugin.getID() !== plugin.getID()) {
            throw new PlugbenchError(`TaskType [${tt}] has multiple default handlers specified`);
          }
          byType.set(tt, lp);
        }
        const forType = candidates.get(tt) ?? new Map<string, LoadedPlugin>();
        forType.set(plugin.getID(), lp);
        candidates.set(tt, forType);
      }
      if (entry.isDefault) {
        if (global === undefined) global = lp;
        else warnings.push(`plugin [${entry.id}] is marked default but [${global.entry.id}] already is; ignored`);
      }
    }
    for (const [tt, forType] of candidates) {
      if (byType.has(tt)) continue;
      if (forType.size === 1) byType.set(tt, [...forType.values()][0]!);
      else {
        throw new PlugbenchError(
          `Multiple plugins registered to handle task type: ${tt}. Use default-for-task-type config option to choose the desired plugin. [${[...forType.keys()].join(', ')}]`,
        );
      }
    }
    return new PluginRegistry(loaded, byType, global, warnings);
  }

  /**
   * Go `ResolvePlugin`: the plugin for a task type, else the global default.
   * @throws {@link UnsupportedTaskTypeError} when neither exists.
   */
  resolve(taskType: string): LoadedPlugin {
    const p = this.#byType.get(taskType) ?? this.#global;
    if (!p)
      throw new UnsupportedTaskTypeError(
        `no plugin defined for Handler type [${taskType}] and no defaultPlugin configured`,
        taskType,
      );
    return p;
  }
}
