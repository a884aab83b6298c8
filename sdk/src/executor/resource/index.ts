/**
 * Resource managers of the executor: the base managers (noop and an in-memory port of Flyte's Redis manager), the
 * qualification of names, and the proxies plugins receive.
 *
 * @module
 */
export * from './quota-backend';
export * from './ordered-token-set';
export * from './prefix-counting-set';
export * from './noop-quota-backend';
export * from './redis-quota-backend';
export * from './create-quota-backend';
export * from './qualify';
export * from './resource-manager-proxy';
export * from './resource-registrar-proxy';
export * from './redis-quota-rules';
