// Task execution metadata as propeller builds it: defaults, labels, owner, generated name, identifier.
import assert from 'node:assert/strict';
import {
  fnv1a32,
  GeneratedNameError,
  generatedName,
  InvalidArgumentError,
  ResourceType,
  buildTaskExecutionMetadata,
  doTransition,
  Executor,
  metadataOf,
  phaseInfoSuccess,
  ResolvedSpecCache,
  resolveTaskExecutionSpec,
  sanitizeLabelValue,
} from '@plugbench/sdk';
import { entryOf, template, testPlugin } from '../../../support/plugins';

const base = {
  project: 'flytesnacks',
  domain: 'development',
  executionName: 'f8a7b6c5d4',
  nodeId: 'n0',
  taskName: 'my_pkg.My_Task',
};

describe('services: buildTaskExecutionMetadata', () => {
  it('defaults: namespace <project>-<domain>, no service account, not interruptible, attempt 0', () => {
    const md = buildTaskExecutionMetadata(base);
    assert.equal(md.getNamespace(), 'flytesnacks-development');
    assert.equal(md.getK8sServiceAccount(), '');
    assert.equal(md.isInterruptible(), false);
    assert.deepEqual(md.getAnnotations(), {});
    assert.equal(md.getOverrides().getResources(), undefined);
    assert.equal(md.getOverrides().getConfig(), undefined);
    assert.equal(md.getTaskExecutionID().getID().retryAttempt, 0);
    assert.deepEqual(md.getEnvironmentVariables(), {});
  });

  it('environment variables as given, handed out as copies', () => {
    const md = buildTaskExecutionMetadata({ ...base, environmentVariables: { FOO: 'bar' } });
    md.getEnvironmentVariables().FOO = 'changed';
    assert.deepEqual(md.getEnvironmentVariables(), { FOO: 'bar' });
  });

  it("labels: the workflow's (Flyte's and the user's), then node-id, task-name (sanitized) and interruptible", () => {
    const md = buildTaskExecutionMetadata({
      ...base,
      interruptible: true,
      workflowName: 'my_pkg.My_WF',
      labels: { team: 'ml', 'node-id': 'user-value' },
    });
    assert.deepEqual(md.getLabels(), {
      'execution-id': 'f8a7b6c5d4',
      project: 'flytesnacks',
      domain: 'development',
      'shard-key': String(fnv1a32('f8a7b6c5d4') % 100),
      'workflow-name': 'my-pkg-my-wf',
      team: 'ml',
      'node-id': 'n0',
      'task-name': 'my-pkg-my-task',
      interruptible: 'true',
    });
  });

  it('sanitizeLabelValue: lower case, invalid runs to "-", at most 63, no "-" at the ends', () => {
    assert.equal(sanitizeLabelValue('__My.Task__'), 'my-task');
    assert.equal(sanitizeLabelValue('a'.repeat(70)).length, 63);
  });

  it('owner: the FlyteWorkflow object named after the execution, as controller', () => {
    const md = buildTaskExecutionMetadata(base);
    assert.deepEqual(md.getOwnerID(), { namespace: 'flytesnacks-development', name: 'f8a7b6c5d4' });
    const ref = md.getOwnerReference();
    assert.equal(ref.apiVersion, 'flyte.lyft.com/v1alpha1');
    assert.equal(ref.kind, 'flyteworkflow');
    assert.equal(ref.name, 'f8a7b6c5d4');
    assert.equal(ref.controller, true);
    assert.equal(ref.blockOwnerDeletion, true);
    assert.equal(ref.uid, buildTaskExecutionMetadata(base).getOwnerReference().uid, 'deterministic');
    assert.notEqual(ref.uid, buildTaskExecutionMetadata({ ...base, executionName: 'other' }).getOwnerReference().uid);
    assert.equal(
      buildTaskExecutionMetadata({ ...base, ownerKind: 'custom', ownerUid: 'u-1' }).getOwnerReference().kind,
      'custom',
    );
  });

  it('generated name per attempt, honouring the plugin maximum, or as given', () => {
    assert.equal(
      buildTaskExecutionMetadata({ ...base, retryAttempt: 2 })
        .getTaskExecutionID()
        .getGeneratedName(),
      'f8a7b6c5d4-n0-2',
    );
    const short = buildTaskExecutionMetadata({ ...base, generatedNameMaxLength: 8 })
      .getTaskExecutionID()
      .getGeneratedName();
    assert.equal(short, generatedName('f8a7b6c5d4', 'n0', 0, 8));
    assert.throws(() => buildTaskExecutionMetadata({ ...base, generatedNameMaxLength: 7 }), GeneratedNameError);
    assert.equal(
      buildTaskExecutionMetadata({ ...base, generatedName: 'given' })
        .getTaskExecutionID()
        .getGeneratedName(),
      'given',
    );
  });

  it('getID: the IDL TaskExecutionIdentifier of the attempt', () => {
    const id = buildTaskExecutionMetadata({ ...base, retryAttempt: 1 })
      .getTaskExecutionID()
      .getID();
    assert.equal(id.$typeName, 'flyteidl.core.TaskExecutionIdentifier');
    assert.equal(id.retryAttempt, 1);
    assert.equal(id.taskId?.resourceType, ResourceType.TASK);
    assert.equal(id.taskId?.name, 'my_pkg.My_Task');
    assert.equal(id.nodeExecutionId?.nodeId, 'n0');
    assert.deepEqual(
      {
        p: id.nodeExecutionId?.executionId?.project,
        d: id.nodeExecutionId?.executionId?.domain,
        n: id.nodeExecutionId?.executionId?.name,
      },
      { p: 'flytesnacks', d: 'development', n: 'f8a7b6c5d4' },
    );
    const explicit = buildTaskExecutionMetadata({
      ...base,
      taskName: undefined,
      taskId: { resourceType: ResourceType.TASK, project: 'x', domain: 'y', name: 'z', version: 'v9' },
    });
    assert.equal(explicit.getTaskExecutionID().getID().taskId?.version, 'v9');
    assert.equal(explicit.getLabels()['task-name'], 'z');
    assert.throws(() => buildTaskExecutionMetadata({ ...base, taskName: undefined }), InvalidArgumentError);
  });

  it('overrides, labels and annotations are handed out as copies', () => {
    const resources = { limits: { cpu: '1' } };
    const md = buildTaskExecutionMetadata({
      ...base,
      overrides: { resources, config: { data: { k: 'v' } } },
      annotations: { a: 'b' },
    });
    resources.limits.cpu = '99';
    assert.deepEqual(md.getOverrides().getResources(), { limits: { cpu: '1' } });
    md.getOverrides().getConfig()!.data!.k = 'changed';
    assert.equal(md.getOverrides().getConfig()!.data!.k, 'v');
    md.getLabels()['node-id'] = 'changed';
    md.getAnnotations().a = 'changed';
    assert.equal(md.getLabels()['node-id'], 'n0');
    assert.equal(md.getAnnotations().a, 'b');
  });
});

