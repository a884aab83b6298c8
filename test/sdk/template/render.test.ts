// @plugbench/sdk/template: a port of Go flyteplugins/go/tasks/pluginmachinery/core/template/template_test.go
// (TestReplaceTemplateCommandArgs, TestReplaceTemplateCommandArgsSpecialChars, TestInputRegexMatch,
// TestOutputRegexMatch, TestSerializeLiteral, TestSerializeLiteralScalar_BinaryUnsupportedTag).
import assert from 'node:assert/strict';
import { fromJson, LiteralMapSchema, LiteralSchema, type JsonObject, type LiteralMap } from '@plugbench/sdk';
import {
  ErrorCollection,
  render,
  serializeLiteral,
  type OutputFilePaths,
  type Parameters,
} from '@plugbench/sdk/template';

const metadata = (
  generatedName = 'per_retry_unique_key',
  namespace = 'test-namespace',
): Parameters['taskExecMetadata'] => ({
  getTaskExecutionID: () => ({
    getGeneratedName: () => generatedName,
    getID: () => {
      throw new Error('not used');
    },
  }),
  getNamespace: () => namespace,
});
const inputReader = (o: { inputPath?: string; inputs?: JsonObject; fail?: boolean } = {}): Parameters['inputs'] => ({
  getInputPath: () => o.inputPath ?? '',
  getInputPrefixPath: () => '',
  get: async (): Promise<LiteralMap> => {
    if (o.fail) throw new Error('expected input fetch error');
    return fromJson(LiteralMapSchema, { literals: o.inputs ?? {} });
  },
});
const outputPaths = (
  o: Partial<Record<'outputPath' | 'raw' | 'prev' | 'checkpoint', string>> = {},
): OutputFilePaths => ({
  getOutputPrefixPath: () => o.outputPath ?? 'output/blah',
  getRawOutputPrefix: () => o.raw ?? 's3://custom-bucket',
  getPreviousCheckpointsPrefix: () => o.prev ?? '',
  getCheckpointPrefix: () => o.checkpoint ?? '',
});
const str = (s: string): JsonObject => ({ scalar: { primitive: { stringValue: s } } });
const int = (n: number): JsonObject => ({ scalar: { primitive: { integer: String(n) } } });
const coll = (...ls: JsonObject[]): JsonObject => ({ collection: { literals: ls } });
const date: JsonObject = { scalar: { primitive: { datetime: '1900-01-01T01:01:01.000000001Z' } } };

const params = (p: Partial<Parameters> = {}): Parameters => ({
  taskExecMetadata: metadata(),
  inputs: inputReader({ inputPath: 'input/blah' }),
  outputPath: outputPaths(),
  ...p,
});

