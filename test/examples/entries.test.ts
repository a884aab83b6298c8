// The default entry every example plugin exports (examples/plugins/README convention: `create<Name>Entry(config?)`
// and `<name>Entry`): its id, the task types it registers, and the quotas it registers when it loads.
import assert from 'node:assert/strict';
import { Executor, type PluginEntry, type PoolSnapshot } from '@plugbench/sdk';
import { athenaEntry } from '../../examples/plugins/athena';
import { echoEntry } from '../../examples/plugins/echo';
import { hiveEntry } from '../../examples/plugins/hive';
import { webApiEntry } from '../../examples/plugins/webapi';
import { idlePool } from './support';

const EXAMPLES: { entry: PluginEntry; id: string; taskTypes: string[]; pools: PoolSnapshot[] }[] = [
  {
    entry: athenaEntry,
    id: 'athena',
    taskTypes: ['hive', 'presto'],
    // Go's default config: resource quotas {default: 1000}.
    pools: [idlePool('redisresourcemanager:athena:default', 1000)],
  },
  { entry: echoEntry, id: 'echo', taskTypes: ['echo'], pools: [] },
  {
    entry: hiveEntry,
    id: 'qubole-hive-executor',
    taskTypes: ['hive'],
    // One quota per cluster: the default configuration has one cluster `default`, limit 100.
    pools: [idlePool('redisresourcemanager:qubole-hive-executor:default', 100)],
  },
  {
    entry: webApiEntry,
    id: 'toy-webapi',
    taskTypes: ['toy-webapi'],
    pools: [idlePool('redisresourcemanager:toy-webapi:default', 2)],
  },
];

describe('examples: the default entries', () => {
  for (const { entry, id, taskTypes, pools } of EXAMPLES) {
    it(`${id}: registers the task types ${taskTypes.join(', ')} and, loaded, ${pools.length} quota(s)`, async () => {
      assert.equal(entry.id, id);
      assert.deepEqual(entry.registeredTaskTypes, taskTypes);
      const ex = await Executor.create({ plugins: [entry], resourceManager: { type: 'redis' } });
      assert.deepEqual(ex.pools(), pools);
    });
  }
});
