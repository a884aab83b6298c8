// Tasks of one workflow execution are nodes of one workflow. A node that fails fails the workflow, and the nodes
// still running are aborted (flytepropeller/pkg/controller/nodes/executor.go handleDownstream under the default
// FAIL_IMMEDIATELY policy; workflow/executor.go handleFailingWorkflow: cleanupRunningNodes with "Some node execution
// failed, auto-abort."). Every node has its own id, from which its generated name comes
// (nodes/task/taskexec_context.go): two tasks of one execution never share tokens, output paths or barrier entries.
import assert from 'node:assert/strict';
import { doTransition, Executor, InvalidArgumentError, phaseInfoFailure, phaseInfoRunning } from '@plugbench/sdk';
import { callSequence, entryOf, foreverPlugin, recordsOf, template, testPlugin } from '../../support/plugins';

async function setup() {
  const failing = testPlugin('failing', (_t, n) =>
    doTransition(n < 2 ? phaseInfoRunning(n) : phaseInfoFailure('Boom', 'the job failed')),
  );
  const forever = foreverPlugin();
  const ex = await Executor.create({ plugins: [entryOf(failing), entryOf(forever)] });
  return { ex, failing, forever };
}

describe('executor: the nodes of one workflow execution (Go nodes/executor.go handleDownstream, workflow/executor.go handleFailingWorkflow)', () => {
  it('a node that fails fails the workflow: the running sibling gets Abort and Finalize and ends Aborted', async () => {
    const { ex, forever } = await setup();
    ex.start({ id: 'bad', template: template('failing'), execution: { name: 'wf' } });
    ex.start({ id: 'sibling', template: template('forever'), execution: { name: 'wf' } });
    ex.start({ id: 'other', template: template('forever'), execution: { name: 'elsewhere' } });
    const outcome = await ex.runUntil({ terminal: ['bad', 'sibling'], maxRounds: 100 });
    assert.equal(outcome.reason, 'terminal', 'the sibling does not run to the round cap');
    const finished = new Map(recordsOf(ex, 'task.finished').map((r) => [r.task, r]));
    assert.equal(finished.get('bad')!.nodePhase, 'Failed');
    assert.equal(finished.get('sibling')!.nodePhase, 'Aborted');
    assert.equal(finished.get('sibling')!.reason, 'Some node execution failed, auto-abort.');
    assert.deepEqual(callSequence(ex, 'sibling').slice(-2), ['abort', 'finalize']);
    assert.equal(forever.count('abort'), 1);
    assert.equal(ex.task('other').finished, false, 'another workflow execution is not touched');
  });

  it('tasks of one execution without a node id get their own (n0, n1, ...): distinct generated names', async () => {
    const { ex } = await setup();
    ex.start({ id: 'a', template: template('forever'), execution: { name: 'wf' } });
    ex.start({ id: 'b', template: template('forever'), execution: { name: 'wf' } });
    ex.start({ id: 'c', template: template('forever'), execution: { name: 'wf' }, nodeId: 'n3' });
    ex.start({ id: 'd', template: template('forever'), execution: { name: 'wf' } });
    const started = recordsOf(ex, 'task.started');
    assert.deepEqual(
      started.map((r) => r.nodeId),
      ['n0', 'n1', 'n3', 'n2'],
    );
    const names = ['a', 'b', 'c', 'd'].map((id) => ex.task(id).generatedName);
    assert.equal(new Set(names).size, 4, names.join(', '));
  });

  it('two tasks of one execution given the same node id are refused, naming both', async () => {
    const { ex } = await setup();
    ex.start({ id: 'first', template: template('forever'), execution: { name: 'wf' }, nodeId: 'train' });
    assert.throws(
      () => ex.start({ id: 'second', template: template('forever'), execution: { name: 'wf' }, nodeId: 'train' }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        /\[first\] and \[second\] of workflow execution \[wf\] both have node id \[train\]/.test(e.message),
    );
    // The same node id in another execution is another node.
    ex.start({ id: 'third', template: template('forever'), execution: { name: 'wf2' }, nodeId: 'train' });
  });
});
