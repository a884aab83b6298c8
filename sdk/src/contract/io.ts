/**
 * Go `pluginmachinery/io`: the task's inputs and outputs.
 *
 * @module
 */
import type { ExecutionError, LiteralMap } from '../idl/index';
import type { DataReference } from './storage';

/** Go `io.InputReader`. */
export interface InputReader {
  /** Go `GetInputPrefixPath`. */
  getInputPrefixPath(): DataReference;
  /** Go `GetInputPath`: the `inputs.pb` blob. */
  getInputPath(): DataReference;
  /** Go `Get`: the inputs. */
  get(): Promise<LiteralMap>;
}

/** Go `io.ExecutionError`: an error document's error and whether it may be retried. */
export interface OutputExecutionError {
  /** The error. */
  error: ExecutionError;
  /** Go `IsRecoverable`. */
  isRecoverable: boolean;
}

/** Go `io.OutputReader`: where the executor reads a task's outputs or error from when it succeeds. */
export interface OutputReader {
  /** Go `IsError`: whether an error document was produced. */
  isError(): Promise<boolean>;
  /** Go `ReadError`. */
  readError(): Promise<OutputExecutionError>;
  /** Go `IsFile`: whether the outputs already are a blob at the output path. */
  isFile(): boolean;
  /**
   * Go `Exists`: whether outputs exist. Rejects with an `OutputSizeExceededError`-coded error when they are larger
   * than the executor's maximum.
   */
  exists(): Promise<boolean>;
  /** Go `Read`: the outputs, or the error document. */
  read(): Promise<{ outputs?: LiteralMap; error?: OutputExecutionError }>;
  /** The size in bytes of the outputs, for the executor's size limit (Go: a HEAD of `outputs.pb`). */
  size(): Promise<number>;
}

/** Go `io.OutputFilePaths` and `io.OutputWriter`. */
export interface OutputWriter {
  /** Go `GetOutputPrefixPath`. */
  getOutputPrefixPath(): DataReference;
  /** Go `GetRawOutputPrefix`. */
  getRawOutputPrefix(): DataReference;
  /** Go `GetOutputPath`: `outputs.pb`. */
  getOutputPath(): DataReference;
  /** Go `GetErrorPath`: `error.pb`. */
  getErrorPath(): DataReference;
  /** Go `GetCheckpointPrefix`. */
  getCheckpointPrefix(): DataReference;
  /** Go `GetPreviousCheckpointsPrefix`. */
  getPreviousCheckpointsPrefix(): DataReference;
  /**
   * Go `Put`: hands the executor the reader of this round's outputs. Only a reader put in the same round as a
   * Success is validated.
   */
  put(reader: OutputReader): Promise<void>;
}
