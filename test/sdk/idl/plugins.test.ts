// @plugbench/sdk/idl: the flyteidl/plugins messages, read from a task template's `custom` (a google.protobuf.Struct)
// as Go plugins do with utils.UnmarshalStructToPb (e.g. flyteplugins/go/tasks/plugins/webapi/athena/utils.go
// extractQueryInfo reads a PrestoQuery, flyteplugins/go/tasks/plugins/hive/execution_state.go a QuboleHiveJob).
import assert from 'node:assert/strict';
import {
  ArrayJobSchema,
  DaskJobSchema,
  fromJson,
  kubeflow,
  PrestoQuerySchema,
  QuboleHiveJobSchema,
  RayJobSchema,
  SparkApplication_Type,
  SparkJobSchema,
  TaskTemplateSchema,
  toJson,
  WaitableSchema,
} from '@plugbench/sdk/idl';

const customOf = (custom: object) => fromJson(TaskTemplateSchema, { type: 't', custom: custom as never }).custom ?? {};

describe('sdk/idl: flyteidl/plugins messages', () => {
  it('a PrestoQuery from a template custom, with its JSON names', () => {
    const q = fromJson(
      PrestoQuerySchema,
      customOf({ routingGroup: 'adhoc', catalog: 'hive', schema: 'city', statement: 'SELECT 1' }),
    );
    assert.deepEqual([q.routingGroup, q.catalog, q.schema, q.statement], ['adhoc', 'hive', 'city', 'SELECT 1']);
  });

  it('a QuboleHiveJob with its nested query collection', () => {
    const j = fromJson(
      QuboleHiveJobSchema,
      customOf({ clusterLabel: 'default', tags: ['a'], query: { query: 'SELECT 1', timeoutSec: 10, retryCount: 2 } }),
    );
    assert.equal(j.clusterLabel, 'default');
    assert.equal(j.query?.query, 'SELECT 1');
    assert.equal(j.query?.timeoutSec, 10);
  });

  it('array job, spark, ray, dask, waitable and the kubeflow namespace round-trip through JSON', () => {
    const a = fromJson(ArrayJobSchema, { parallelism: '5', size: '10', minSuccesses: '8' });
    assert.equal(a.successCriteria.case, 'minSuccesses');
    const s = fromJson(SparkJobSchema, { applicationType: 'PYTHON', sparkConf: { 'spark.executor.cores': '2' } });
    assert.equal(s.applicationType, SparkApplication_Type.PYTHON);
    const r = fromJson(RayJobSchema, {
      rayCluster: { headGroupSpec: { rayStartParams: { port: '6379' } } },
      shutdownAfterJobFinishes: true,
    });
    assert.equal(r.rayCluster?.headGroupSpec?.rayStartParams.port, '6379');
    assert.deepEqual(toJson(DaskJobSchema, fromJson(DaskJobSchema, { workers: { numberOfWorkers: 3 } })), {
      workers: { numberOfWorkers: 3 },
    });
    assert.equal(fromJson(WaitableSchema, { phase: 'RUNNING' }).phase, 2, 'WorkflowExecution.Phase RUNNING');
    const t = fromJson(kubeflow.DistributedPyTorchTrainingTaskSchema, {
      workerReplicas: { replicas: 4 },
      runPolicy: { cleanPodPolicy: 'CLEANPOD_POLICY_ALL' },
    });
    assert.equal(t.workerReplicas?.replicas, 4);
    assert.equal(t.runPolicy?.cleanPodPolicy, kubeflow.CleanPodPolicy.CLEANPOD_POLICY_ALL);
  });

  it('an unknown field is refused unless asked to ignore it', () => {
    assert.throws(() => fromJson(PrestoQuerySchema, { statment: 'x' }), /statment/);
    assert.equal(fromJson(PrestoQuerySchema, { statment: 'x' }, { ignoreUnknownFields: true }).statement, '');
  });
});
