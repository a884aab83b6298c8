/**
 * The plugin messages of `flyteidl/plugins` (Go package `plugins`), generated with protobuf-es like the core ones.
 * A task template's `custom` holds one of them in its JSON form: read it with
 * `fromJson(PrestoQuerySchema, template.custom ?? {})`, or with `unmarshalStructToPb` of `@plugbench/sdk/utils`.
 * The kubeflow messages (Go package `kubeflow`) share names with the legacy ones here: they are the namespace
 * {@link kubeflow}.
 *
 * @module
 */
export { type ArrayJob, ArrayJobSchema } from './gen/flyteidl/plugins/array_job_pb';
export {
  type CommonReplicaSpec,
  CommonReplicaSpecSchema,
  RestartPolicy,
  RestartPolicySchema,
} from './gen/flyteidl/plugins/common_pb';
export {
  type DaskJob,
  DaskJobSchema,
  type DaskScheduler,
  DaskSchedulerSchema,
  type DaskWorkerGroup,
  DaskWorkerGroupSchema,
} from './gen/flyteidl/plugins/dask_pb';
export { type DistributedMPITrainingTask, DistributedMPITrainingTaskSchema } from './gen/flyteidl/plugins/mpi_pb';
export { type PrestoQuery, PrestoQuerySchema } from './gen/flyteidl/plugins/presto_pb';
export {
  type ElasticConfig,
  ElasticConfigSchema,
  type DistributedPyTorchTrainingTask,
  DistributedPyTorchTrainingTaskSchema,
} from './gen/flyteidl/plugins/pytorch_pb';
export {
  type HiveQuery,
  HiveQuerySchema,
  type HiveQueryCollection,
  HiveQueryCollectionSchema,
  type QuboleHiveJob,
  QuboleHiveJobSchema,
} from './gen/flyteidl/plugins/qubole_pb';
export {
  type RayJob,
  RayJobSchema,
  type RayCluster,
  RayClusterSchema,
  type HeadGroupSpec,
  HeadGroupSpecSchema,
  type WorkerGroupSpec,
  WorkerGroupSpecSchema,
} from './gen/flyteidl/plugins/ray_pb';
export {
  type SparkApplication,
  SparkApplicationSchema,
  SparkApplication_Type,
  type SparkJob,
  SparkJobSchema,
} from './gen/flyteidl/plugins/spark_pb';
export {
  type DistributedTensorflowTrainingTask,
  DistributedTensorflowTrainingTaskSchema,
} from './gen/flyteidl/plugins/tensorflow_pb';
export { type Waitable, WaitableSchema } from './gen/flyteidl/plugins/waitable_pb';
export * as kubeflow from './kubeflow';
