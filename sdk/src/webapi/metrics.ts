/**
 * Go `internal/webapi` `metrics.go`: the counters of the machinery that plugbench keeps.
 *
 * @module
 */
import type { Counter, MetricsScope } from '../contract/metrics';

/** Go `Metrics`: the allocation and release counters. */
export interface Metrics {
  allocationGranted: Counter;
  allocationNotGranted: Counter;
  resourceReleased: Counter;
  resourceReleaseFailed: Counter;
}

/** Go `newMetrics`. */
export function newMetrics(scope: MetricsScope): Metrics {
  return {
    allocationGranted: scope.newCounter('allocation_grant', 'Allocation request granted'),
    allocationNotGranted: scope.newCounter('allocation_not_grant', 'Allocation request did not fail but not granted'),
    resourceReleased: scope.newCounter('resource_release_success', 'Resource allocation token released'),
    resourceReleaseFailed: scope.newCounter('resource_release_failed', 'Error releasing allocation token'),
  };
}
