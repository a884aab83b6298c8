/**
 * Builds the TaskExecutionContext of each call: fresh every time, as FlytePropeller's `newTaskExecutionContext`;
 * only what earlier rounds persisted carries over.
 *
 * @module
 */
import { InjectedFaultError } from '../contract/errors';
import type {
  EventsRecorder,
  SecretManager,
  TaskExecutionContext,
  TaskExecutionMetadata,
} from '../contract/exec-context';
import type { InputReader, OutputReader, OutputWriter } from '../contract/io';
import type { ResourceManager } from '../contract/resource';
import type { ExecutorConfig } from './options';
import { ResourceManagerProxy, type QuotaBackend, type ResourceCallRecord } from './resource/index';
import type { RoundScratch } from './round-env';
import {
  BufferedOutputWriter,
  type FileEnvSecretManager,
  InMemoryCatalog,
  InMemoryDataStore,
  InMemoryInputReader,
  type InMemoryKubeStore,
  ResolvedSpecCache,
  buildTaskOutputPaths,
  metadataOf,
  resolveTaskExecutionSpec,
  nodeDataDir,
  writeTaskInputs,
  type TaskOutputPaths,
} from './services/index';
import { shared } from './record-share';
import { RoundStateReader, RoundStateWriter } from './state-access';
import type { TaskExecution } from './task-execution';
import { PluginValueError, notePluginMisuse, phaseInfoProblem } from './validate-plugin-values';
import type { ResourceCall } from '../timeline/types';

/** What the factory needs from the executor. */
export interface ContextDeps {
  config: ExecutorConfig;
  quota: QuotaBackend;
  secrets: FileEnvSecretManager;
  kube: InMemoryKubeStore;
  enqueue: (task: TaskExecution) => void;
  /** Whether round records are kept or streamed; when not, resource calls skip what only the timeline shows. */
  recording: boolean;
}

/** Makes task execution contexts. */
export class RoundContextFactory {
  readonly #deps: ContextDeps;
  /** The data store of the executor: inputs, outputs, anything plugins write. */
  readonly dataStore = new InMemoryDataStore();
  /** The data catalog of the executor. */
  readonly catalog = new InMemoryCatalog();
  readonly #inputsWritten = new Map<TaskExecution, Promise<unknown>>();
  readonly #pathsCache = new Map<TaskExecution, { attempt: number; paths: TaskOutputPaths }>();
  readonly #specs = new ResolvedSpecCache<TaskExecution>();
  /** Qualified resource namespaces, per plugin id. */
  readonly #namespaces = new Map<string, Map<string, string>>();
  // The parts of a context that are the same for every round of every task: made once, not once per round.
  readonly #maxDatasetSizeBytes: () => number;
  readonly #catalog: () => InMemoryCatalog;

  constructor(deps: ContextDeps) {
    this.#deps = deps;
    const catalog = this.catalog;
    this.#maxDatasetSizeBytes = () => deps.config.maxOutputSizeBytes;
    this.#catalog = () => catalog;
  }

  /** Stores a task execution's inputs in the data store, the first time a round may read them. */
  #ensureInputs(task: TaskExecution): Promise<unknown> {
    let p = this.#inputsWritten.get(task);
    if (p === undefined) {
      p = writeTaskInputs(this.dataStore, this.#location(task), task.inputs);
      p.catch(() => {});
      this.#inputsWritten.set(task, p);
    }
    return p;
  }

  /** Drops what was kept for a finished task execution. */
  forget(task: TaskExecution): void {
    this.#inputsWritten.delete(task);
    this.#pathsCache.delete(task);
    this.#specs.delete(task);
  }

