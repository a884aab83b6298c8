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

/** Notes one use of the instrument `metric` into whatever call `sink` names now. */
type Note = (op: MetricCall['op'], value: number, labels: MetricLabels | undefined) => void;

function noter(sink: MetricSink, metric: string): Note {
  return (op, value, labels) => {
    const list = sink();
    if (list === undefined) return;
    const call: MetricCall = { metric, op, value };
    if (labels !== undefined) call.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
    list.push(call);
  };
}

/** `apply`, a step (`inc` or `dec`, by 1 unless told), that is also noted. */
function step(note: Note, op: 'inc' | 'dec', apply: Counter['inc']): Counter['inc'] {
  return (labels, value) => {
    apply(labels, value);
    note(op, value ?? 1, labels);
  };
}

/** `observer`, with every observation also noted. */
function recordingObserver(observer: Observer, note: Note): Observer {
  return {
    observe(value, labels) {
      observer.observe(value, labels);
      note('observe', value, labels);
    },
  };
}

/** `scope`, with every instrument it makes noting its use into `sink`. */
export function recordingScope(scope: MetricsScope, sink: MetricSink): MetricsScope {
  const noteFor = (name: string) => noter(sink, `${scope.currentScope()}${name}`);
  return {
    currentScope: () => scope.currentScope(),
    newSubScope: (name) => recordingScope(scope.newSubScope(name), sink),
    newCounter(name, description, labelNames): Counter {
      const c = scope.newCounter(name, description, labelNames);
      return { inc: step(noteFor(name), 'inc', (labels, value) => c.inc(labels, value)) };
    },
    newGauge(name, description, labelNames): Gauge {
      const g = scope.newGauge(name, description, labelNames);
      const note = noteFor(name);
      return {
        set(value, labels) {
          g.set(value, labels);
          note('set', value, labels);
        },
        inc: step(note, 'inc', (labels, value) => g.inc(labels, value)),
        dec: step(note, 'dec', (labels, value) => g.dec(labels, value)),
      };
    },
    newHistogram: (name, description, labelNames) =>
      recordingObserver(scope.newHistogram(name, description, labelNames), noteFor(name)),
    newSummary: (name, description, labelNames) =>
      recordingObserver(scope.newSummary(name, description, labelNames), noteFor(name)),
  };
}
