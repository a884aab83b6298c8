/**
 * `@plugbench/sdk`: the plugin contract of Flyte's `pluginmachinery/core`, Flyte's IDL types, the plugin-facing io
 * helpers, the in-memory executor, and the timeline schema.
 *
 * @module
 */
export * from './contract/index';
export * from './idl/index';
export * from './io/index';
export * from './executor/index';
export * from './timeline/index';
