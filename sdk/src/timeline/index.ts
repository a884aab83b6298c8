/**
 * The timeline schema, its types and its NDJSON codec.
 *
 * @module
 */
export * from './schema';
export * from './phase-names';
export type * from './types';
export * from './codec';
export * from './model';
export * from './model-text';
export * from './model-columns';
export * from './breakpoint';
export * from './words';
export * from './run-summary';
export * from './golden';
export * from './golden-compare';
