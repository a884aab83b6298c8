/**
 * `@plugbench/sdk/runner`: for plugbench's runner process and its host only, not for plugins. The records an
 * executor keeps travel to the host as the executor's record store holds them (`Executor.timelineDelta` writes them):
 * the host keeps a copy of the store ({@link StoreReplica}) and makes each record with the store's own read code.
 *
 * @module
 */
export { StoreReplica, StoreDeltaError } from '../executor/record-store/delta-reader';
export {
  StoreRowsSchema,
  StorePartSchema,
  type StoreRows,
  type StorePart,
} from '../executor/record-store/delta-schema';
export type { StoreDelta } from '../executor/record-store/delta-writer';
