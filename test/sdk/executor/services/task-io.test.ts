// Task inputs and output paths per attempt, and the buffered output writer.
import assert from 'node:assert/strict';
import {
  generatedName,
  NotFoundError,
  create,
  LiteralMapSchema,
  BufferedOutputWriter,
  buildTaskOutputPaths,
  doTransition,
  Executor,
  phaseInfoSuccess,
  InMemoryDataStore,
  InMemoryInputReader,
  nodeDataDir,
  writeTaskInputs,
  newInMemoryOutputReader,
} from '@plugbench/sdk';
import { defined } from '../../../support/defined';
import { entryOf, template, testPlugin } from '../../../support/plugins';
import { primitiveLiterals } from '../../../support/literals';

const loc = { project: 'flytesnacks', domain: 'development', executionName: 'f8a7b6c5d4', nodeId: 'n0' };
const inputs = primitiveLiterals({ x: 7n });

describe('services: task inputs', () => {
  it("the node data dir follows propeller's layout", () => {
    const store = new InMemoryDataStore();
    assert.equal(
      nodeDataDir(store, loc),
      'mem://plugbench/metadata/propeller/flytesnacks-development-f8a7b6c5d4/n0/data',
    );
    assert.equal(
      nodeDataDir(store, { ...loc, bucket: 'other' }),
      'mem://other/metadata/propeller/flytesnacks-development-f8a7b6c5d4/n0/data',
    );
  });

  it('InMemoryInputReader reads inputs.pb under its prefix; get() returns copies', async () => {
    const store = new InMemoryDataStore();
    const prefix = await writeTaskInputs(store, loc, inputs);
    const reader = new InMemoryInputReader(store, prefix);
    assert.equal(reader.getInputPrefixPath(), prefix);
    assert.equal(reader.getInputPath(), `${prefix}/inputs.pb`);
    const got = await reader.get();
    assert.equal(defined(got.literals.x, 'literal x').value.case, 'scalar');
    delete got.literals.x;
    assert.ok('x' in (await reader.get()).literals);
  });

  it('downloads once per reader (Go CachedInputReader), a new reader sees new inputs', async () => {
    const store = new InMemoryDataStore();
    const prefix = await writeTaskInputs(store, loc, inputs);
    const reader = new InMemoryInputReader(store, prefix);
    await reader.get();
    await writeTaskInputs(store, loc, create(LiteralMapSchema, {}));
    assert.ok('x' in (await reader.get()).literals, 'cached for this round');
    assert.deepEqual(Object.keys((await new InMemoryInputReader(store, prefix).get()).literals), []);
  });

  it('a missing inputs.pb rejects with NotFoundError, and is not cached as a failure', async () => {
    const store = new InMemoryDataStore();
    const reader = new InMemoryInputReader(store, nodeDataDir(store, loc));
    await assert.rejects(reader.get(), NotFoundError);
    await writeTaskInputs(store, loc, inputs);
    assert.ok('x' in (await reader.get()).literals);
  });
});

