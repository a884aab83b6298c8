/**
 * Go `ioutils/paths.go`: the names of the blobs a task execution reads and writes under its data directories.
 *
 * @module
 */
import type { OutputWriter } from '../contract/index';
import type { DataReference, DataStore } from '../contract/index';

/** Go `ioutils.InputsSuffix`. */
export const InputsSuffix = 'inputs.pb';
/** Go `ioutils.OutputsSuffix`. */
export const OutputsSuffix = 'outputs.pb';
/** Go `ioutils.ErrorsSuffix`. */
export const ErrorsSuffix = 'error.pb';
/** Go `ioutils.TaskTemplateFile`. */
export const TaskTemplateSuffix = 'task.pb';
/** Go `ioutils.CheckpointPrefix`: the checkpoint directory under a raw output prefix. */
export const CheckpointSuffix = '_flytecheckpoints';

/**
 * Go `io.OutputFilePaths`, the part the output readers need: any {@link OutputWriter} (such as
 * `tCtx.outputWriter()`) is one.
 */
export type OutputFilePaths = Pick<OutputWriter, 'getOutputPath' | 'getErrorPath'>;

/** Go `ioutils.ConstructCheckpointPath`: `<base>/_flytecheckpoints`, or `''` when `base` is empty. */
export function constructCheckpointPath(
  store: Pick<DataStore, 'constructReference'>,
  base: DataReference,
): DataReference {
  if (base === '') return '';
  return store.constructReference(base, CheckpointSuffix);
}
