/**
 * The counterpart of Go's `pluginmachinery/core/mocks`: a task execution context and everything it hands out, built
 * from plain options, recording every call, for unit tests of plugin helpers without an executor.
 *
 * @module
 */
import { create, fromJson, isMessage } from '@bufbuild/protobuf';
import type { CatalogAsyncClient } from '../contract/catalog';
import { SecretNotFoundError } from '../contract/errors';
import type {
  EventsRecorder,
  SecretManager,
  TaskExecutionContext,
  TaskExecutionMetadata,
  TaskReader,
} from '../contract/exec-context';
import type { InputReader, OutputReader, OutputWriter } from '../contract/io';
import type { PhaseInfo } from '../contract/phase-info';
import { AllocationStatus, type ResourceManager } from '../contract/resource';
import type { PluginStateReader, PluginStateWriter, StateSchema } from '../contract/state';
import type { DataStore } from '../contract/storage';
import { InMemoryCatalog, InMemoryDataStore } from '../executor/index';
import {
  LiteralMapSchema,
  TaskExecutionIdentifierSchema,
  TaskTemplateSchema,
  type LiteralMap,
  type TaskTemplate,
} from '../idl/index';
import { MockDataOptionsSchema, type MockOptions } from './options';
import { recorded, type MockCall } from './recorder';

/** What a mock context saw the plugin do, besides the calls. */
export interface MockEffects {
  /** Every `pluginStateWriter.put`, in order. */
  statePuts: Array<{ version: number; value: unknown }>;
  /** How many `pluginStateWriter.reset` calls. */
  stateResets: number;
  /** Every reader given to `outputWriter.put`. */
  outputs: OutputReader[];
  /** Every `eventsRecorder.recordRaw`. */
  events: PhaseInfo[];
  /** How many times `taskRefreshIndicator()` was signalled. */
  refreshes: number;
  /** The tokens held, by namespace. */
  tokens: Map<string, Set<string>>;
}

/** A mock {@link TaskExecutionContext}: the context, the calls it recorded and their effects. */
export interface MockTaskExecutionContext extends TaskExecutionContext {
  /** Every call on the context and its services, in order. */
  readonly calls: MockCall[];
  /** The effects of those calls. */
  readonly effects: MockEffects;
  /** The data store behind `dataStore()` and the input reader. */
  readonly store: InMemoryDataStore;
  /** The names of the methods called, in order (`calls.map((c) => c.method)`). */
  methods(): string[];
}

function templateOf(t: MockOptions['template']): TaskTemplate {
  if (t === undefined) return create(TaskTemplateSchema, { type: 'mock' });
  return isMessage(t, TaskTemplateSchema) ? t : fromJson(TaskTemplateSchema, t);
}

function inputsOf(i: MockOptions['inputs']): LiteralMap {
  if (i === undefined) return create(LiteralMapSchema);
  return isMessage(i, LiteralMapSchema) ? i : fromJson(LiteralMapSchema, i);
}

function resourceManager(quotas: Record<string, number>, tokens: Map<string, Set<string>>): ResourceManager {
  return {
    getID: () => 'mock',
    allocateResource: async (namespace, token) => {
      const held = tokens.get(namespace) ?? new Set<string>();
      tokens.set(namespace, held);
      const quota = quotas[namespace];
      if (held.has(token) || quota === undefined || held.size < quota) {
        held.add(token);
        return AllocationStatus.Granted;
      }
      return AllocationStatus.Exhausted;
    },
    releaseResource: async (namespace, token) => {
      tokens.get(namespace)?.delete(token);
    },
  };
}

function stateReader(state: { version: number; value: unknown } | undefined): PluginStateReader {
  return {
    getStateVersion: () => state?.version ?? 0,
    get: <T>(schema?: StateSchema<T>) => {
      if (state === undefined) return { stateVersion: 0, value: undefined };
      if (schema === undefined) return { stateVersion: state.version, value: structuredClone(state.value) as T };
      const r = schema.safeParse(structuredClone(state.value));
      if (!r.success) throw new Error(`stored state does not decode: ${r.error.message}`);
      return { stateVersion: state.version, value: r.data };
    },
  };
}

function outputWriter(prefix: string, effects: MockEffects): OutputWriter {
  return {
    getOutputPrefixPath: () => prefix,
    getRawOutputPrefix: () => `${prefix}/raw`,
    getOutputPath: () => `${prefix}/outputs.pb`,
    getErrorPath: () => `${prefix}/error.pb`,
    getCheckpointPrefix: () => `${prefix}/_flytecheckpoints`,
    getPreviousCheckpointsPrefix: () => '',
    put: async (reader) => {
      effects.outputs.push(reader);
    },
  };
}

