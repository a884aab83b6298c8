/**
 * Go `ioutils.InMemoryOutputReader` and `ioutils.RemoteFileOutputReader`: the {@link OutputReader}s a plugin hands to
 * `tCtx.outputWriter().put(...)` when it succeeds.
 *
 * @module
 */
import {
  clone,
  ContainerError_Kind,
  create,
  ErrorDocumentSchema,
  ExecutionError_ErrorKind,
  ExecutionErrorSchema,
  LiteralMapSchema,
  type LiteralMap,
} from '../idl/index';
import { NotFoundError, PlugbenchError } from '../contract/index';
import type { DataStore, OutputExecutionError, OutputReader } from '../contract/index';
import { OutputSizeExceededError } from './errors';
import type { OutputFilePaths } from './paths';
import { protobufSize, readProtobuf } from './protobuf-store';

/**
 * The maximum blob size a {@link RemoteFileOutputReader} made with `maxDatasetSizeBytes` 0 accepts: Flyte's storage
 * default `storage.limits.maxDownloadMBs` (2) in bytes, which `NewRemoteFileOutputReader` uses for 0.
 */
export const DefaultMaxPayloadSizeBytes = 2 * 1024 * 1024;

function cloneError(e: OutputExecutionError): OutputExecutionError {
  return { error: clone(ExecutionErrorSchema, e.error), isRecoverable: e.isRecoverable };
}

/**
 * Go `ioutils.InMemoryOutputReader`: outputs (or an error) the plugin already holds in memory. `isFile()` is false,
 * so on success the executor writes the outputs to `outputs.pb` itself.
 */
export class InMemoryOutputReader implements OutputReader {
  readonly #outputs: LiteralMap | undefined;
  readonly #error: OutputExecutionError | undefined;

  constructor(outputs?: LiteralMap, error?: OutputExecutionError) {
    // Copies, so that a plugin changing its map after put() does not change what the executor validates.
    this.#outputs = outputs === undefined ? undefined : clone(LiteralMapSchema, outputs);
    this.#error = error === undefined ? undefined : cloneError(error);
  }

  /** Go `IsError`: whether an error was given. */
  async isError(): Promise<boolean> {
    return this.#error !== undefined;
  }

