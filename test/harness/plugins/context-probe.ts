/**
 * A plugin that reports what its task execution context says (labels, annotations, service account, overrides,
 * interruptible, the dataset size limit) as the reason of a permanent failure, for tests that check what a fixture
 * passes to the executor.
 */
import { doTransition, phaseInfoFailure, type PluginEntry } from '@plugbench/sdk';

export const createContextProbe = (): PluginEntry => ({
  id: 'probe',
  registeredTaskTypes: ['probe'],
  loadPlugin: () => ({
    getID: () => 'probe',
    getProperties: () => ({}),
    abort() {},
    finalize() {},
    handle(tCtx) {
      const m = tCtx.taskExecutionMetadata();
      const seen = {
        labels: m.getLabels(),
        annotations: m.getAnnotations(),
        serviceAccount: m.getK8sServiceAccount(),
        interruptible: m.isInterruptible(),
        resources: m.getOverrides().getResources(),
        config: m.getOverrides().getConfig(),
        maxDatasetSizeBytes: tCtx.maxDatasetSizeBytes(),
      };
      return doTransition(phaseInfoFailure('Probe', JSON.stringify(seen)));
    },
  }),
});
