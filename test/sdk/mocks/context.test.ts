// @plugbench/sdk/mocks: the counterpart of Go's pluginmachinery/core/mocks. Go tests of plugin helpers build mocks
// with EXPECT() (e.g. core/template/template_test.go TestReplaceTemplateCommandArgs mocks TaskExecutionMetadata and
// TaskExecutionID); here one call builds the whole context from plain options, and every call is recorded.
import assert from 'node:assert/strict';
import { AllocationStatus, phaseInfoRunning, SecretNotFoundError } from '@plugbench/sdk';
import { newMockTaskExecutionContext } from '@plugbench/sdk/mocks';
import { render } from '@plugbench/sdk/template';
import { StateSchema, zeroState, type State } from '@plugbench/sdk/webapi';

describe('sdk/mocks: a task execution context from plain options', () => {
  it('serves the template, inputs, metadata and secrets it was given, and records each call', async () => {
    const tCtx = newMockTaskExecutionContext({
      template: { type: 'athena', custom: { statement: 'SELECT 1' } },
      inputs: { literals: { x: { scalar: { primitive: { integer: '3' } } } } },
      metadata: { generatedName: 'per-retry-unique-key', namespace: 'test-namespace', retryAttempt: 2 },
      secrets: { token: 's3cr3t' },
    });
    assert.equal((await tCtx.taskReader().read()).custom?.statement, 'SELECT 1');
    assert.equal(tCtx.taskExecutionMetadata().getTaskExecutionID().getID().retryAttempt, 2);
    assert.equal(await tCtx.secretManager().get('token'), 's3cr3t');
    await assert.rejects(tCtx.secretManager().get('nope'), (e: unknown) => e instanceof SecretNotFoundError);
    assert.deepEqual(
      await render(['{{ .perRetryUniqueKey }}', '--x={{ .Inputs.x }}', '{{ .Namespace }}'], {
        taskExecMetadata: tCtx.taskExecutionMetadata(),
        inputs: tCtx.inputReader(),
        outputPath: tCtx.outputWriter(),
      }),
      ['per_retry_unique_key', '--x=3', 'test-namespace'],
    );
    assert.deepEqual(tCtx.methods().slice(0, 4), [
      'tCtx.taskReader',
      'taskReader.read',
      'tCtx.taskExecutionMetadata',
      'taskExecutionMetadata.getTaskExecutionID',
    ]);
    assert.deepEqual(
      tCtx.calls.filter((c) => c.method === 'secretManager.get').map((c) => c.args),
      [['token'], ['nope']],
    );
  });

  it('quotas: tokens granted while fewer than the quota are held, idempotent per token, released', async () => {
    const tCtx = newMockTaskExecutionContext({ quotas: { ns: 1 } });
    const rm = tCtx.resourceManager();
    assert.equal(await rm.allocateResource('ns', 'a', {}), AllocationStatus.Granted);
    assert.equal(await rm.allocateResource('ns', 'a', {}), AllocationStatus.Granted);
    assert.equal(await rm.allocateResource('ns', 'b', {}), AllocationStatus.Exhausted);
    await rm.releaseResource('ns', 'a');
    assert.equal(await rm.allocateResource('ns', 'b', {}), AllocationStatus.Granted);
    assert.deepEqual([...tCtx.effects.tokens.get('ns')!], ['b']);
    assert.equal(await rm.allocateResource('unlimited', 'z', {}), AllocationStatus.Granted);
  });

  it('state: reads the given state (validated by a schema), records puts and resets', () => {
    const state: State = { ...zeroState(), phase: 'ResourcesCreated', resourceMeta: { id: 'q-1' } };
    const tCtx = newMockTaskExecutionContext({ state: { version: 1, value: state } });
    assert.equal(tCtx.pluginStateReader().getStateVersion(), 1);
    assert.deepEqual(tCtx.pluginStateReader().get(StateSchema).value, state);
    assert.throws(
      () =>
        newMockTaskExecutionContext({ state: { version: 1, value: { phase: 'Nope' } } })
          .pluginStateReader()
          .get(StateSchema),
      /does not decode/,
    );
    tCtx.pluginStateWriter().put(1, { n: 1 });
    tCtx.pluginStateWriter().reset();
    assert.deepEqual(tCtx.effects.statePuts, [{ version: 1, value: { n: 1 } }]);
    assert.equal(tCtx.effects.stateResets, 1);
    assert.equal(newMockTaskExecutionContext().pluginStateReader().get().value, undefined);
  });

  it('events, refreshes and the data store', async () => {
    const tCtx = newMockTaskExecutionContext();
    await tCtx.eventsRecorder().recordRaw(phaseInfoRunning(1));
    tCtx.taskRefreshIndicator()();
    const ref = tCtx.dataStore().constructReference(tCtx.outputWriter().getOutputPrefixPath(), 'x.txt');
    await tCtx.dataStore().writeRaw(ref, new TextEncoder().encode('hi'));
    assert.equal(new TextDecoder().decode(await tCtx.store.readRaw(ref)), 'hi');
    assert.equal(tCtx.effects.events.length, 1);
    assert.equal(tCtx.effects.refreshes, 1);
  });

  it('refuses options of the wrong shape, naming the option', () => {
    assert.throws(() => newMockTaskExecutionContext({ quotas: { ns: -1 } }), /quotas/);
    assert.throws(() => newMockTaskExecutionContext({ metadata: { retryAttempt: -1 } }), /retryAttempt/);
  });
});
