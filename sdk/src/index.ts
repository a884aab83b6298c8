/**
 * `@plugbench/sdk`: the Flyte plugin contract and the in-memory executor.
 *
 * @module
 */
export * from './contract/index';
export * from './idl/index';
