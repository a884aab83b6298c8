/**
 * The messages of `flyteidl/plugins/kubeflow` (Go package `kubeflow`): the distributed training tasks of the
 * kubeflow operators, with their replica specs and run policy.
 *
 * @module
 */
export { type RunPolicy, RunPolicySchema, CleanPodPolicy } from './gen/flyteidl/plugins/kubeflow/common_pb';
export {
  type DistributedMPITrainingTask,
  DistributedMPITrainingTaskSchema,
  type DistributedMPITrainingReplicaSpec,
  DistributedMPITrainingReplicaSpecSchema,
} from './gen/flyteidl/plugins/kubeflow/mpi_pb';
export {
  type ElasticConfig,
  ElasticConfigSchema,
  type DistributedPyTorchTrainingTask,
  DistributedPyTorchTrainingTaskSchema,
  type DistributedPyTorchTrainingReplicaSpec,
  DistributedPyTorchTrainingReplicaSpecSchema,
} from './gen/flyteidl/plugins/kubeflow/pytorch_pb';
export {
  type DistributedTensorflowTrainingTask,
  DistributedTensorflowTrainingTaskSchema,
  type DistributedTensorflowTrainingReplicaSpec,
  DistributedTensorflowTrainingReplicaSpecSchema,
} from './gen/flyteidl/plugins/kubeflow/tensorflow_pb';
