/**
 * Flyte's echo plugin (`flyteplugins/go/tasks/plugins/testing/echo.go`, task type `echo`), ported to plugbench.
 *
 * It "runs" for a configured time, then copies its inputs to its outputs and succeeds. What it shows:
 * - state kept in memory by the plugin instance, keyed by the generated name (not plugin state: it deliberately
 *   does not survive a restart of the executor), and cleaned up in Finalize;
 * - `Running` v0 returned round after round: only the first one makes an event, the others are deduplicated;
 * - the output contract: the outputs are written to `outputs.pb` and handed over with `OutputWriter.put` in the
 *   same round as the Success.
 *
 * Under the executor (sleep 30 s, resync period 10 s): RUNNING:0, then deduplicated Running v0 rounds, then
 * SUCCEEDED:0 (with the output URI), then one Finalize.
 *
 * Exports — the convention of every example plugin in this folder:
 * - `createEchoEntry(config?)`: a factory returning the `PluginEntry`, configured with `config`;
 * - `echoEntry`: the `PluginEntry` with the default configuration.
 * Each load of an entry (one per executor) builds a new plugin instance, with its own in-memory state.
 *
 * @module
 */
import {
  create,
  doTransition,
  LiteralMapSchema,
  LiteralSchema,
  newRemoteFileOutputReader,
  now,
  phaseInfoRunning,
  phaseInfoSuccess,
  writeOutputs,
  type EnqueueOwner,
  type Literal,
  type Plugin,
  type PluginEntry,
  type PluginProperties,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';

/** Go `echoTaskType`: the plugin id and its task type. */
export const EchoTaskType = 'echo';

/** Go `testing.Config` (`plugins.echo` section). */
export interface EchoConfig {
  /**
   * Go `SleepDuration`: how long (virtual ms) a task runs before it copies its inputs to its outputs. 0 copies and
   * succeeds in the first round. Flyte's default is 0; this example defaults to 30 s so that the default entry shows
   * the deduplicated Running rounds of the reference trace.
   * @default 30000
   */
  sleepDurationMs?: number;
}

/** The default of {@link EchoConfig.sleepDurationMs}. */
export const DefaultEchoSleepDurationMs = 30_000;

/** Go `EchoPlugin`. */
export class EchoPlugin implements Plugin {
  readonly #sleepDurationMs: number;
  /** Go `taskStartTimes`: generated name → virtual start time (ms). */
  readonly #taskStartTimes = new Map<string, number>();

  /**
   * Go `newEchoPlugin`'s arguments. Go keeps `enqueueOwner` to enqueue the owner from a goroutine once the sleep is
   * over. A plugin here has no goroutine that outlives its call, so it is not kept: the task is evaluated again by
   * the executor's resync rounds, and succeeds at the first of them after the sleep (at most one resync period late).
   */
  constructor(_enqueueOwner: EnqueueOwner, sleepDurationMs: number) {
    this.#sleepDurationMs = sleepDurationMs;
  }

  getID(): string {
    return EchoTaskType;
  }

  getProperties(): PluginProperties {
    return {};
  }

  /** The generated names of the task executions this instance is tracking (Finalize forgets them). */
  trackedTasks(): string[] {
    return [...this.#taskStartTimes.keys()];
  }

  /** Go `addTask`: the start time of the task, recorded on first sight. */
  #addTask(tCtx: TaskExecutionContext): number {
    const id = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
    let start = this.#taskStartTimes.get(id);
    if (start === undefined) {
      start = now().getTime();
      this.#taskStartTimes.set(id, start);
    }
    return start;
  }

  async handle(tCtx: TaskExecutionContext): Promise<Transition> {
    if (this.#sleepDurationMs === 0) return copyInputsToOutputs(tCtx);
    const start = this.#addTask(tCtx);
    if (now().getTime() - start >= this.#sleepDurationMs) return copyInputsToOutputs(tCtx);
    return doTransition(phaseInfoRunning(0));
  }

  abort(): void {}

  finalize(tCtx: TaskExecutionContext): void {
    this.#taskStartTimes.delete(tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName());
  }
}

/**
 * Go `copyInputsToOutputs`: writes the inputs, renamed to the output variables, to `outputs.pb`, hands a remote file
 * reader of it to the output writer, and succeeds. Throws (a round error) when the interface does not fit.
 */
async function copyInputsToOutputs(tCtx: TaskExecutionContext): Promise<Transition> {
  const mappings = await compileInputToOutputVariableMappings(tCtx);
  if (mappings.size > 0) {
    const inputs = await tCtx.inputReader().get();
    const literals: Record<string, Literal> = {};
    // Go copies a missing input as a nil literal; an empty one is the closest.
    for (const [input, output] of mappings) literals[output] = inputs.literals[input] ?? create(LiteralSchema, {});
    const outputs = create(LiteralMapSchema, { literals });
    await writeOutputs(tCtx.dataStore(), tCtx.outputWriter(), outputs);
    await tCtx.outputWriter().put(newRemoteFileOutputReader(tCtx.dataStore(), tCtx.outputWriter(), 0));
  }
  return doTransition(phaseInfoSuccess());
}

/** Go `compileInputToOutputVariableMappings`: at most one input, and as many outputs as inputs. */
async function compileInputToOutputVariableMappings(tCtx: TaskExecutionContext): Promise<Map<string, string>> {
  let template;
  try {
    template = await tCtx.taskReader().read();
  } catch (e) {
    throw new Error(`failed to read TaskTemplate: [${e instanceof Error ? e.message : String(e)}]`, { cause: e });
  }
  const inputs = Object.keys(template.interface?.inputs?.variables ?? {});
  const outputs = Object.keys(template.interface?.outputs?.variables ?? {});
  if (inputs.length !== outputs.length) {
    throw new Error(`the number of input [${inputs.length}] and output [${outputs.length}] variables does not match`);
  }
  if (inputs.length > 1) throw new Error('this plugin does not currently support more than one input variable');
  const mappings = new Map<string, string>();
  const used = new Set<string>();
  for (const input of inputs) {
    const output = outputs.find((o) => !used.has(o));
    if (output === undefined) throw new Error(`no castable output variable found for input variable [${input}]`);
    used.add(output);
    mappings.set(input, output);
  }
  return mappings;
}

/** A `PluginEntry` for the echo plugin with `config`; every load builds a new {@link EchoPlugin}. */
export function createEchoEntry(config: EchoConfig = {}): PluginEntry {
  const sleepDurationMs = config.sleepDurationMs ?? DefaultEchoSleepDurationMs;
  if (!Number.isFinite(sleepDurationMs) || sleepDurationMs < 0) {
    throw new Error(`echo: sleepDurationMs must be a non-negative number of milliseconds, got ${sleepDurationMs}`);
  }
  return {
    id: EchoTaskType,
    registeredTaskTypes: [EchoTaskType],
    isDefault: false,
    loadPlugin: (iCtx) => new EchoPlugin(iCtx.enqueueOwner(), sleepDurationMs),
  };
}

/** The echo plugin's entry with the default configuration (sleep 30 s). */
export const echoEntry: PluginEntry = createEchoEntry();
