// Fixtures hold task templates and inputs in Flyte IDL's JSON form, so that form must round-trip without loss
// through the IDL types the SDK ships (protobuf-es code generated from @flyteorg/flyteidl): Struct contents
// included, which the package's own protobufjs code silently drops.
import assert from 'node:assert/strict';
import {
  ExecutionErrorSchema,
  ExecutionError_ErrorKind,
  LiteralMapSchema,
  TaskTemplateSchema,
  TaskExecutionIdentifierSchema,
  create,
  fromJson,
  toJson,
  type JsonObject,
} from '@plugbench/sdk';

const template: JsonObject = {
  id: { resourceType: 'TASK', project: 'flytesnacks', domain: 'development', name: 'hive.query', version: 'v1' },
  type: 'hive',
  metadata: {
    discoverable: true,
    runtime: { type: 'FLYTE_SDK', version: '1.16.0', flavor: 'python' },
    timeout: '3600s',
    retries: { retries: 2 },
    discoveryVersion: '1',
    interruptible: true,
  },
  interface: {
    inputs: { variables: { ds: { type: { simple: 'STRING' }, description: 'partition' } } },
    outputs: { variables: { results: { type: { schema: { columns: [{ name: 'a', type: 'STRING' }] } } } } },
  },
  custom: {
    clusterLabel: 'default',
    query: { query: 'select * from t where ds = {{ .inputs.ds }}', timeoutSec: 30, retryCount: 1 },
    tags: ['a', 'b'],
    nested: { deep: { deeper: [1, 2.5, true, null, { k: 'v' }] } },
  },
  taskTypeVersion: 1,
  config: { 'a-key': 'a-value' },
};

const inputs: JsonObject = {
  literals: {
    ds: { scalar: { primitive: { stringValue: '2024-01-01' } } },
    n: { scalar: { primitive: { integer: '42' } } },
    f: { scalar: { primitive: { floatValue: 1.5 } } },
    b: { scalar: { primitive: { boolean: true } } },
    when: { scalar: { primitive: { datetime: '2024-01-01T00:00:00Z' } } },
    took: { scalar: { primitive: { duration: '1.500s' } } },
    xs: {
      collection: {
        literals: [{ scalar: { primitive: { integer: '1' } } }, { scalar: { primitive: { integer: '2' } } }],
      },
    },
    m: { map: { literals: { k: { scalar: { primitive: { stringValue: 'v' } } } } } },
    s: { scalar: { generic: { a: 1, b: ['x', { c: false }] } } },
  },
};

describe('Flyte IDL JSON through the SDK', () => {
  it('a task template round-trips without loss, Struct custom included', () => {
    const t = fromJson(TaskTemplateSchema, template);
    assert.equal(t.type, 'hive');
    assert.deepEqual(t.custom, template.custom);
    assert.equal(t.metadata?.retries?.retries, 2);
    assert.deepEqual(toJson(TaskTemplateSchema, t), template);
  });

  it('a literal map round-trips without loss: primitives, collections, maps, a generic Struct', () => {
    const m = fromJson(LiteralMapSchema, inputs);
    assert.equal(m.literals.n?.value.case, 'scalar');
    assert.deepEqual(toJson(LiteralMapSchema, m), inputs);
  });

  it('an unknown key is refused, naming the key', () => {
    assert.throws(() => fromJson(TaskTemplateSchema, { type: 'hive', custm: {} }), /key "custm" is unknown/);
  });

  it('enums read and write by name: an execution error of kind USER', () => {
    const e = fromJson(ExecutionErrorSchema, { code: 'C', message: 'M', kind: 'USER' });
    assert.equal(e.kind, ExecutionError_ErrorKind.USER);
    assert.deepEqual(toJson(ExecutionErrorSchema, e), { code: 'C', message: 'M', kind: 'USER' });
  });

  it('messages built in code are the same types: a task execution identifier', () => {
    const id = create(TaskExecutionIdentifierSchema, {
      taskId: { name: 't', project: 'p', domain: 'd', version: 'v' },
      nodeExecutionId: { nodeId: 'n0', executionId: { project: 'p', domain: 'd', name: 'e' } },
      retryAttempt: 1,
    });
    assert.deepEqual(toJson(TaskExecutionIdentifierSchema, id), {
      taskId: { project: 'p', domain: 'd', name: 't', version: 'v' },
      nodeExecutionId: { nodeId: 'n0', executionId: { project: 'p', domain: 'd', name: 'e' } },
      retryAttempt: 1,
    });
  });
});
