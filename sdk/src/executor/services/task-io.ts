/**
 * A task execution's inputs and output locations in the data store, laid out loosely as FlytePropeller lays them:
 *
 * ```
 * mem://<bucket>/metadata/propeller/<project>-<domain>-<execution>/<node>/data/inputs.pb   inputs
 * mem://<bucket>/metadata/propeller/<project>-<domain>-<execution>/<node>/data/<attempt>/  outputs.pb, error.pb
 * mem://<bucket>/raw/<generated name>/                                                     raw outputs
 * mem://<bucket>/raw/<generated name>/_flytecheckpoints                                    checkpoints
 * ```
 *
 * Flyte shards the raw output prefix (`s3://bucket/<prefix>/<2 chars>/<generated name>`); plugbench does not.
 *
 * @module
 */
import { clone, LiteralMapSchema, type LiteralMap } from '../../idl/index';
import { generatedName, IDMaxLength } from '../../contract/index';
import type { DataReference, DataStore, InputReader, OutputReader, OutputWriter } from '../../contract/index';
import { constructCheckpointPath, ErrorsSuffix, InputsSuffix, OutputsSuffix } from '../../io/paths';
import { readProtobuf, writeProtobuf } from '../../io/protobuf-store';
import { MemScheme } from './data-store';

/** The bucket of the references the executor makes. */
export const DefaultBucket = 'plugbench';

/** Where a node's data lives. */
export interface NodeDataLocation {
  project: string;
  domain: string;
  executionName: string;
  nodeId: string;
  /** @default 'plugbench' */
  bucket?: string;
}

/** Where one attempt of a task execution writes. */
export interface AttemptDataLocation extends NodeDataLocation {
  /** The attempt, from 0. */
  retryAttempt: number;
  /** The plugin's `generatedNameMaxLength`. @default 50 */
  generatedNameMaxLength?: number;
  /** Where outputs go, when the caller was given it (a connector's `output_prefix`). @default `<node data dir>/<attempt>` */
  outputPrefix?: DataReference;
}

/** Go `io.OutputFilePaths` plus the raw and checkpoint prefixes: everything an attempt's {@link OutputWriter} names. */
export interface TaskOutputPaths {
  outputPrefix: DataReference;
  outputPath: DataReference;
  errorPath: DataReference;
  rawOutputPrefix: DataReference;
  checkpointPrefix: DataReference;
  /** The checkpoint prefix of the previous attempt; `''` for the first attempt. */
  previousCheckpointsPrefix: DataReference;
}

type RefMaker = Pick<DataStore, 'constructReference'>;

/** The node's data directory, `mem://<bucket>/metadata/propeller/<project>-<domain>-<execution>/<node>/data`. */
export function nodeDataDir(store: RefMaker, loc: NodeDataLocation): DataReference {
  const root = `${MemScheme}://${loc.bucket ?? DefaultBucket}`;
  return store.constructReference(
    root,
    'metadata',
    'propeller',
    `${loc.project}-${loc.domain}-${loc.executionName}`,
    loc.nodeId,
    'data',
  );
}

/** The raw output prefix of an attempt: `mem://<bucket>/raw/<generated name>`. */
export function rawOutputPrefix(store: RefMaker, loc: AttemptDataLocation): DataReference {
  const name = generatedName(
    loc.executionName,
    loc.nodeId,
    loc.retryAttempt,
    loc.generatedNameMaxLength ?? IDMaxLength,
  );
  return store.constructReference(`${MemScheme}://${loc.bucket ?? DefaultBucket}`, 'raw', name);
}

/**
 * The paths of one attempt: outputs under `<node data dir>/<attempt>` (or the given `outputPrefix`), raw outputs and checkpoints under its
 * generated name, and the previous attempt's checkpoints (FlytePropeller passes the previous attempt's checkpoint
 * path to the next; plugbench derives it).
 */
