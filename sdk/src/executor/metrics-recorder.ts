/**
 * Records what a plugin does with its metrics during a call: the plugin's scope is wrapped so that every `inc`,
 * `dec`, `set` and `observe` is also noted in the call record of the round it happens in.
 *
 * @module
 */
import type { Counter, Gauge, MetricLabels, MetricsScope, Observer } from '../contract/metrics';
import type { MetricCall } from '../timeline/types';

/** Where notes go: the list of the call running now, or `undefined` between calls (setup). */
export type MetricSink = () => MetricCall[] | undefined;

function note(sink: MetricSink, metric: string, op: MetricCall['op'], value: number, labels: MetricLabels | undefined): void {
  const list = sink();
  if (list === undefined) return;
  const call: MetricCall = { metric, op, value };
  if (labels !== undefined) call.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  list.push(call);
}

/** `scope`, with every instrument it makes noting its use into `sink`. */
export function recordingScope(scope: MetricsScope, sink: MetricSink): MetricsScope {
  const full = (name: string) => `${scope.currentScope()}${name}`;
  return {
    currentScope: () => scope.currentScope(),
    newSubScope: (name) => recordingScope(scope.newSubScope(name), sink),
    newCounter(name, description, labelNames): Counter {
      const c = scope.newCounter(name, description, labelNames);
      return {
        inc(labels, value) {
          c.inc(labels, value);
          note(sink, full(name), 'inc', value ?? 1, labels);
        },
      };
    },
    newGauge(name, description, labelNames): Gauge {
      const g = scope.newGauge(name, description, labelNames);
      return {
        set(value, labels) {
          g.set(value, labels);
          note(sink, full(name), 'set', value, labels);
        },
        inc(labels, value) {
          g.inc(labels, value);
          note(sink, full(name), 'inc', value ?? 1, labels);
        },
        dec(labels, value) {
          g.dec(labels, value);
          note(sink, full(name), 'dec', value ?? 1, labels);
        },
      };
    },
    newHistogram(name, description, labelNames): Observer {
      const h = scope.newHistogram(name, description, labelNames);
      return {
        observe(value, labels) {
          h.observe(value, labels);
          note(sink, full(name), 'observe', value, labels);
        },
      };
    },
    newSummary(name, description, labelNames): Observer {
      const o = scope.newSummary(name, description, labelNames);
      return {
        observe(value, labels) {
          o.observe(value, labels);
          note(sink, full(name), 'observe', value, labels);
        },
      };
    },
  };
}
