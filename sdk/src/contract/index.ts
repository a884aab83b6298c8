/**
 * The plugin contract of Flyte's `pluginmachinery/core`, in TypeScript. Names follow one rule: Go's exported name
 * with a lower-case first letter; enum constants are members of a const object named after the type.
 *
 * @module
 */
export * from './errors';
export * from './clock';
export * from './phase';
export * from './transition-type';
export * from './task-info';
export * from './phase-info';
export * from './transition';
export * from './resource';
export * from './state';
export * from './state-codec';
export * from './kube';
export * from './metrics';
export * from './storage';
export * from './io';
export * from './catalog';
export * from './exec-context';
export * from './plugin';
export * from './generated-name';
