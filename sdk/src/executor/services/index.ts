/**
 * The services the executor gives plugins: an in-memory Kubernetes store, Flyte's file/env secret manager, metrics
 * scopes, an in-memory data store and catalog, task inputs and output locations, and task execution metadata.
 *
 * @module
 */
export * from './kube-store';
export * from './secret-manager';
export * from './metrics';
export * from './data-store';
export * from './task-io';
export * from './catalog';
export * from './task-metadata';
export { canonicalJson } from './canonical-json';
