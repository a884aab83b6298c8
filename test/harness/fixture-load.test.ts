// Fixture loading: every problem (YAML or JSON syntax, schema, Flyte IDL) comes back with the file, the JSON path,
// the line and column range and what was expected; the committed JSON Schema is the one the zod schema generates.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { FixtureError, fixtureJsonSchemaText, loadFixture, parseFixture, type FixtureIssue } from '@plugbench/harness';

function issuesOf(text: string, file = 'f.fixture.yaml'): FixtureIssue[] {
  try {
    parseFixture(text, file);
  } catch (e) {
    assert.ok(e instanceof FixtureError, `expected a FixtureError, got ${String(e)}`);
    assert.equal(e.file, file);
    return [...e.issues];
  }
  assert.fail('the fixture parsed');
}

const pick = (i: FixtureIssue) => ({ path: i.path, line: i.line, column: i.column, code: i.code });

const yamlBase = `plugin: { module: ./p.ts }
tasks:
  - id: a
    type: echo
`;

describe('harness: fixture loading', () => {
  it('parses a valid YAML fixture and decodes its IDL parts', () => {
    const f = parseFixture(
      `${yamlBase}    template:
      type: echo
      custom: { sleep: 2 }
    inputs:
      literals:
        x: { scalar: { primitive: { integer: "3" } } }
    expect:
      events: [RUNNING:0, SUCCEEDED:0]
      outputs: { literals: { o: { scalar: { primitive: { integer: "3" } } } } }
`,
      'dir/basic.fixture.yaml',
    );
    assert.equal(f.name, 'basic');
    const t = f.fixture.tasks[0]!;
    assert.equal(t.template?.type, 'echo');
    assert.deepEqual(t.template?.custom, { sleep: 2 });
    const lit = t.inputs?.literals.x?.value;
    assert.equal(lit?.case, 'scalar');
    assert.deepEqual(f.locate(['tasks', 0, 'template', 'custom']), { line: 7, column: 15, endLine: 7, endColumn: 27 });
    assert.equal(f.locate(['tasks', 3]), undefined);
  });

  it('YAML: an unknown key, with a suggestion, at the key itself', () => {
    const issues = issuesOf(`${yamlBase}    templat: { type: echo }\n`);
    assert.deepEqual(issues.map(pick), [{ path: '$.tasks[0].templat', line: 5, column: 5, code: 'unrecognized_keys' }]);
    assert.match(issues[0]!.message, /unknown key "templat"; did you mean "template"\?/);
    assert.equal(issues[0]!.endColumn, 12);
  });

  it('YAML: a wrong type, a bad enum and a bad event string, each at its value', () => {
    const issues = issuesOf(`${yamlBase}    retries: many
    expect:
      nodePhase: Done
      events: [RUNNING:0, RUNING:1]
`);
    assert.deepEqual(issues.map(pick), [
      { path: '$.tasks[0].retries', line: 5, column: 14, code: 'invalid_type' },
      { path: '$.tasks[0].expect.nodePhase', line: 7, column: 18, code: 'invalid_value' },
      { path: '$.tasks[0].expect.events[1]', line: 8, column: 27, code: 'invalid_format' },
    ]);
    assert.match(issues[0]!.message, /expected number, received string/);
    assert.match(issues[1]!.message, /"Succeeded"/);
    assert.match(issues[2]!.message, /expected "PHASE:version"/);
  });

  it('YAML: Flyte IDL errors deep inside a template and inputs, with their paths', () => {
    const issues = issuesOf(`${yamlBase}    template:
      type: echo
      metadata:
        retries: { retries: lots }
      colour: blue
    inputs:
      literals:
        x: { scalar: { primitive: { integer: "three" } } }
`);
    assert.deepEqual(issues.map(pick), [
      { path: '$.tasks[0].template.metadata.retries.retries', line: 8, column: 29, code: 'idl_decode' },
      { path: '$.tasks[0].template.colour', line: 9, column: 7, code: 'idl_decode' },
      { path: '$.tasks[0].inputs.literals.x.scalar.primitive.integer', line: 12, column: 46, code: 'idl_decode' },
    ]);
    assert.match(issues[0]!.message, /expected number \(uint32\), got "lots" \(flyteidl\.core\.RetryStrategy\.retries\)/);
    assert.match(issues[1]!.message, /unknown key "colour" in flyteidl\.core\.TaskTemplate; expected one of: id, type, metadata, interface, custom/);
    assert.match(issues[2]!.message, /flyteidl\.core\.Primitive\.integer/);
  });

  it('YAML: a missing key points at the object that lacks it', () => {
    const issues = issuesOf(`plugin: { module: ./p.ts }\ntasks:\n  - type: echo\n`);
    assert.deepEqual(issues.map(pick), [{ path: '$.tasks[0].id', line: 3, column: 5, code: 'invalid_type' }]);
    assert.equal(issues[0]!.message, 'missing key "id": expected string');
  });

  it('YAML: syntax errors and duplicate keys', () => {
    const syntax = issuesOf(`plugin: { module: ./p.ts\ntasks: []\n`);
    assert.equal(syntax[0]!.code, 'syntax');
    assert.equal(syntax[0]!.line, 2);
    const dup = issuesOf(`plugin: { module: a }\nplugin: { module: b }\ntasks: [{ id: a, type: echo }]\n`);
    assert.deepEqual(dup.map(pick), [{ path: '$', line: 2, column: 1, code: 'duplicate_key' }]);
  });

  it('YAML: rules across keys (duplicate task ids, faults naming unknown tasks, no plugin)', () => {
    const issues = issuesOf(`plugin: { module: ./p.ts }
world:
  faults:
    - { kind: throw, task: ghost }
tasks:
  - { id: a, type: echo }
  - { id: a, type: echo }
`);
    assert.deepEqual(issues.map(pick), [
      { path: '$.world.faults[0].task', line: 4, column: 28, code: 'custom' },
      { path: '$.tasks[1].id', line: 7, column: 11, code: 'custom' },
    ]);
    assert.match(issues[1]!.message, /duplicate task id "a" \(also tasks\[0\]\)/);
    const none = issuesOf('tasks: [{ id: a, type: echo }]\n');
    assert.match(none[0]!.message, /missing key "plugin"/);
  });

  it('JSON: positions in a one-line and an indented file', () => {
    const oneLine = issuesOf('{"plugin":{"module":"./p.ts"},"tasks":[{"id":"a","type":"echo","retries":-1}]}', 'x.fixture.json');
    assert.deepEqual(oneLine.map(pick), [{ path: '$.tasks[0].retries', line: 1, column: 74, code: 'too_small' }]);
    const text = JSON.stringify(
      { plugin: { module: './p.ts' }, tasks: [{ id: 'a', template: { type: 'echo', interface: { outputs: { variables: { o: { type: { simple: 'STRNG' } } } } } } }] },
      null,
      2,
    );
    const issues = issuesOf(text, 'y.fixture.json');
    assert.deepEqual(issues.map(pick), [{ path: '$.tasks[0].template.interface.outputs.variables.o.type.simple', line: 15, column: 29, code: 'idl_decode' }]);
    assert.match(issues[0]!.message, /invalid flyteidl\.core\.SimpleType value; expected one of: NONE, INTEGER, FLOAT, STRING/);
  });

  it('JSON: a syntax error names the line', () => {
    const issues = issuesOf('{\n  "plugin": {"module": "./p.ts"},\n  "tasks": [ }\n}\n', 'z.fixture.json');
    assert.equal(issues[0]!.code, 'syntax');
    assert.equal(issues[0]!.line, 3);
  });

  it('the error message lists file:line:column path: message', () => {
    try {
      parseFixture(`${yamlBase}    retries: many\n`, '/w/a.fixture.yaml');
      assert.fail('parsed');
    } catch (e) {
      assert.match((e as Error).message, /^invalid fixture \/w\/a\.fixture\.yaml \(1 problem\):\n {2}\/w\/a\.fixture\.yaml:5:14 \$\.tasks\[0\]\.retries: expected number, received string$/);
    }
  });

  it('a missing file is a FixtureError too', async () => {
    await assert.rejects(loadFixture('/no/such/x.fixture.yaml'), (e: FixtureError) => e instanceof FixtureError && e.issues[0]!.code === 'unreadable_file');
  });

  it('every example fixture is valid', async () => {
    const dir = path.resolve(__dirname, '../../examples/fixtures');
    const files = readdirSync(dir).filter((f) => /\.fixture\.(json|ya?ml)$/.test(f));
    assert.ok(files.length >= 9);
    for (const f of files) await loadFixture(path.join(dir, f));
  });

  it('the committed JSON Schema is the generated one (regenerate: npx tsx harness/src/fixture/write-schema.ts)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../../harness/schema/fixture.schema.json'), 'utf8');
    assert.equal(committed, fixtureJsonSchemaText());
    const schema = JSON.parse(committed) as { $schema: string; properties: Record<string, unknown>; required: string[] };
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.ok('tasks' in schema.properties && 'expectFailure' in schema.properties && 'checks' in schema.properties);
    assert.deepEqual(schema.required, ['tasks']);
  });
});
