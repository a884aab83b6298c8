// YAML completion over the fixture JSON Schema.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaCompletions, yamlCursor, type JsonSchema } from '../../../extension/src/core/yaml-complete';
import { ROOT } from '../support';

describe('YAML completion from the fixture JSON Schema', () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'harness/schema/fixture.schema.json'), 'utf8'),
  ) as JsonSchema;
  const complete = (text: string) => {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('|'));
    const character = lines[line]!.indexOf('|');
    lines[line] = lines[line]!.replace('|', '');
    const cursor = yamlCursor(lines.join('\n'), line, character);
    return cursor ? schemaCompletions(schema, cursor).map((c) => c.label) : undefined;
  };
  it('offers the top-level keys not written yet', () => {
    const labels = complete('name: x\n|\n')!;
    assert.ok(labels.includes('plugin') && labels.includes('tasks') && labels.includes('executor'));
    assert.ok(!labels.includes('name'));
  });
  it('offers the keys of a task inside the list', () => {
    const labels = complete('tasks:\n  - id: a\n    ex|\n')!;
    assert.deepEqual(labels, ['execution', 'expect']);
  });
  it('offers enum values after a key', () => {
    assert.deepEqual(complete('tasks:\n  - id: a\n    expect:\n      nodePhase: Suc|\n'), ['Succeeding', 'Succeeded']);
    assert.deepEqual(complete('executor:\n  resourceManager:\n    type: |\n'), ['noop', 'redis']);
  });
  it('offers booleans and the kinds of faults', () => {
    assert.deepEqual(complete('executor:\n  barrier: |\n'), ['true', 'false']);
    const kinds = complete('world:\n  faults:\n    - kind: |\n')!;
    assert.ok(kinds.includes('throw') && kinds.includes('lose-state-write'), kinds.join(','));
  });
  it('inserts snippets that continue below objects and lists', () => {
    const cursor = yamlCursor('tasks:\n  - id: a\n    \n', 2, 4)!;
    const items = schemaCompletions(schema, cursor);
    assert.equal(items.find((i) => i.label === 'expect')?.insert, 'expect:\n\t$0');
    assert.equal(items.find((i) => i.label === 'labels')?.insert, 'labels:\n\t$0');
    assert.equal(items.find((i) => i.label === 'retries')?.insert, 'retries: $0');
  });
});
