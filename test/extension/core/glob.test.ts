// VS Code glob syntax for the fixture and plugin globs.
import assert from 'node:assert/strict';
import { globToRegExp } from '@plugbench/harness/glob';
import { GlobSet } from '../../../extension/src/core/glob';

describe('globs', () => {
  it('match VS Code glob syntax', () => {
    const cases: [string, string, boolean][] = [
      ['**/*.fixture.json', 'a.fixture.json', true],
      ['**/*.fixture.json', 'x/y/a.fixture.json', true],
      ['**/*.fixture.json', 'x/a.fixture.jsonc', false],
      ['**/*.fixture.{yaml,yml}', 'f/a.fixture.yml', true],
      ['**/plugins/**/*.ts', 'plugins/a.ts', true],
      ['**/plugins/**/*.ts', 'src/plugins/deep/a.ts', true],
      ['**/plugins/**/*.ts', 'src/plugin/a.ts', false],
      ['**/*plugin*.ts', 'my-plugin.ts', true],
      ['a?.ts', 'ab.ts', true],
      ['a?.ts', 'a/.ts', false],
      ['[ab].ts', 'b.ts', true],
      ['**/node_modules/**', 'x/node_modules/y/z.ts', true],
    ];
    for (const [g, p, want] of cases) assert.equal(globToRegExp(g).test(p), want, `${g} ~ ${p}`);
  });
  it('honour excludes', () => {
    const set = new GlobSet(['**/*.fixture.yaml'], ['**/node_modules/**']);
    assert.equal(set.matches('a/b.fixture.yaml'), true);
    assert.equal(set.matches('node_modules/p/b.fixture.yaml'), false);
  });
});
