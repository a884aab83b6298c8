// Executor.unfinished: the count of started, unfinished task executions, which the runner asks after every round.
import assert from 'node:assert/strict';
import {
  Executor,
  create,
  doTransition,
  phaseInfoRunning,
  phaseInfoSuccess,
  TaskTemplateSchema,
  type Plugin,
} from '@plugbench/sdk';

describe('executor: unfinished', () => {
  it('counts started executions until each finishes, and agrees with every task view', async () => {
    const plugin: Plugin = {
      getID: () => 'steps',
      getProperties: () => ({}),
      handle(ctx) {
        const n = ((ctx.pluginStateReader().get().value as { n?: number } | undefined)?.n ?? 0) + 1;
        ctx.pluginStateWriter().put(1, { n });
        return doTransition(n >= 3 ? phaseInfoSuccess() : phaseInfoRunning(n));
      },
      abort() {},
      finalize() {},
    };
    const ex = await Executor.create({
      plugins: [{ id: 'steps', registeredTaskTypes: ['steps'], loadPlugin: () => plugin }],
    });
    assert.equal(ex.unfinished, 0);
    const template = create(TaskTemplateSchema, { type: 'steps' });
    ex.start({ id: 'a', template });
    ex.start({ id: 'b', template });
    assert.equal(ex.unfinished, 2);
    const seen = new Set<number>();
    while ((await ex.step()) !== undefined) {
      assert.equal(ex.unfinished, ex.tasks().filter((t) => !t.finished).length);
      seen.add(ex.unfinished);
    }
    assert.equal(ex.unfinished, 0);
    assert.deepEqual([...seen].sort(), [0, 1, 2]);
  });
});
