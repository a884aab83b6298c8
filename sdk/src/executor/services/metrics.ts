/**
 * Go `promutils.Scope` over a pluggable {@link MetricsBackend}: the scope does Flyte's naming and the checks
 * Prometheus would do; the backend stores values. The prom-client backend lives in `sdk/src/node/prom-metrics.ts`
 * (prom-client needs Node); {@link InMemoryMetricsBackend} works anywhere.
 *
 * @module
 */
import { InvalidArgumentError } from '../../contract/index';
import type { Counter, Gauge, MetricLabels, MetricsScope, Observer } from '../../contract/index';
import { canonicalJson } from './canonical-json';

/** The kinds of metric. */
export const MetricType = {
  Counter: 'counter',
  Gauge: 'gauge',
  Histogram: 'histogram',
  Summary: 'summary',
} as const;
/** A value of {@link MetricType}. */
export type MetricType = (typeof MetricType)[keyof typeof MetricType];

/** A metric to register: its full (scoped, sanitized) name. */
export interface MetricDefinition {
  type: MetricType;
  name: string;
  help: string;
  labelNames: readonly string[];
}

/**
 * One registered metric in a backend. The scope calls only what fits the type (`add` for counters and gauges,
 * `set` for gauges, `observe` for histograms and summaries), with labels already checked and stringified.
 */
export interface MetricInstrument {
  add(labels: Record<string, string>, delta: number): void;
  set(labels: Record<string, string>, value: number): void;
  observe(labels: Record<string, string>, value: number): void;
}

/**
 * One value of {@link MetricsBackend.snapshot}. A histogram or summary gives two: `<name>_count` and `<name>_sum`.
 */
export interface MetricSample {
  /** The series name (`echo:rounds`, `echo:latency_count`). */
  name: string;
  /** The type of the metric it comes from. */
  type: MetricType;
  labels: Record<string, string>;
  value: number;
}

/** Where metric values live. Each executor has its own. */
export interface MetricsBackend {
  /**
   * Registers `def`, or returns the instrument already registered under its name when the type and label names are
   * the same. Throws `InvalidArgumentError` when they differ (Prometheus: duplicate registration).
   */
  register(def: MetricDefinition): MetricInstrument;
  /** Every series' current value, sorted by name then labels. A metric without labels has a series from the start. */
  snapshot(): Promise<MetricSample[]>;
}

/**
 * Go `promutils.SanitizeMetricName`: keeps `[A-Za-z_:]` and digits not in first position, turns `-` into `_`, and
 * drops every other character (Flyte drops them, it does not replace them).
 */
