/**
 * The parts of the SDK that need Node (`node:*` modules, prom-client). Nothing else in `sdk/src` imports Node.
 *
 * @module
 */
export * from './prom-metrics';
export * from './secret-sources';
export * from './redis-server-quota-backend';
