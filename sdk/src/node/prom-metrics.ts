/**
 * The prom-client {@link MetricsBackend}: real Prometheus metrics in a registry of their own (never prom-client's
 * global one), which can also be scraped as Prometheus text.
 *
 * @module
 */
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import { assertSameDefinition, MetricType, sortSamples } from '../executor/services/metrics';
import type { MetricDefinition, MetricInstrument, MetricsBackend, MetricSample } from '../executor/services/metrics';

/** A {@link MetricsBackend} over prom-client. */
export class PromMetricsBackend implements MetricsBackend {
  /** The registry every metric of this backend is registered in. */
  readonly registry: Registry;
  readonly #metrics = new Map<string, { def: MetricDefinition; inst: MetricInstrument }>();

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
  }

  /** See {@link MetricsBackend.register}. */
  register(def: MetricDefinition): MetricInstrument {
    const existing = this.#metrics.get(def.name);
    if (existing !== undefined) {
      assertSameDefinition(existing.def, def);
      return existing.inst;
    }
    const config = {
      name: def.name,
      help: def.help === '' ? def.name : def.help,
      labelNames: [...def.labelNames],
      registers: [this.registry],
    };
    const ignore = () => undefined;
    let inst: MetricInstrument;
    switch (def.type) {
      case MetricType.Counter: {
        const c = new Counter(config);
        inst = { add: (labels, delta) => c.inc(labels, delta), set: ignore, observe: ignore };
        break;
      }
      case MetricType.Gauge: {
        const g = new Gauge(config);
        inst = {
          add: (labels, delta) => g.inc(labels, delta),
          set: (labels, value) => g.set(labels, value),
          observe: ignore,
        };
        break;
      }
      case MetricType.Histogram: {
        const h = new Histogram(config);
        inst = { add: ignore, set: ignore, observe: (labels, value) => h.observe(labels, value) };
        break;
      }
      case MetricType.Summary: {
        const m = new Summary(config);
        inst = { add: ignore, set: ignore, observe: (labels, value) => m.observe(labels, value) };
        break;
      }
    }
    this.#metrics.set(def.name, { def: { ...def, labelNames: [...def.labelNames] }, inst });
    return inst;
  }

  /** See {@link MetricsBackend.snapshot}: from the registry's JSON, histogram buckets and quantiles left out. */
  async snapshot(): Promise<MetricSample[]> {
    const out: MetricSample[] = [];
    for (const family of await this.registry.getMetricsAsJSON()) {
      const type = this.#metrics.get(family.name)?.def.type;
      if (type === undefined) continue; // registered on the registry by someone else
      for (const v of family.values as Array<{
        value: number;
        labels: Record<string, string | number | undefined>;
        metricName?: string;
      }>) {
        const labels: Record<string, string> = {};
        for (const [k, x] of Object.entries(v.labels)) if (x !== undefined) labels[k] = String(x);
        if (type === MetricType.Counter || type === MetricType.Gauge) {
          out.push({ name: family.name, type, labels, value: v.value });
        } else if (v.metricName === `${family.name}_count` || v.metricName === `${family.name}_sum`) {
          out.push({ name: v.metricName, type, labels, value: v.value });
        }
      }
    }
    return sortSamples(out);
  }

  /** The Prometheus text exposition of the registry. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
