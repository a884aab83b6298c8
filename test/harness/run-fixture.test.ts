// What a fixture says reaches the executor unchanged: its executor settings and every key of a task that the
// executor's TaskSpec has, through the testbed, with nothing copied by hand on the way (a key list that forgot one
// would drop it silently).
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CallRecord, TaskStarted } from '@plugbench/sdk';
import { openFixture, parseFixture } from '@plugbench/harness';

const file = path.resolve(__dirname, 'fixtures/probe.fixture.yaml');

const text = `plugin: { module: ../plugins/context-probe.ts, export: createContextProbe }
executor: { maxOutputSizeBytes: 2048, startTime: '2025-01-01T00:00:00Z' }
maxRounds: 7
tasks:
  - id: a
    type: probe
    execution: { project: p, domain: d, name: e1 }
    nodeId: n7
    retries: 2
    interruptible: true
    labels: { team: a }
    annotations: { note: x }
    serviceAccount: sa
    overrides: { resources: { limits: { cpu: '2' } }, config: { data: { k: v } } }
  - id: b
    type: probe
    startAtMs: 5000
`;

describe('harness: a fixture reaches the executor', () => {
  it('every task key of TaskSpec, the executor settings, the round cap and a start relative to the run', async () => {
    const session = await openFixture(parseFixture(text, file));
    assert.equal(session.maxRounds, 7);
    const result = await session.finish();
    const started = result.timeline.find((r): r is TaskStarted => r.kind === 'task.started' && r.task === 'a');
    assert.deepEqual(
      started && {
        execution: started.execution,
        nodeId: started.nodeId,
        maxAttempts: started.maxAttempts,
        interruptible: started.interruptible,
      },
      {
        execution: { project: 'p', domain: 'd', name: 'e1' },
        nodeId: 'n7',
        maxAttempts: 3,
        interruptible: true,
      },
    );
    const seen = JSON.parse(result.tasks[0]!.error!.message) as Record<string, unknown>;
    assert.equal((seen.labels as Record<string, string>).team, 'a');
    assert.deepEqual(
      {
        annotations: seen.annotations,
        serviceAccount: seen.serviceAccount,
        resources: seen.resources,
        config: seen.config,
        maxDatasetSizeBytes: seen.maxDatasetSizeBytes,
      },
      {
        annotations: { note: 'x' },
        serviceAccount: 'sa',
        resources: { limits: { cpu: '2' } },
        config: { data: { k: 'v' } },
        maxDatasetSizeBytes: 2048,
      },
    );
    const start = Date.parse('2025-01-01T00:00:00Z');
    const firstCallOfB = result.timeline.find((r): r is CallRecord => r.kind === 'call' && r.task === 'b');
    assert.equal(firstCallOfB?.at, start + 5000);
  });
});
