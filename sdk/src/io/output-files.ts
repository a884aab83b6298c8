/**
 * Writing a task's outputs or error document to the data store, as a task (or a plugin such as Flyte's echo) does.
 *
 * @module
 */
import { ContainerError_Kind, ErrorDocumentSchema, LiteralMapSchema, create, type LiteralMap } from '../idl/index';
import { PlugbenchError } from '../contract/index';
import type { DataStore, OutputExecutionError, OutputReader } from '../contract/index';
import type { OutputFilePaths } from './paths';
import { writeProtobuf } from './protobuf-store';

/** Writes `outputs` to `outputs.pb` (Go: `DataStore.WriteProtobuf(ctx, OutputWriter().GetOutputPath(), ...)`). */
export async function writeOutputs(store: DataStore, paths: OutputFilePaths, outputs: LiteralMap): Promise<void> {
  await writeProtobuf(store, paths.getOutputPath(), LiteralMapSchema, outputs);
}

/**
 * Writes `error` to `error.pb` as an `ErrorDocument` whose kind is `RECOVERABLE` when `isRecoverable`. The origin is
 * the error's kind, so that reading the document back gives the same error.
 */
export async function writeErrorDocument(
  store: DataStore,
  paths: OutputFilePaths,
  error: OutputExecutionError,
): Promise<void> {
  const doc = create(ErrorDocumentSchema, {
    error: {
      code: error.error.code,
      message: error.error.message,
      kind: error.isRecoverable ? ContainerError_Kind.RECOVERABLE : ContainerError_Kind.NON_RECOVERABLE,
      origin: error.error.kind,
      worker: error.error.worker,
      ...(error.error.timestamp === undefined ? {} : { timestamp: error.error.timestamp }),
    },
  });
  await writeProtobuf(store, paths.getErrorPath(), ErrorDocumentSchema, doc);
}

/**
 * Go `ioutils.RemoteFileOutputWriter.Put`: reads `reader` and writes its error document, else its outputs, to the
 * files of `paths`. The executor uses it when a successful reader is not a file (`isFile()` false).
 * Rejects when the reader has neither (Go: `no data found to write`).
 */
export async function writeReaderToFiles(
  store: DataStore,
  paths: OutputFilePaths,
  reader: OutputReader,
): Promise<void> {
  const { outputs, error } = await reader.read();
  if (error !== undefined) return writeErrorDocument(store, paths, error);
  if (outputs !== undefined) return writeOutputs(store, paths, outputs);
  throw new PlugbenchError('no data found to write');
}
