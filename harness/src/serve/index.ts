/**
 * `plugbench serve`: Flyte's connector (agent) gRPC service over plugbench plugins, so that FlytePropeller's
 * `connector-service` plugin runs them on a real cluster.
 *
 * @module
 */
export { startServe, SERVICE_NAMES, type ServeOptions, type ServeHandle } from './server';
export {
  serviceDefinition,
  HealthServiceDefinition,
  ServingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from './grpc-services';
export {
  executionKey,
  encodeResourceMeta,
  decodeResourceMeta,
  attemptOf,
  RESOURCE_META_VERSION,
  type AttemptIdentity,
  type ResourceMeta,
} from './execution-key';
export { connectorPhase, resourceOf } from './resource-status';
export { MemoryExecutionStore, type ExecutionStore, type ExecutionRecord } from './store';
export { RedisExecutionStore } from './redis-store';
export { ExecutionDriver, type DriverOptions } from './driver';
