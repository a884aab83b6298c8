// Plugin loaders run under the executor's virtual clock, as Handle does: `now()` at load is virtual time.
import assert from 'node:assert/strict';
import { Executor, now, type PluginEntry } from '@plugbench/sdk';

describe('the contract clock during loadPlugin', () => {
  it('is the virtual clock of the executor, as during Handle', async () => {
    let atLoad: number | undefined;
    const entry: PluginEntry = {
      id: 'clock',
      registeredTaskTypes: ['clock'],
      loadPlugin: () => {
        atLoad = now().getTime();
        return {
          getID: () => 'clock',
          getProperties: () => ({}),
          handle: () => Promise.reject(new Error('unused')),
          abort() {},
          finalize() {},
        };
      },
    };
    const startMs = Date.UTC(2030, 0, 1);
    await Executor.create({ plugins: [entry], startMs });
    assert.equal(atLoad, startMs);
  });
});