describe('sdk/template: Go core/template Render', () => {
  it('empty cmd, nothing to substitute', async () => {
    assert.deepEqual(await render([], params()), []);
    assert.deepEqual(await render(['hello', 'world'], params()), ['hello', 'world']);
  });

  it('Sub InputFile, Output Prefix, and a bad input template left alone', async () => {
    assert.deepEqual(await render(['hello', '{{ .Input }}', '{{ .OutputPrefix }}'], params()), [
      'hello',
      'input/blah',
      'output/blah',
    ]);
    assert.deepEqual(
      await render(['${{input}}', '{{ .OutputPrefix }}', '--switch {{ .rawOutputDataPrefix }}'], params()),
      ['${{input}}', 'output/blah', '--switch s3://custom-bucket'],
    );
  });

  it('Input arg: a collection as [a,b], and $ in place of the dot', async () => {
    const p = params({ inputs: inputReader({ inputs: { arr: coll(str('a'), str('b')) } }) });
    assert.deepEqual(await render(['--someArg {{ .Inputs.arr }}', '{{ $RawOutputDataPrefix }}'], p), [
      '--someArg [a,b]',
      's3://custom-bucket',
    ]);
  });

  it('Date as RFC 3339 with nanoseconds; 2d Array; an unknown template left alone', async () => {
    const p = params({
      inputs: inputReader({ inputs: { date, arr: coll(coll(str('a'), str('b')), coll(int(1), int(2))) } }),
    });
    assert.deepEqual(
      await render(['--someArg {{ .Inputs.date }}', '--x {{ .Inputs.arr }}', '{{ .wrongOutputDataPrefix }}'], p),
      ['--someArg 1900-01-01T01:01:01.000000001Z', '--x [[a,b],[1,2]]', '{{ .wrongOutputDataPrefix }}'],
    );
  });

  it('nil input: an empty map leaves {{ .Inputs.arr }} as it is', async () => {
    const p = params({ inputs: inputReader({ inputs: {} }) });
    assert.deepEqual(await render(['--someArg {{ .Inputs.arr }}'], p), ['--someArg {{ .Inputs.arr }}']);
  });

  it('multi-input in one SQL statement', async () => {
    const p = params({
      inputs: inputReader({ inputs: { ds: date, table: str('my_table'), hr: str('hr'), min: int(15) } }),
    });
    const [sql] = await render(
      [
        "FROM hive.events.{{ .Inputs.table }} WHERE ds = '{{ .Inputs.ds }}' AND hr = '{{ .Inputs.hr }}' AND min = {{ .Inputs.min }}",
      ],
      p,
    );
    assert.equal(
      sql,
      "FROM hive.events.my_table WHERE ds = '1900-01-01T01:01:01.000000001Z' AND hr = 'hr' AND min = 15",
    );
  });

  it('missing input is an error naming the template and the input; an unreadable input too', async () => {
    const p = params({ inputs: inputReader({ inputs: { arr: str('a') } }) });
    await assert.rejects(render(['--someArg {{ .Inputs.blah }}'], p), (e: unknown) => {
      assert.ok(e instanceof ErrorCollection);
      assert.equal(e.message, '0: input template [{{ .Inputs.blah }}]: requested input is not found [blah]\r\n');
      return true;
    });
    await assert.rejects(
      render(['{{ .Inputs.x }}'], params({ inputs: inputReader({ fail: true }) })),
      /unable to read inputs: expected input fetch error/,
    );
  });

  it('bad template: a malformed input template stays, PerRetryUniqueKey is case-insensitive', async () => {
    const p = params({ inputs: inputReader({ inputs: { arr: str('a') } }) });
    assert.deepEqual(await render(['--someArg {{ .Inputs.blah blah }} {{ .PerretryuNIqueKey }}'], p), [
      '--someArg {{ .Inputs.blah blah }} per_retry_unique_key',
    ]);
  });

  it('sub task template: happy, and an error from Path', async () => {
    const ok = params({ task: { path: async () => 's3://task-path' } });
    assert.deepEqual(await render(['{{ .perRetryUniqueKey }}', '{{ .taskTemplatePath }}'], ok), [
      'per_retry_unique_key',
      's3://task-path',
    ]);
    await assert.rejects(
      render(
        ['{{ .taskTemplatePath }}'],
        params({
          task: {
            path: async () => {
              throw new Error('error');
            },
          },
        }),
      ),
      /error/,
    );
  });

  it('checkpoints: no previous checkpoint is "", both, ignoring case', async () => {
    const cmd = ['--prev={{ .PrevCheckpointPrefix }}', '--checkpoint={{ .checkpointoutputprefix }}'];
    assert.deepEqual(
      await render(cmd, params({ outputPath: outputPaths({ checkpoint: 's3://new-checkpoint/prefix' }) })),
      ['--prev=""', '--checkpoint=s3://new-checkpoint/prefix'],
    );
    const both = params({
      outputPath: outputPaths({ prev: 's3://prev-checkpoint/prefix', checkpoint: 's3://new-checkpoint/prefix' }),
    });
    assert.deepEqual(await render(cmd, both), [
      '--prev=s3://prev-checkpoint/prefix',
      '--checkpoint=s3://new-checkpoint/prefix',
    ]);
  });

  it('namespace embedded in the other values is replaced last', async () => {
    const p = params({
      outputPath: outputPaths({
        raw: 's3://raw-data/prefix/{{ .Namespace }}',
        prev: 's3://prev-checkpoint/prefix/{{ .Namespace}}',
        checkpoint: 's3://new-checkpoint/prefix/{{.namespace}}',
      }),
    });
    assert.deepEqual(
      await render(
        [
          '--prev={{ .prevcheckpointprefix }}',
          '--checkpoint={{ .checkpointoutputprefix }}',
          '--raw={{ .rawoutputdataprefix }}',
        ],
        p,
      ),
      [
        '--prev=s3://prev-checkpoint/prefix/test-namespace',
        '--checkpoint=s3://new-checkpoint/prefix/test-namespace',
        '--raw=s3://raw-data/prefix/test-namespace',
      ],
    );
  });

  it('special chars: dashes become _, a leading non-letter run becomes "a" (TestReplaceTemplateCommandArgsSpecialChars)', async () => {
    assert.deepEqual(
      await render(['{{ .perRetryUniqueKey }}'], params({ taskExecMetadata: metadata('per-retry-unique-key') })),
      ['per_retry_unique_key'],
    );
    assert.deepEqual(
      await render(['{{ .perRetryUniqueKey }}'], params({ taskExecMetadata: metadata('33 per retry-unique-key') })),
      ['aper_retry_unique_key'],
    );
  });

  it('the input and output regexes accept spaces, . or $, any case (TestInputRegexMatch, TestOutputRegexMatch)', async () => {
    for (const t of [
      '{{$input}}',
      '{{ $Input }}',
      '{{.input}}',
      '{{       .Input }}',
      '{{.Input }}',
      '--something={{.Input}}',
    ]) {
      assert.notEqual((await render([t], params()))[0], t, t);
    }
    for (const t of ['{{input}}', '{$input}}', '{.OutputPrefix}}', '{{output}}'])
      assert.equal((await render([t], params()))[0], t, t);
  });

  it('serializes blobs and schemas by URI, refuses an unsupported binary tag (TestSerializeLiteral...)', () => {
    assert.equal(serializeLiteral(fromJson(LiteralSchema, { scalar: { blob: { uri: 'asdf fdsa' } } })), 'asdf fdsa');
    assert.equal(
      serializeLiteral(fromJson(LiteralSchema, { scalar: { schema: { uri: 's3://some-bucket/fdsa/x.parquet' } } })),
      's3://some-bucket/fdsa/x.parquet',
    );
    assert.throws(
      () =>
        serializeLiteral(fromJson(LiteralSchema, { scalar: { binary: { value: 'AQID', tag: 'unsupported-tag' } } })),
      /unsupported binary tag/,
    );
  });

  it("durations, floats and booleans in Go's text forms", () => {
    const prim = (p: JsonObject) => serializeLiteral(fromJson(LiteralSchema, { scalar: { primitive: p } }));
    assert.equal(prim({ duration: '3723.5s' }), '1h2m3.5s');
    assert.equal(prim({ duration: '0.0015s' }), '1.5ms');
    assert.equal(prim({ duration: '0s' }), '0s');
    assert.equal(prim({ floatValue: 1.1 }), '1.1');
    assert.equal(prim({ floatValue: 0.00001 }), '1e-05');
    assert.equal(prim({ boolean: true }), 'true');
  });
});