  #location(task: TaskExecution) {
    return {
      project: task.execution.project,
      domain: task.execution.domain,
      executionName: task.execution.name,
      nodeId: task.nodeId,
    };
  }

  /** A fresh context for one call of `task`; what the plugin does through it is collected in `scratch`. */
  create(task: TaskExecution, scratch: RoundScratch): TaskExecutionContext {
    const d = this.#deps;
    const ts = task.ts;
    // Parts are made on first use: most rounds touch a few of them.
    let reader: RoundStateReader | undefined;
    let writer: RoundStateWriter | undefined;
    let resourceManager: ResourceManager | undefined;
    let secretManager: SecretManager | undefined;
    let inputs: InputReader | undefined;
    let outputs: OutputWriter | undefined;
    let events: EventsRecorder | undefined;
    let metadata: TaskExecutionMetadata | undefined;
    const template = task.template;
    const dataStore = this.dataStore;
    return {
      resourceManager: () => (resourceManager ??= this.#resourceManager(task, scratch)),
      secretManager: () => (secretManager ??= this.#secretManager(scratch)),
      taskRefreshIndicator: () => () => {
        if (!scratch.closed) d.enqueue(task);
      },
      maxDatasetSizeBytes: this.#maxDatasetSizeBytes,
      dataStore: () => {
        void this.#ensureInputs(task);
        return dataStore;
      },
      pluginStateReader: () => (reader ??= new RoundStateReader(ts.pluginState, ts.pluginStateVersion, scratch)),
      taskReader: () => ({ read: async () => template }),
      inputReader: () => (inputs ??= this.#inputReader(task)),
      taskExecutionMetadata: () => (metadata ??= this.#metadata(task)),
      outputWriter: () => (outputs ??= this.#outputWriter(task, scratch)),
      pluginStateWriter: () => (writer ??= new RoundStateWriter(scratch)),
      catalog: this.#catalog,
      eventsRecorder: () =>
        (events ??= {
          recordRaw: async (info) => {
            if (scratch.closed) return;
            // An invalid event fails the round (validate-plugin-values.ts); rejecting would crash a plugin that does not await.
            const problem = phaseInfoProblem(info, 'recordRaw(info)');
            if (problem === undefined) scratch.rawEvents.push(info);
            else notePluginMisuse(scratch, new PluginValueError(`invalid value from the plugin: ${problem}`));
          },
        }),
    };
  }

  #resourceManager(task: TaskExecution, scratch: RoundScratch): ResourceManager {
    const faults = scratch.faults;
    const pluginID = task.loaded.plugin.getID();
    let namespaces = this.#namespaces.get(pluginID);
    if (namespaces === undefined) this.#namespaces.set(pluginID, (namespaces = new Map()));
    return new ResourceManagerProxy({
      backend: this.#deps.quota,
      pluginID,
      namespaces,
      lean: !this.#deps.recording,
      execution: { project: task.execution.project, domain: task.execution.domain, name: task.execution.name },
      // A round whose record nobody reads collects no call records: the proxy then makes none.
      onCall: scratch.recordUnread
        ? undefined
        : (call) => {
            if (scratch.closed) return;
            if (this.#deps.recording) scratch.resources.push(toTimeline(call, task));
            // A lean record already has the timeline's shape when it has no prefix constraints and no intercept mark.
            else
              scratch.resources.push(
                call.prefixConstraints === undefined && call.intercepted === undefined ? call : toTimeline(call),
              );
          },
      settled: () => scratch.closed,
      onLateCall: (error) => notePluginMisuse(task, error),
      // The faults of a round are known when it starts: a round without any has no hook to ask.
      intercept:
        faults.length === 0
          ? undefined
          : (call) => {
              for (const f of faults) {
                if (f.kind === 'resource-error' && (f.op === undefined || f.op === call.op)) {
                  scratch.fired.push('resource-error');
                  return new InjectedFaultError(
                    f.message ?? `injected: the resource manager failed to ${call.op}`,
                    'resource-error',
                  );
                }
                if (f.kind === 'resource-status' && call.op === 'allocate') {
                  scratch.fired.push('resource-status');
                  return f.status;
                }
              }
              return undefined;
            },
    });
  }

  #secretManager(scratch: RoundScratch): SecretManager {
    const secrets = this.#deps.secrets;
    return {
      get: async (key) => {
        const missing = scratch.faults.find(
          (f) => f.kind === 'secret-missing' && (f.key === undefined || f.key === key),
        );
        if (missing) {
          scratch.fired.push('secret-missing');
          throw new InjectedFaultError(`injected: secret [${key}] is missing`, 'secret-missing');
        }
        return secrets.get(key);
      },
    };
  }

  #metadata(task: TaskExecution): TaskExecutionMetadata {
    // The costly part is resolved once per attempt, in a bounded cache: waiting executions must stay small
    // (bench/README.md); the object handed to the plugin is fresh every round.
    return metadataOf(this.#specs.get(task, task.attempt, () => this.#resolveSpec(task)));
  }

  #resolveSpec(task: TaskExecution) {
    const s = task.spec;
    return resolveTaskExecutionSpec({
      project: task.execution.project,
      domain: task.execution.domain,
      executionName: task.execution.name,
      nodeId: task.nodeId,
      ...(task.template.id !== undefined && task.template.id.name !== ''
        ? { taskId: task.template.id }
        : { taskName: `${task.taskType}-task` }),
      retryAttempt: task.attempt,
      generatedName: task.generatedName,
      interruptible: task.interruptible,
      ...(s.labels !== undefined ? { labels: s.labels } : {}),
      ...(s.annotations !== undefined ? { annotations: s.annotations } : {}),
      ...(s.serviceAccount !== undefined ? { serviceAccount: s.serviceAccount } : {}),
      ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
      ...(s.environmentVariables !== undefined ? { environmentVariables: s.environmentVariables } : {}),
      ...(s.overrides !== undefined ? { overrides: s.overrides } : {}),
    });
  }

  #inputReader(task: TaskExecution): InputReader {
    const inner = new InMemoryInputReader(this.dataStore, nodeDataDir(this.dataStore, this.#location(task)));
    const written = this.#ensureInputs(task);
    return {
      getInputPrefixPath: () => inner.getInputPrefixPath(),
      getInputPath: () => inner.getInputPath(),
      get: async () => {
        await written;
        return inner.get();
      },
    };
  }

  /** The outputs path of the task's current attempt. */
  outputPath(task: TaskExecution): string {
    return this.#outputPaths(task).outputPath;
  }

  #outputPaths(task: TaskExecution): TaskOutputPaths {
    const cached = this.#pathsCache.get(task);
    if (cached !== undefined && cached.attempt === task.attempt) return cached.paths;
    const gen = task.loaded.plugin.getProperties().generatedNameMaxLength;
    const paths = buildTaskOutputPaths(this.dataStore, {
      ...this.#location(task),
      retryAttempt: task.attempt,
      ...(gen !== undefined ? { generatedNameMaxLength: gen } : {}),
      ...(task.spec.outputPrefix !== undefined ? { outputPrefix: task.spec.outputPrefix } : {}),
    });
    this.#pathsCache.set(task, { attempt: task.attempt, paths });
    return paths;
  }

  #outputWriter(task: TaskExecution, scratch: RoundScratch): OutputWriter {
    const inner = new BufferedOutputWriter(this.#outputPaths(task));
    scratch.outputUri = inner.getOutputPath();
    scratch.outputPaths = inner;
    return {
      getOutputPrefixPath: () => inner.getOutputPrefixPath(),
      getRawOutputPrefix: () => inner.getRawOutputPrefix(),
      getOutputPath: () => inner.getOutputPath(),
      getErrorPath: () => inner.getErrorPath(),
      getCheckpointPrefix: () => inner.getCheckpointPrefix(),
      getPreviousCheckpointsPrefix: () => inner.getPreviousCheckpointsPrefix(),
      put: async (reader: OutputReader) => {
        if (!scratch.closed) scratch.outputReader = reader;
        await inner.put(reader);
      },
    };
  }
}

/** A resource call as the timeline keeps it: its strings repeat from round to round (the task's token, the rule). */
function toTimeline(call: ResourceCallRecord, task?: TaskExecution): ResourceCall {
  const out: ResourceCall = {
    op: call.op,
    namespace: call.namespace,
    token: call.token,
    namespaceFQ: call.namespaceFQ,
    tokenFQ: task === undefined ? call.tokenFQ : shared.text(task, 'tokenFQ', call.tokenFQ),
  };
  if (call.constraints !== undefined) out.constraints = call.constraints;
  if (call.status !== undefined) out.status = call.status;
  if (call.reason !== undefined)
    out.reason = task === undefined ? call.reason : shared.text(task, 'reason', call.reason);
  if (call.intercepted) out.intercepted = true;
  if (call.error !== undefined) out.error = call.error;
  if (call.poolAfter !== undefined) out.poolAfter = call.poolAfter;
  return out;
}
