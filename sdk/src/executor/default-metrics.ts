/**
 * The default metrics backend: a prom-client registry of the executor's own (never the global one).
 *
 * @module
 */
import { PromMetricsBackend } from '../node/prom-metrics';
import type { MetricsBackend } from './services/metrics';

/** A new prom-client backed metrics backend. */
export function createDefaultMetricsBackend(): MetricsBackend {
  return new PromMetricsBackend();
}
