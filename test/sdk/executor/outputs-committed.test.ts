// A plugin that succeeds with an in-memory output reader (`isFile()` false) has its outputs written to outputs.pb,
// the file its SUCCEEDED event names, as FlytePropeller's `Handler.ValidateOutput` commits them
// (`if !r.IsFile(ctx) { outputCommitter.Put(ctx, r) }`). Found while porting the Hive and webapi examples.
import assert from 'node:assert/strict';
import {
  create,
  doTransition,
  Executor,
  fromJson,
  LiteralMapSchema,
  newInMemoryOutputReader,
  phaseInfoSuccess,
  readProtobuf,
  TaskTemplateSchema,
  type DataStore,
  type PluginEntry,
} from '@plugbench/sdk';

describe('outputs of an in-memory reader are committed to outputs.pb on Success', () => {
  it('writes the outputs of an in-memory reader to the output path named by the SUCCEEDED event', async () => {
    let store: DataStore | undefined;
    const outputs = fromJson(LiteralMapSchema, { literals: { y: { scalar: { primitive: { integer: '7' } } } } });
    const entry: PluginEntry = {
      id: 'mem-out',
      registeredTaskTypes: ['mem-out'],
      loadPlugin: () => ({
        getID: () => 'mem-out',
        getProperties: () => ({}),
        async handle(tCtx) {
          store = tCtx.dataStore();
          await tCtx.outputWriter().put(newInMemoryOutputReader(create(LiteralMapSchema, outputs)));
          return doTransition(phaseInfoSuccess());
        },
        abort() {},
        finalize() {},
      }),
    };
    const ex = await Executor.create({ plugins: [entry] });
    ex.start({
      id: 't',
      template: fromJson(TaskTemplateSchema, {
        type: 'mem-out',
        interface: { outputs: { variables: { y: { type: { simple: 'INTEGER' } } } } },
      }),
    });
    await ex.runUntil({ maxRounds: 5 });
    const ev = ex.timeline.flatMap((r) => (r.kind === 'call' ? r.events : [])).find((e) => e.phase === 'SUCCEEDED');
    assert.ok(ev?.outputUri, 'the SUCCEEDED event names the outputs');
    const written = await readProtobuf(store!, ev.outputUri, LiteralMapSchema);
    assert.deepEqual(Object.keys(written.literals), ['y']);
  });
});
