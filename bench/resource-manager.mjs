// Benchmark 3: the resource manager. Allocate-and-release pairs per second on the in-memory port of Flyte's Redis
// manager, without constraints, and with project and namespace constraints at growing pool sizes: the cost with
// constraints must not grow with the pool (plugbench counts by prefix; Flyte's Redis code scans the pool).
import { nsPerOp, sdk } from './lib.mjs';

function backendWithPool(s, size) {
  const b = new s.RedisQuotaBackend({ maxQuota: size + 10 });
  b.registerResourceQuota('redisresourcemanager:bench:pool', size + 10);
  // Fill the pool with holders of several projects, so prefix counts have something to count.
  for (let i = 0; i < size; i++) b.allocate('redisresourcemanager:bench:pool', `ex:p${i % 7}:development:e${i}-t`, []);
  return b;
}

export async function resourceManager({ pairs = 200_000, poolSizes = [10, 1_000, 100_000] } = {}) {
  const s = sdk();
  const ns = 'redisresourcemanager:bench:pool';
  const plain = backendWithPool(s, 0);
  const unconstrained = await nsPerOp(
    (n) => {
      for (let i = 0; i < n; i++) {
        plain.allocate(ns, 'ex:p1:development:x-t', []);
        plain.release(ns, 'ex:p1:development:x-t');
      }
    },
    { n: pairs },
  );
  const constraints = [
    { targetedPrefix: 'ex:p1', value: 1_000_000 },
    { targetedPrefix: 'ex:p1:development', value: 1_000_000 },
  ];
  const constrained = [];
  for (const size of poolSizes) {
    const b = backendWithPool(s, size);
    const ns_ = await nsPerOp(
      (n) => {
        for (let i = 0; i < n; i++) {
          b.allocate(ns, 'ex:p1:development:x-t', constraints);
          b.release(ns, 'ex:p1:development:x-t');
        }
      },
      { n: Math.min(pairs, 100_000) },
    );
    constrained.push({ poolSize: size, nsPerPair: ns_, pairsPerSecond: 1e9 / ns_ });
  }
  return {
    unconstrained: { nsPerPair: unconstrained, pairsPerSecond: 1e9 / unconstrained },
    constrained,
    constrainedCostRatioLargestToSmallestPool: constrained[constrained.length - 1].nsPerPair / constrained[0].nsPerPair,
    targets: { unconstrainedPairsPerSecond: 1_000_000, constrainedCostRatioLargestToSmallestPool: 1.5 },
  };
}
