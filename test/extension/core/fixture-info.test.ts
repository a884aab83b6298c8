// What the tree and CodeLens know of a fixture file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFixture } from '../../../extension/src/core/fixture-info';
import { ROOT } from '../support';
import { duplicateIdFixture } from '../testing/broken-fixtures';

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
  it('reports a duplicate task id at the second id, even while the file has other schema errors', () => {
    const text = duplicateIdFixture('./p.ts');
    const info = describeFixture(text, '/w/x.fixture.yaml', () => true);
    const dup = info.problems.filter((p) => /duplicate task id/.test(p.message));
    assert.deepEqual(
      dup.map((p) => `${p.line}:${p.column}-${p.endColumn} ${p.path} ${p.message}`),
      ['8:9-10 $.tasks[2].id duplicate task id "a" (also tasks[0])'],
    );
    assert.ok(
      info.problems.some((p) => p.line === 5 && /expected number/.test(p.message)),
      'the schema error is still there',
    );
  });
  it('reports a duplicate task id once when the loader reports it too (a file with no other problem)', () => {
    const text = 'plugin: { module: ./p.ts }\ntasks:\n  - id: a\n    type: echo\n  - id: a\n    type: echo\n';
    const info = describeFixture(text, '/w/x.fixture.yaml', () => true);
    assert.deepEqual(
      info.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      ['5:9 duplicate task id "a" (also tasks[0])'],
    );
  });
  it('reports a missing plugin module on its module: value, and marks it missing', () => {
    const text = [
      'plugins:',
      '  - { module: ../plugins/here.ts }',
      '  - module: ./gone.ts',
      'world: { script: { module: ./script.ts, export: beforeRound } }',
      'tasks:',
      '  - id: a',
      '    type: echo',
      '',
    ].join('\n');
    const present = new Set(['/w/plugins/here.ts', '/w/f/script.ts']);
    const info = describeFixture(text, '/w/f/x.fixture.yaml', (p) => present.has(p));
    assert.deepEqual(
      info.problems.map((p) => `${p.line}:${p.column}-${p.endColumn} ${p.path}`),
      ['3:13-22 $.plugins[1].module'],
    );
    assert.match(
      info.problems[0]!.message,
      /no such file: the plugin module "\.\/gone\.ts" resolves to \/w\/f\/gone\.ts/,
    );
    assert.deepEqual(info.modules, [
      { path: '/w/plugins/here.ts', role: 'plugin', missing: false },
      { path: '/w/f/gone.ts', role: 'plugin', missing: true },
      { path: '/w/f/script.ts', role: 'script', missing: false },
    ]);
    assert.deepEqual(info.plugins, ['/w/plugins/here.ts', '/w/f/gone.ts']);
  });
  it('knows the golden timeline a fixture names', () => {
    const info = describeFixture('golden: ../golden/x.ndjson\ntasks: []\n', '/w/f/x.fixture.yaml', () => true);
    assert.equal(info.golden, '/w/golden/x.ndjson');
  });
});
