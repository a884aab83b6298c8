/**
 * `@plugbench/sdk/template`: Go `pluginmachinery/core/template`. {@link render} evaluates Flyte's command-line
 * templates (`{{ .Input }}`, `{{ .InputPrefix }}`, `{{ .OutputPrefix }}`, `{{ .RawOutputDataPrefix }}`,
 * `{{ .Inputs.x }}`, `{{ .PerRetryUniqueKey }}`, `{{ .TaskTemplatePath }}`, `{{ .PrevCheckpointPrefix }}`,
 * `{{ .CheckpointOutputPrefix }}`, `{{ .Namespace }}`), case-insensitively.
 *
 * @module
 */
export {
  render,
  perRetryUniqueKey,
  ErrorCollection,
  type Parameters,
  type OutputFilePaths,
  type TaskTemplatePath,
} from './render';
export { serializeLiteral } from './serialize';