  /** Go `ReadError`. Rejects with `NotFoundError` when no error was given (Go: `no execution error specified`). */
  async readError(): Promise<OutputExecutionError> {
    if (this.#error === undefined) throw new NotFoundError('no execution error specified');
    return cloneError(this.#error);
  }

  /** Go `IsFile`: false. */
  isFile(): boolean {
    return false;
  }

  /** Go `Exists`: whether outputs were given. Go does not check their size here; the executor does, with {@link size}. */
  async exists(): Promise<boolean> {
    return this.#outputs !== undefined;
  }

  /** Go `Read`. */
  async read(): Promise<{ outputs?: LiteralMap; error?: OutputExecutionError }> {
    return {
      ...(this.#outputs === undefined ? {} : { outputs: clone(LiteralMapSchema, this.#outputs) }),
      ...(this.#error === undefined ? {} : { error: cloneError(this.#error) }),
    };
  }

  /** The protobuf binary size of the outputs (what `outputs.pb` would weigh); 0 without outputs. */
  async size(): Promise<number> {
    return this.#outputs === undefined ? 0 : protobufSize(LiteralMapSchema, this.#outputs);
  }
}

/** Go `ioutils.NewInMemoryOutputReader(literals, deckPath, err)`, without the deck. */
export function newInMemoryOutputReader(outputs?: LiteralMap, error?: OutputExecutionError): InMemoryOutputReader {
  return new InMemoryOutputReader(outputs, error);
}

/** Options of {@link newRemoteFileOutputReader} beyond Go's. */
export interface RemoteFileOutputReaderOptions {
  /**
   * Reject `isError()` with an {@link OutputSizeExceededError} when `error.pb` is larger than the maximum. Off by
   * default, as in Flyte: its `IsError` wraps a nil error there (`errors.Wrapf(nil, ...)` is nil), so an oversized
   * error document reads as "no error".
   */
  rejectOversizedErrorFile?: boolean;
}

/**
 * Go `ioutils.RemoteFileOutputReader`: outputs the task already wrote to `outputs.pb` (or an `ErrorDocument` in
 * `error.pb`) in the data store. `isFile()` is true.
 */
export class RemoteFileOutputReader implements OutputReader {
  readonly #store: DataStore;
  readonly #outputPath: string;
  readonly #errorPath: string;
  /** The largest `outputs.pb` accepted, in bytes. */
  readonly maxPayloadSize: number;
  readonly #rejectOversizedErrorFile: boolean;

  constructor(
    store: DataStore,
    paths: OutputFilePaths,
    maxPayloadSize: number,
    options: RemoteFileOutputReaderOptions = {},
  ) {
    this.#store = store;
    // Paths are resolved now: the reader must keep pointing at this round's files after the writer is gone.
    this.#outputPath = paths.getOutputPath();
    this.#errorPath = paths.getErrorPath();
    this.maxPayloadSize = maxPayloadSize;
    this.#rejectOversizedErrorFile = options.rejectOversizedErrorFile ?? false;
  }

  /** Go `IsError`: whether `error.pb` exists (see {@link RemoteFileOutputReaderOptions} for an oversized one). */
  async isError(): Promise<boolean> {
    const md = await this.#store.head(this.#errorPath);
    if (!md.exists) return false;
    if (md.size > this.maxPayloadSize) {
      if (!this.#rejectOversizedErrorFile) return false;
      throw new OutputSizeExceededError(
        `error file @[${this.#errorPath}] is too large [${md.size}] bytes, max allowed [${this.maxPayloadSize}] bytes`,
        { path: this.#errorPath, size: md.size, maxSize: this.maxPayloadSize },
      );
    }
    return true;
  }

  /**
   * Go `ReadError`: the error document's error; recoverable when its kind is `RECOVERABLE`. A missing file gives a
   * recoverable SYSTEM `ErrorFileNotFound`, a document without an error a recoverable SYSTEM `ErrorFileBadFormat`.
   */
  async readError(): Promise<OutputExecutionError> {
    let doc;
    try {
      doc = await readProtobuf(this.#store, this.#errorPath, ErrorDocumentSchema);
    } catch (e) {
      if (e instanceof NotFoundError) {
        return {
          isRecoverable: true,
          error: create(ExecutionErrorSchema, {
            code: 'ErrorFileNotFound',
            message: e.message,
            kind: ExecutionError_ErrorKind.SYSTEM,
          }),
        };
      }
      throw new PlugbenchError(`failed to read error data from task @[${this.#errorPath}]: ${String(e)}`, { cause: e });
    }
    const ce = doc.error;
    if (ce === undefined) {
      return {
        isRecoverable: true,
        error: create(ExecutionErrorSchema, {
          code: 'ErrorFileBadFormat',
          message: `error not formatted correctly, nil error @path [${this.#errorPath}]`,
          kind: ExecutionError_ErrorKind.SYSTEM,
        }),
      };
    }
    return {
      isRecoverable: ce.kind === ContainerError_Kind.RECOVERABLE,
      error: create(ExecutionErrorSchema, {
        code: ce.code,
        message: ce.message,
        kind: ce.origin,
        worker: ce.worker,
        ...(ce.timestamp === undefined ? {} : { timestamp: ce.timestamp }),
      }),
    };
  }

  /** Go `IsFile`: true. */
  isFile(): boolean {
    return true;
  }

  /**
   * Go `Exists`: whether `outputs.pb` exists. Rejects with an {@link OutputSizeExceededError} when it is larger than
   * the maximum.
   */
  async exists(): Promise<boolean> {
    const md = await this.#store.head(this.#outputPath);
    if (!md.exists) return false;
    if (md.size > this.maxPayloadSize) {
      throw new OutputSizeExceededError(
        `output file @[${this.#outputPath}] is too large [${md.size}] bytes, max allowed [${this.maxPayloadSize}] bytes`,
        { path: this.#outputPath, size: md.size, maxSize: this.maxPayloadSize },
      );
    }
    return true;
  }

  /**
   * Go `Read`: the outputs in `outputs.pb`. A map without literals reads as a recoverable `No outputs produced` error,
   * as in Go, where such a map decodes to nil. Rejects when the blob is missing or does not decode.
   */
  async read(): Promise<{ outputs?: LiteralMap; error?: OutputExecutionError }> {
    let outputs: LiteralMap;
    try {
      outputs = await readProtobuf(this.#store, this.#outputPath, LiteralMapSchema);
    } catch (e) {
      throw new PlugbenchError(`failed to read data from dataDir [${this.#outputPath}]. Error: ${String(e)}`, {
        cause: e,
      });
    }
    if (Object.keys(outputs.literals).length === 0) {
      return {
        error: {
          isRecoverable: true,
          error: create(ExecutionErrorSchema, {
            code: 'No outputs produced',
            message: `outputs not found at [${this.#outputPath}]`,
          }),
        },
      };
    }
    return { outputs };
  }

  /** The size of `outputs.pb` in bytes (Go: its `Head`); 0 when absent. */
  async size(): Promise<number> {
    return (await this.#store.head(this.#outputPath)).size;
  }
}

/**
 * Go `ioutils.NewRemoteFileOutputReader(ctx, store, outPaths, maxDatasetSize)`. A `maxDatasetSizeBytes` of 0 means
 * {@link DefaultMaxPayloadSizeBytes}, as in Go. Pass `tCtx.outputWriter()` as `paths`.
 */
export function newRemoteFileOutputReader(
  store: DataStore,
  paths: OutputFilePaths,
  maxDatasetSizeBytes: number,
  options?: RemoteFileOutputReaderOptions,
): RemoteFileOutputReader {
  const max = maxDatasetSizeBytes === 0 ? DefaultMaxPayloadSizeBytes : maxDatasetSizeBytes;
  return new RemoteFileOutputReader(store, paths, max, options);
}
