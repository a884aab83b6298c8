/**
 * Flyte's own IDL types (`flyteidl/core`, `flyteidl/event`, and the plugin messages of `flyteidl/plugins`), generated with protobuf-es from the `.proto` files of
 * the published `@flyteorg/flyteidl` package at build time. Messages are plain objects; build them with
 * {@link create} and read or write Flyte's JSON form with {@link fromJson} / {@link toJson}.
 *
 * @module
 */
export { create, fromJson, toJson, clone, equals, isMessage } from '@bufbuild/protobuf';
export type { JsonObject, JsonValue, MessageInitShape } from '@bufbuild/protobuf';
export {
  type ExecutionError,
  ExecutionErrorSchema,
  ExecutionError_ErrorKind,
  type TaskLog,
  TaskLogSchema,
  TaskLog_MessageFormat,
  TaskExecution_Phase,
} from './gen/flyteidl/core/execution_pb';
export {
  type TaskExecutionIdentifier,
  TaskExecutionIdentifierSchema,
  type NodeExecutionIdentifier,
  NodeExecutionIdentifierSchema,
  type WorkflowExecutionIdentifier,
  WorkflowExecutionIdentifierSchema,
  type Identifier,
  IdentifierSchema,
  ResourceType,
} from './gen/flyteidl/core/identifier_pb';
export {
  type TaskTemplate,
  TaskTemplateSchema,
  type TaskMetadata,
  TaskMetadataSchema,
} from './gen/flyteidl/core/tasks_pb';
export { type LiteralMap, LiteralMapSchema, type Literal, LiteralSchema } from './gen/flyteidl/core/literals_pb';
export {
  type ErrorDocument,
  ErrorDocumentSchema,
  type ContainerError,
  ContainerErrorSchema,
  ContainerError_Kind,
} from './gen/flyteidl/core/errors_pb';
export {
  type TaskExecutionEvent,
  TaskExecutionEventSchema,
  type TaskExecutionMetadata as TaskExecutionEventMetadata,
  type ResourcePoolInfo,
  ResourcePoolInfoSchema,
} from './gen/flyteidl/event/event_pb';
export * from './plugins';
/** The connector (agent) protocol: `AgentIdl.CreateTaskRequestSchema`, `AgentIdl.AsyncAgentService`, ... */
export * as AgentIdl from './agent';