export function buildTaskOutputPaths(store: RefMaker, loc: AttemptDataLocation): TaskOutputPaths {
  const outputPrefix = loc.outputPrefix ?? store.constructReference(nodeDataDir(store, loc), String(loc.retryAttempt));
  const raw = rawOutputPrefix(store, loc);
  const previous = loc.retryAttempt > 0 ? rawOutputPrefix(store, { ...loc, retryAttempt: loc.retryAttempt - 1 }) : '';
  return {
    outputPrefix,
    outputPath: store.constructReference(outputPrefix, OutputsSuffix),
    errorPath: store.constructReference(outputPrefix, ErrorsSuffix),
    rawOutputPrefix: raw,
    checkpointPrefix: constructCheckpointPath(store, raw),
    previousCheckpointsPrefix: constructCheckpointPath(store, previous),
  };
}

/** Writes `inputs` to the node's `inputs.pb` and returns the input prefix (the node data dir). */
export async function writeTaskInputs(
  store: DataStore,
  loc: NodeDataLocation,
  inputs: LiteralMap,
): Promise<DataReference> {
  const prefix = nodeDataDir(store, loc);
  await writeProtobuf(store, store.constructReference(prefix, InputsSuffix), LiteralMapSchema, inputs);
  return prefix;
}

/**
 * Go `ioutils.CachedInputReader` over a `RemoteFileInputReader`: the inputs in `<prefix>/inputs.pb`, downloaded once
 * per reader (the executor makes a reader per round). `get()` hands out copies.
 */
export class InMemoryInputReader implements InputReader {
  readonly #store: DataStore;
  readonly #prefix: DataReference;
  #cached: Promise<LiteralMap> | undefined;

  constructor(store: DataStore, inputPrefix: DataReference) {
    this.#store = store;
    this.#prefix = inputPrefix;
  }

  /** Go `GetInputPrefixPath`. */
  getInputPrefixPath(): DataReference {
    return this.#prefix;
  }

  /** Go `GetInputPath`: `<prefix>/inputs.pb`. */
  getInputPath(): DataReference {
    return this.#store.constructReference(this.#prefix, InputsSuffix);
  }

  /** Go `Get`. Rejects with `NotFoundError` when `inputs.pb` is absent. */
  async get(): Promise<LiteralMap> {
    if (this.#cached === undefined) {
      const pending = readProtobuf(this.#store, this.getInputPath(), LiteralMapSchema);
      this.#cached = pending;
      // A failed download is not cached: Go's cached reader retries it.
      pending.catch(() => {
        if (this.#cached === pending) this.#cached = undefined;
      });
    }
    return clone(LiteralMapSchema, await this.#cached);
  }
}

/**
 * Go `ioutils.BufferedOutputWriter`: the paths of one attempt, and the reader the plugin `put`s. The executor makes
 * a fresh writer every round, so only a reader put in the round at hand is seen by `getReader()`.
 */
export class BufferedOutputWriter implements OutputWriter {
  readonly #paths: TaskOutputPaths;
  #reader: OutputReader | undefined;

  constructor(paths: TaskOutputPaths) {
    this.#paths = { ...paths };
  }

  /** Go `GetOutputPrefixPath`. */
  readonly getOutputPrefixPath = (): DataReference => this.#paths.outputPrefix;
  /** Go `GetRawOutputPrefix`. */
  readonly getRawOutputPrefix = (): DataReference => this.#paths.rawOutputPrefix;
  /** Go `GetOutputPath`. */
  readonly getOutputPath = (): DataReference => this.#paths.outputPath;
  /** Go `GetErrorPath`. */
  readonly getErrorPath = (): DataReference => this.#paths.errorPath;
  /** Go `GetCheckpointPrefix`. */
  readonly getCheckpointPrefix = (): DataReference => this.#paths.checkpointPrefix;
  /** Go `GetPreviousCheckpointsPrefix`. */
  readonly getPreviousCheckpointsPrefix = (): DataReference => this.#paths.previousCheckpointsPrefix;

  /** Go `Put`: remembers `reader` (the last one put wins). */
  async put(reader: OutputReader): Promise<void> {
    this.#reader = reader;
  }

  /** Go `GetReader`: the reader put in this round, if any. */
  getReader(): OutputReader | undefined {
    return this.#reader;
  }

  /** The paths, for the timeline. */
  paths(): TaskOutputPaths {
    return { ...this.#paths };
  }
}