describe('services: the per-attempt cache of resolved specs', () => {
  it('resolves once per attempt: the same spec while the attempt lasts, a new one for the next', () => {
    const cache = new ResolvedSpecCache<object>();
    const task = {};
    let made = 0;
    const make = (attempt: number) => () => {
      made++;
      return resolveTaskExecutionSpec({ ...base, retryAttempt: attempt });
    };
    const a = cache.get(task, 0, make(0));
    assert.equal(cache.get(task, 0, make(0)), a);
    assert.equal(made, 1);
    const b = cache.get(task, 1, make(1));
    assert.notEqual(b, a);
    assert.equal(b.retryAttempt, 1);
    assert.equal(made, 2);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new ResolvedSpecCache<object>(2);
    const [t1, t2, t3] = [{}, {}, {}];
    let made = 0;
    const make = () => {
      made++;
      return resolveTaskExecutionSpec(base);
    };
    cache.get(t1, 0, make);
    cache.get(t2, 0, make);
    cache.get(t1, 0, make); // t1 is now the most recent
    cache.get(t3, 0, make); // drops t2
    assert.equal(made, 3);
    cache.get(t1, 0, make);
    assert.equal(made, 3);
    cache.get(t2, 0, make);
    assert.equal(made, 4);
  });

  it('metadata over a shared resolved spec hands out copies: a plugin changing them changes nothing for the next round', () => {
    const resolved = resolveTaskExecutionSpec({ ...base, labels: { team: 'a' } });
    const first = metadataOf(resolved);
    first.getLabels().team = 'changed';
    first.getOwnerReference().name = 'changed';
    first.getTaskExecutionID().getID().taskId!.name = 'changed';
    const next = metadataOf(resolved);
    assert.equal(next.getLabels().team, 'a');
    assert.equal(next.getOwnerReference().name, base.executionName);
    assert.equal(next.getTaskExecutionID().getID().taskId!.name, base.taskName);
    assert.deepEqual(next.getLabels(), buildTaskExecutionMetadata({ ...base, labels: { team: 'a' } }).getLabels());
  });
});

// A connector's CreateTask request carries these (flyteplugins go/tasks/plugins/webapi/connector/plugin.go
// buildTaskExecutionMetadata: Namespace, EnvironmentVariables from the plugin's TaskExecutionMetadata).
describe("executor: a TaskSpec's namespace and environment variables reach the plugin's metadata", () => {
  const seenBy = async (spec: { namespace?: string; environmentVariables?: Record<string, string> }) => {
    const seen: Array<[string, Record<string, string>]> = [];
    const p = testPlugin('p', (tCtx) => {
      const md = tCtx.taskExecutionMetadata();
      seen.push([md.getNamespace(), md.getEnvironmentVariables()]);
      return doTransition(phaseInfoSuccess());
    });
    const ex = await Executor.create({ plugins: [entryOf(p)] });
    ex.start({ id: 't', template: template('p'), ...spec });
    await ex.runUntil({ terminal: ['t'], maxRounds: 10 });
    return seen[0];
  };

  it('given: the namespace and the variables of the spec', async () => {
    assert.deepEqual(await seenBy({ namespace: 'team-a-production', environmentVariables: { FOO: 'bar' } }), [
      'team-a-production',
      { FOO: 'bar' },
    ]);
  });

  it('not given: the default namespace <project>-<domain>, no variables', async () => {
    assert.deepEqual(await seenBy({}), ['flytesnacks-development', {}]);
  });
});
