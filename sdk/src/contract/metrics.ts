/**
 * Go `promutils.Scope`: a metrics scope that a plugin publishes under. The executor backs it with prom-client.
 *
 * @module
 */

/** Label values of one observation. */
export type MetricLabels = Record<string, string | number>;

/** A monotonically increasing counter. */
export interface Counter {
  inc(labels?: MetricLabels, value?: number): void;
}
/** A value that goes up and down. */
export interface Gauge {
  set(value: number, labels?: MetricLabels): void;
  inc(labels?: MetricLabels, value?: number): void;
  dec(labels?: MetricLabels, value?: number): void;
}
/** Observations into buckets (histogram) or quantiles (summary). */
export interface Observer {
  observe(value: number, labels?: MetricLabels): void;
}

/** Go `promutils.Scope`. */
export interface MetricsScope {
  /** Go `CurrentScope`: the prefix of this scope, `plugin:sub:`. */
  currentScope(): string;
  /** Go `NewSubScope`. */
  newSubScope(name: string): MetricsScope;
  /** Go `NewCounter` / `NewCounterVec`. */
  newCounter(name: string, description: string, labelNames?: string[]): Counter;
  /** Go `NewGauge` / `NewGaugeVec`. */
  newGauge(name: string, description: string, labelNames?: string[]): Gauge;
  /** Go `NewHistogram` / `NewHistogramVec`. */
  newHistogram(name: string, description: string, labelNames?: string[]): Observer;
  /** Go `NewSummary` / `NewSummaryVec`. */
  newSummary(name: string, description: string, labelNames?: string[]): Observer;
}
