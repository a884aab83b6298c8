// What the tree and CodeLens know of a fixture file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFixture } from '../../../extension/src/core/fixture-info';
import { ROOT } from '../support';

describe('fixture info', () => {
  it('lists tasks with their lines and plugins of a valid fixture', () => {
    const file = path.join(ROOT, 'examples/fixtures/echo-instant.fixture.json');
    const info = describeFixture(fs.readFileSync(file, 'utf8'), file);
    assert.deepEqual(info.problems, []);
    assert.deepEqual(
      info.tasks.map((t) => t.id),
      ['first', 'flaky', 'later'],
    );
    assert.deepEqual(info.plugins, [path.join(ROOT, 'examples/plugins/echo.ts')]);
    assert.ok(info.tasks.every((t) => t.line > 0));
  });
  it('still lists tasks of an invalid fixture, and places its problems', () => {
    const info = describeFixture(
      'tasks:\n  - id: a\n    type: x\n    expect: { rounds: zero }\n  - type: y\n',
      '/w/x.fixture.yaml',
    );
    assert.deepEqual(
      info.tasks.map((t) => `${t.id}@${t.line}`),
      ['a@1', 'tasks[1]@4'],
    );
    assert.ok(
      info.problems.some((p) => p.line === 4 && /expected number/.test(p.message)),
      JSON.stringify(info.problems),
    );
    assert.equal(info.parsed, true);
  });
  it('survives text that is not YAML at all', () => {
    const info = describeFixture('tasks: [\n', '/w/x.fixture.yaml');
    assert.equal(info.parsed, false);
    assert.ok(info.problems.length > 0);
  });
});
