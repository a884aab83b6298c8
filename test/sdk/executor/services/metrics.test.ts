// Metrics scopes as Flyte's promutils, over both backends (prom-client and plain memory), which must agree.
import assert from 'node:assert/strict';
import { register as globalRegistry } from 'prom-client';
import {
  InvalidArgumentError,
  InMemoryMetricsBackend,
  newMetricsScope,
  sanitizeMetricName,
  type MetricsBackend,
} from '@plugbench/sdk';
import { PromMetricsBackend } from '@plugbench/sdk/node';
import { defined } from '../../../support/defined';

describe('services: sanitizeMetricName (Go promutils.SanitizeMetricName)', () => {
  it("keeps letters, '_' and ':', digits after the first character; '-' becomes '_'; the rest is dropped", () => {
    assert.equal(sanitizeMetricName('web-api:allocations_total'), 'web_api:allocations_total');
    assert.equal(sanitizeMetricName('a.b c/d'), 'abcd');
    assert.equal(sanitizeMetricName('9lives'), 'lives');
    assert.equal(sanitizeMetricName('p99'), 'p99');
  });
});

const backends: Array<[string, () => MetricsBackend]> = [
  ['prom-client', () => new PromMetricsBackend()],
  ['in-memory', () => new InMemoryMetricsBackend()],
];

for (const [label, make] of backends) {
  describe(`services: metrics scope over the ${label} backend`, () => {
    let backend: MetricsBackend;
    beforeEach(() => {
      backend = make();
    });

    it('sub-scopes append "<name>:" and metric names are prefix + name, sanitized', () => {
      const root = newMetricsScope(backend);
      assert.equal(root.currentScope(), '');
      const plugin = root.newSubScope('web-api');
      assert.equal(plugin.currentScope(), 'web_api:');
      assert.equal(plugin.newSubScope('cache:').currentScope(), 'web_api:cache:');
      assert.equal(newMetricsScope(backend, 'flyte').newSubScope('echo').currentScope(), 'flyte:echo:');
      assert.throws(() => root.newSubScope(''), InvalidArgumentError);
    });

    it('snapshot: counters and gauges by value, histograms and summaries as _count and _sum, sorted', async () => {
      const scope = newMetricsScope(backend).newSubScope('echo');
      const rounds = scope.newCounter('rounds', 'rounds handled');
      const byPhase = scope.newCounter('phases', 'phases seen', ['phase']);
      const inflight = scope.newGauge('inflight', 'tasks in flight');
      const latency = scope.newHistogram('latency', 'handle latency');
      const size = scope.newSummary('size', 'output sizes', ['kind']);
      rounds.inc();
      rounds.inc(undefined, 2);
      byPhase.inc({ phase: 'Running' });
      byPhase.inc({ phase: 'Success' }, 3);
      inflight.set(5);
      inflight.inc();
      inflight.dec(undefined, 2);
      latency.observe(0.5);
      latency.observe(1.5);
      size.observe(10, { kind: 'pb' });
      assert.deepEqual(await backend.snapshot(), [
        { name: 'echo:inflight', type: 'gauge', labels: {}, value: 4 },
        { name: 'echo:latency_count', type: 'histogram', labels: {}, value: 2 },
        { name: 'echo:latency_sum', type: 'histogram', labels: {}, value: 2 },
        { name: 'echo:phases', type: 'counter', labels: { phase: 'Running' }, value: 1 },
        { name: 'echo:phases', type: 'counter', labels: { phase: 'Success' }, value: 3 },
        { name: 'echo:rounds', type: 'counter', labels: {}, value: 3 },
        { name: 'echo:size_count', type: 'summary', labels: { kind: 'pb' }, value: 1 },
        { name: 'echo:size_sum', type: 'summary', labels: { kind: 'pb' }, value: 10 },
      ]);
    });

    it('a metric without labels shows from its creation; a labelled one from its first observation', async () => {
      const scope = newMetricsScope(backend).newSubScope('p');
      scope.newCounter('plain', 'h');
      scope.newCounter('labelled', 'h', ['l']);
      assert.deepEqual(await backend.snapshot(), [{ name: 'p:plain', type: 'counter', labels: {}, value: 0 }]);
    });

    it('creating the same metric twice returns the same metric; a different type or labels is refused', async () => {
      const a = newMetricsScope(backend).newSubScope('p');
      const b = newMetricsScope(backend).newSubScope('p');
      a.newCounter('c', 'h', ['x']).inc({ x: '1' });
      b.newCounter('c', 'h', ['x']).inc({ x: '1' });
      assert.deepEqual(await backend.snapshot(), [{ name: 'p:c', type: 'counter', labels: { x: '1' }, value: 2 }]);
      assert.throws(() => a.newGauge('c', 'h', ['x']), InvalidArgumentError);
      assert.throws(() => a.newCounter('c', 'h', ['y']), InvalidArgumentError);
    });

    it("label sets must match the metric's exactly, as Go's WithLabelValues requires; numbers become strings", async () => {
      const c = newMetricsScope(backend).newCounter('c', 'h', ['phase', 'attempt']);
      assert.throws(() => c.inc({ phase: 'Running' }), InvalidArgumentError);
      assert.throws(() => c.inc({ phase: 'Running', attempt: 0, extra: 'x' }), InvalidArgumentError);
      c.inc({ phase: 'Running', attempt: 0 });
      assert.deepEqual(await backend.snapshot(), [
        { name: 'c', type: 'counter', labels: { attempt: '0', phase: 'Running' }, value: 1 },
      ]);
    });

    it('refuses a counter decrease, an empty or invalid name, and invalid label names', () => {
      const scope = newMetricsScope(backend);
      assert.throws(() => scope.newCounter('c', 'h').inc(undefined, -1), InvalidArgumentError);
      assert.throws(() => scope.newCounter('', 'h'), InvalidArgumentError);
      assert.throws(() => scope.newCounter('.', 'h'), InvalidArgumentError, 'sanitizes to nothing');
      assert.throws(() => scope.newGauge('g', 'h', ['bad-label']), InvalidArgumentError);
      assert.throws(() => scope.newGauge('g2', 'h', ['__reserved']), InvalidArgumentError);
    });

    it('each backend is its own: two backends do not share metrics', async () => {
      const other = make();
      newMetricsScope(backend).newCounter('shared_name', 'h').inc();
      newMetricsScope(other).newCounter('shared_name', 'h');
      assert.equal(defined((await backend.snapshot())[0], 'a sample').value, 1);
      assert.equal(defined((await other.snapshot())[0], 'a sample').value, 0);
    });
  });
}

describe('node: PromMetricsBackend', () => {
  it("never registers in prom-client's global registry, and exposes Prometheus text", async () => {
    const backend = new PromMetricsBackend();
    newMetricsScope(backend).newSubScope('echo').newCounter('rounds', 'rounds handled').inc();
    assert.equal(globalRegistry.getSingleMetric('echo:rounds'), undefined);
    assert.match(await backend.text(), /^echo:rounds 1$/m);
  });
});