export function sanitizeMetricName(name: string): string {
  const encoder = new TextEncoder();
  let out = '';
  let i = 0;
  for (const ch of name) {
    if (/[A-Za-z_:]/.test(ch) || (/[0-9]/.test(ch) && i > 0)) out += ch;
    else if (ch === '-') out += '_';
    i += encoder.encode(ch).length; // Go ranges over bytes: `i` is a byte offset.
  }
  return out;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Compares a definition with the one registered under its name. */
export function assertSameDefinition(existing: MetricDefinition, def: MetricDefinition): void {
  if (
    existing.type !== def.type ||
    canonicalJson([...existing.labelNames].sort()) !== canonicalJson([...def.labelNames].sort())
  ) {
    throw new InvalidArgumentError(
      `metric ${def.name} is already registered as a ${existing.type} with labels [${existing.labelNames.join(', ')}]; ` +
        `cannot register it as a ${def.type} with labels [${def.labelNames.join(', ')}]`,
    );
  }
}

/** Sorts samples by name, then labels: the order of every snapshot. */
export function sortSamples(samples: MetricSample[]): MetricSample[] {
  const keyed = samples.map((s) => ({ s, k: `${s.name}\u0000${canonicalJson(s.labels)}` }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.s);
}

function checkLabels(def: MetricDefinition, labels: MetricLabels | undefined): Record<string, string> {
  const given = labels ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) {
    if (!def.labelNames.includes(k)) {
      throw new InvalidArgumentError(
        `metric ${def.name}: label ${k} is not one of its labels [${def.labelNames.join(', ')}]`,
      );
    }
    out[k] = String(v);
  }
  // Go's WithLabelValues/With panic on a missing label: every series names every label.
  const missing = def.labelNames.filter((n) => !(n in out));
  if (missing.length > 0)
    throw new InvalidArgumentError(`metric ${def.name}: labels [${missing.join(', ')}] are missing`);
  return out;
}

function checkValue(def: MetricDefinition, value: number): number {
  if (typeof value !== 'number') throw new InvalidArgumentError(`metric ${def.name}: the value must be a number`);
  return value;
}

/**
 * Go `promutils.metricsScope`: names are the scope's prefix plus the name, sanitized
 * ({@link sanitizeMetricName}); sub-scopes append `<name>:`. Creating the same metric twice returns the same one.
 */
class BackendMetricsScope implements MetricsScope {
  readonly #backend: MetricsBackend;
  readonly #scope: string;

  constructor(backend: MetricsBackend, scope: string) {
    this.#backend = backend;
    this.#scope = scope;
  }

  currentScope(): string {
    return this.#scope;
  }

  newSubScope(name: string): MetricsScope {
    if (name === '') throw new InvalidArgumentError('scope name cannot be an empty string');
    return new BackendMetricsScope(
      this.#backend,
      sanitizeMetricName(this.#scope + (name.endsWith(':') ? name : `${name}:`)),
    );
  }

  #register(
    type: MetricType,
    name: string,
    help: string,
    labelNames: string[] = [],
  ): { def: MetricDefinition; inst: MetricInstrument } {
    if (name === '') throw new InvalidArgumentError('metric name cannot be an empty string');
    const full = sanitizeMetricName(this.#scope + name);
    if (!METRIC_NAME.test(full)) throw new InvalidArgumentError(`invalid metric name ${JSON.stringify(full)}`);
    for (const l of labelNames) {
      if (!LABEL_NAME.test(l) || l.startsWith('__'))
        throw new InvalidArgumentError(`metric ${full}: invalid label name ${JSON.stringify(l)}`);
    }
    if (new Set(labelNames).size !== labelNames.length)
      throw new InvalidArgumentError(`metric ${full}: duplicate label names`);
    const def: MetricDefinition = { type, name: full, help, labelNames: [...labelNames] };
    return { def, inst: this.#backend.register(def) };
  }

  newCounter(name: string, description: string, labelNames?: string[]): Counter {
    const { def, inst } = this.#register(MetricType.Counter, name, description, labelNames);
    return {
      inc(labels?: MetricLabels, value = 1) {
        const v = checkValue(def, value);
        if (!(v >= 0)) throw new InvalidArgumentError(`metric ${def.name}: counter cannot decrease (${v})`);
        inst.add(checkLabels(def, labels), v);
      },
    };
  }

  newGauge(name: string, description: string, labelNames?: string[]): Gauge {
    const { def, inst } = this.#register(MetricType.Gauge, name, description, labelNames);
    return {
      set(value: number, labels?: MetricLabels) {
        inst.set(checkLabels(def, labels), checkValue(def, value));
      },
      inc(labels?: MetricLabels, value = 1) {
        inst.add(checkLabels(def, labels), checkValue(def, value));
      },
      dec(labels?: MetricLabels, value = 1) {
        inst.add(checkLabels(def, labels), -checkValue(def, value));
      },
    };
  }

  newHistogram(name: string, description: string, labelNames?: string[]): Observer {
    return this.#observer(MetricType.Histogram, name, description, labelNames);
  }

  newSummary(name: string, description: string, labelNames?: string[]): Observer {
    return this.#observer(MetricType.Summary, name, description, labelNames);
  }

  #observer(type: MetricType, name: string, description: string, labelNames?: string[]): Observer {
    const { def, inst } = this.#register(type, name, description, labelNames);
    return {
      observe(value: number, labels?: MetricLabels) {
        inst.observe(checkLabels(def, labels), checkValue(def, value));
      },
    };
  }
}

/**
 * Go `promutils.NewScope(name)`: a root scope over `backend`. Without a name the prefix is empty, so a plugin's
 * sub-scope `echo` names its metrics `echo:<name>`.
 */
export function newMetricsScope(backend: MetricsBackend, name = ''): MetricsScope {
  if (name === '') return new BackendMetricsScope(backend, '');
  return new BackendMetricsScope(backend, sanitizeMetricName(name.endsWith(':') ? name : `${name}:`));
}

interface Series {
  labels: Record<string, string>;
  value: number;
  count: number;
  sum: number;
}

/**
 * A backend in plain memory, for environments without Node and for tests that want no prom-client. Its snapshots
 * match the prom-client backend's.
 */
export class InMemoryMetricsBackend implements MetricsBackend {
  readonly #metrics = new Map<string, { def: MetricDefinition; series: Map<string, Series>; inst: MetricInstrument }>();

  /** See {@link MetricsBackend.register}. */
  register(def: MetricDefinition): MetricInstrument {
    const existing = this.#metrics.get(def.name);
    if (existing !== undefined) {
      assertSameDefinition(existing.def, def);
      return existing.inst;
    }
    const series = new Map<string, Series>();
    const at = (labels: Record<string, string>) => {
      const k = canonicalJson(labels);
      let s = series.get(k);
      if (s === undefined) series.set(k, (s = { labels: { ...labels }, value: 0, count: 0, sum: 0 }));
      return s;
    };
    // As prom-client, a metric without labels has its one series from the start.
    if (def.labelNames.length === 0) at({});
    const inst: MetricInstrument = {
      add: (labels, delta) => void (at(labels).value += delta),
      set: (labels, value) => void (at(labels).value = value),
      observe: (labels, value) => {
        const s = at(labels);
        s.count += 1;
        s.sum += value;
      },
    };
    this.#metrics.set(def.name, { def: { ...def, labelNames: [...def.labelNames] }, series, inst });
    return inst;
  }

  /** See {@link MetricsBackend.snapshot}. */
  async snapshot(): Promise<MetricSample[]> {
    const out: MetricSample[] = [];
    for (const { def, series } of this.#metrics.values()) {
      for (const s of series.values()) {
        if (def.type === MetricType.Counter || def.type === MetricType.Gauge) {
          out.push({ name: def.name, type: def.type, labels: { ...s.labels }, value: s.value });
        } else {
          out.push({ name: `${def.name}_count`, type: def.type, labels: { ...s.labels }, value: s.count });
          out.push({ name: `${def.name}_sum`, type: def.type, labels: { ...s.labels }, value: s.sum });
        }
      }
    }
    return sortSamples(out);
  }
}