function metadataOf(o: ReturnType<typeof MockDataOptionsSchema.parse>['metadata']): TaskExecutionMetadata {
  const id = create(TaskExecutionIdentifierSchema, {
    retryAttempt: o.retryAttempt,
    taskId: { project: 'flytesnacks', domain: 'development', name: 'mock-task', version: 'v1' },
    nodeExecutionId: {
      nodeId: 'n0',
      executionId: { project: 'flytesnacks', domain: 'development', name: 'f8a7b6c5d4' },
    },
  });
  return {
    getOwnerID: () => ({ namespace: o.namespace, name: 'f8a7b6c5d4' }),
    getTaskExecutionID: () => ({ getGeneratedName: () => o.generatedName, getID: () => id }),
    getNamespace: () => o.namespace,
    getOwnerReference: () => ({
      apiVersion: 'flyte.lyft.com/v1alpha1',
      kind: 'flyteworkflow',
      name: 'f8a7b6c5d4',
      uid: '',
    }),
    getOverrides: () => ({ getResources: () => undefined, getConfig: () => undefined }),
    getLabels: () => ({ ...o.labels }),
    getAnnotations: () => ({ ...o.annotations }),
    getK8sServiceAccount: () => o.serviceAccount,
    isInterruptible: () => o.interruptible,
    getEnvironmentVariables: () => ({ ...o.environmentVariables }),
  };
}

/**
 * A mock task execution context built from `options` (template, inputs, state, secrets, quotas, metadata). Every
 * call on it or on a service it hands out is recorded in `calls`; state puts, outputs, events, refreshes and held
 * tokens in `effects`. The same service object is handed out on every call, as Go mocks return one mock.
 * @throws a zod error naming the option for options of the wrong shape.
 */
export function newMockTaskExecutionContext(options: MockOptions = {}): MockTaskExecutionContext {
  const o = MockDataOptionsSchema.parse(options);
  const calls: MockCall[] = [];
  const effects: MockEffects = {
    statePuts: [],
    stateResets: 0,
    outputs: [],
    events: [],
    refreshes: 0,
    tokens: new Map(),
  };
  const store = new InMemoryDataStore();
  const template = templateOf(options.template);
  const inputs = inputsOf(options.inputs);
  const inputPrefix = `${o.dataPrefix}/inputs`;
  const services = {
    resourceManager: recorded(calls, 'resourceManager', resourceManager(o.quotas, effects.tokens)),
    secretManager: recorded<SecretManager>(calls, 'secretManager', {
      get: async (key) => {
        const v = o.secrets[key];
        if (v === undefined) throw new SecretNotFoundError(`secret [${key}] not found in the mock's secrets`);
        return v;
      },
    }),
    dataStore: recorded<DataStore>(calls, 'dataStore', store),
    pluginStateReader: recorded(calls, 'pluginStateReader', stateReader(o.state)),
    pluginStateWriter: recorded<PluginStateWriter>(calls, 'pluginStateWriter', {
      put: (version, value) => void effects.statePuts.push({ version, value: structuredClone(value) }),
      reset: () => void effects.stateResets++,
    }),
    taskReader: recorded<TaskReader>(calls, 'taskReader', { read: async () => template }),
    inputReader: recorded<InputReader>(calls, 'inputReader', {
      getInputPrefixPath: () => inputPrefix,
      getInputPath: () => `${inputPrefix}/inputs.pb`,
      get: async () => inputs,
    }),
    taskExecutionMetadata: recorded(calls, 'taskExecutionMetadata', metadataOf(o.metadata)),
    outputWriter: recorded(calls, 'outputWriter', outputWriter(`${o.dataPrefix}`, effects)),
    catalog: recorded<CatalogAsyncClient>(calls, 'catalog', new InMemoryCatalog()),
    eventsRecorder: recorded<EventsRecorder>(calls, 'eventsRecorder', {
      recordRaw: async (info) => void effects.events.push(info),
    }),
  };
  const ctx: TaskExecutionContext = {
    resourceManager: () => services.resourceManager,
    secretManager: () => services.secretManager,
    taskRefreshIndicator: () => () => void effects.refreshes++,
    maxDatasetSizeBytes: () => o.maxDatasetSizeBytes,
    dataStore: () => services.dataStore,
    pluginStateReader: () => services.pluginStateReader,
    taskReader: () => services.taskReader,
    inputReader: () => services.inputReader,
    taskExecutionMetadata: () => services.taskExecutionMetadata,
    outputWriter: () => services.outputWriter,
    pluginStateWriter: () => services.pluginStateWriter,
    catalog: () => services.catalog,
    eventsRecorder: () => services.eventsRecorder,
  };
  return { ...recorded(calls, 'tCtx', ctx), calls, effects, store, methods: () => calls.map((c) => c.method) };
}
