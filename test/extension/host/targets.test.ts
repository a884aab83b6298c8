// What a command acts on when Test Explorer hands it a test item: the fixture and task the item was made from, not a
// parse of its id (a repeated task id's item carries a `~2` suffix; a task may be named `checksum`).
import assert from 'node:assert/strict';
import type { PlugbenchSettings } from '../../../extension/src/core/config';
import { TargetResolver, type Target } from '../../../extension/src/host/targets';
import type { FixtureIndex } from '../../../extension/src/views/fixture-index';
import type { VSCode } from '../../../extension/src/vscode-types';

const FILE = '/ws/fixtures/a.fixture.yaml';
const item = (id: string) => ({ id, uri: { fsPath: FILE } });

function resolver(known: Map<unknown, Target>): TargetResolver {
  // The argument paths under test never reach the editor, the index or the settings.
  return new TargetResolver(
    {} as VSCode,
    {} as FixtureIndex,
    () => ({}) as PlugbenchSettings,
    (i) => known.get(i),
  );
}

describe('TargetResolver', () => {
  it('takes the task of one of our test items from the item, even when its id has a suffix', async () => {
    const dup = item(`${FILE}#job~2`);
    assert.deepEqual(await resolver(new Map([[dup, { file: FILE, task: 'job' }]])).target(dup), {
      file: FILE,
      task: 'job',
    });
  });

  it('reads another controller\'s item id: a task named "checksum" is a task, the checks group is not', async () => {
    const r = resolver(new Map());
    assert.deepEqual(await r.target(item(`${FILE}#checksum`)), { file: FILE, task: 'checksum' });
    assert.deepEqual(await r.target(item(`${FILE}#checksum/nodePhase`)), { file: FILE, task: 'checksum' });
    assert.deepEqual(await r.target(item(`${FILE}#checks`)), { file: FILE });
    assert.deepEqual(await r.target(item(`${FILE}#checks/replay`)), { file: FILE });
  });
});