describe('services: output paths and BufferedOutputWriter', () => {
  const store = new InMemoryDataStore();
  const dir = 'mem://plugbench/metadata/propeller/flytesnacks-development-f8a7b6c5d4/n0/data';

  it('attempt 0: outputs under <data dir>/0, raw outputs under the generated name, no previous checkpoint', () => {
    const w = new BufferedOutputWriter(buildTaskOutputPaths(store, { ...loc, retryAttempt: 0 }));
    assert.equal(w.getOutputPrefixPath(), `${dir}/0`);
    assert.equal(w.getOutputPath(), `${dir}/0/outputs.pb`);
    assert.equal(w.getErrorPath(), `${dir}/0/error.pb`);
    assert.equal(w.getRawOutputPrefix(), 'mem://plugbench/raw/f8a7b6c5d4-n0-0');
    assert.equal(w.getCheckpointPrefix(), 'mem://plugbench/raw/f8a7b6c5d4-n0-0/_flytecheckpoints');
    assert.equal(w.getPreviousCheckpointsPrefix(), '');
  });

  it("a given output prefix (a connector request's output_prefix): outputs and errors under it, raw prefix unchanged", () => {
    const prefix = 's3://my-bucket/metadata/f8a7b6c5d4/n0/0';
    const w = new BufferedOutputWriter(buildTaskOutputPaths(store, { ...loc, retryAttempt: 0, outputPrefix: prefix }));
    assert.equal(w.getOutputPrefixPath(), prefix);
    assert.equal(w.getOutputPath(), `${prefix}/outputs.pb`);
    assert.equal(w.getErrorPath(), `${prefix}/error.pb`);
    assert.equal(w.getRawOutputPrefix(), 'mem://plugbench/raw/f8a7b6c5d4-n0-0');
  });

  it("attempt 2: its own directories, and the previous checkpoint is attempt 1's", () => {
    const w = new BufferedOutputWriter(buildTaskOutputPaths(store, { ...loc, retryAttempt: 2 }));
    assert.equal(w.getOutputPath(), `${dir}/2/outputs.pb`);
    assert.equal(w.getCheckpointPrefix(), 'mem://plugbench/raw/f8a7b6c5d4-n0-2/_flytecheckpoints');
    assert.equal(w.getPreviousCheckpointsPrefix(), 'mem://plugbench/raw/f8a7b6c5d4-n0-1/_flytecheckpoints');
  });

  it("the raw prefix uses the plugin's generated name maximum length", () => {
    const w = new BufferedOutputWriter(
      buildTaskOutputPaths(store, { ...loc, retryAttempt: 1, generatedNameMaxLength: 8 }),
    );
    const name = generatedName(loc.executionName, loc.nodeId, 1, 8);
    assert.equal(name.length, 8);
    assert.equal(w.getRawOutputPrefix(), `mem://plugbench/raw/${name}`);
    assert.equal(
      w.getPreviousCheckpointsPrefix(),
      `mem://plugbench/raw/${generatedName(loc.executionName, loc.nodeId, 0, 8)}/_flytecheckpoints`,
    );
  });

  it('put remembers the reader for getReader; a fresh writer (the next round) has none', async () => {
    const paths = buildTaskOutputPaths(store, { ...loc, retryAttempt: 0 });
    const w = new BufferedOutputWriter(paths);
    assert.equal(w.getReader(), undefined);
    const first = newInMemoryOutputReader(inputs);
    const second = newInMemoryOutputReader(inputs);
    await w.put(first);
    await w.put(second);
    assert.equal(w.getReader(), second, 'the last put wins');
    assert.equal(new BufferedOutputWriter(paths).getReader(), undefined);
  });
});

describe("executor: a TaskSpec's output prefix reaches the plugin's output writer", () => {
  const seenBy = async (spec: { outputPrefix?: string }) => {
    const seen: string[][] = [];
    const p = testPlugin('p', (tCtx) => {
      const w = tCtx.outputWriter();
      seen.push([w.getOutputPrefixPath(), w.getOutputPath(), w.getErrorPath()]);
      return doTransition(phaseInfoSuccess());
    });
    const ex = await Executor.create({ plugins: [entryOf(p)] });
    ex.start({ id: 't', template: template('p'), execution: { name: 'f8a7b6c5d4' }, ...spec });
    await ex.runUntil({ terminal: ['t'], maxRounds: 10 });
    return seen[0];
  };

  it('given: the output paths are under it', async () => {
    const prefix = 's3://my-bucket/metadata/f8a7b6c5d4/n0/0';
    assert.deepEqual(await seenBy({ outputPrefix: prefix }), [prefix, `${prefix}/outputs.pb`, `${prefix}/error.pb`]);
  });

  it("not given: the node data dir's attempt directory", async () => {
    const dir = 'mem://plugbench/metadata/propeller/flytesnacks-development-f8a7b6c5d4/n0/data/0';
    assert.deepEqual(await seenBy({}), [dir, `${dir}/outputs.pb`, `${dir}/error.pb`]);
  });
});
