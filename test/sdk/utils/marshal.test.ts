// @plugbench/sdk/utils: a port of Go flytestdlib/utils/marshal_utils_test.go (TestMarshalPbToString,
// TestMarshalObjToStruct, TestUnmarshalStructToPb, TestMarshalPbToStruct, TestUnmarshalStructToObj,
// TestMarshalPbToBytes, TestUnmarshalBytesToPb) and of flyteplugins/go/tasks/pluginmachinery/utils/
// marshal_utils_test.go. Go's test message TestProto{string_value} is played by PrestoQuery{statement}.
import assert from 'node:assert/strict';
import { create, fromJson, PrestoQuerySchema, TaskTemplateSchema } from '@plugbench/sdk/idl';
import { StructSchema } from '@bufbuild/protobuf/wkt';
import * as z from 'zod';
import {
  marshalObjToStruct,
  marshalPbToBytes,
  marshalPbToString,
  marshalPbToStruct,
  unmarshalBytesToPb,
  unmarshalStructToObj,
  unmarshalStructToPb,
} from '@plugbench/sdk/utils';

const hello = () => create(PrestoQuerySchema, { statement: 'hello' });

describe('sdk/utils: Go marshal_utils', () => {
  it('marshalPbToString: "{}" when empty, the JSON name of a set field, an error for nil', () => {
    assert.equal(marshalPbToString(PrestoQuerySchema, create(PrestoQuerySchema)), '{}');
    assert.equal(marshalPbToString(PrestoQuerySchema, hello()), '{"statement":"hello"}');
    assert.throws(() => marshalPbToString(PrestoQuerySchema, undefined), /nil proto message passed/);
  });

  it('marshalObjToStruct: a message by its JSON names, a plain object by its keys, a string refused', () => {
    assert.deepEqual(marshalObjToStruct(hello(), PrestoQuerySchema), { statement: 'hello' });
    assert.deepEqual(marshalObjToStruct({ string_value: 'hello', dropped: undefined }), { string_value: 'hello' });
    assert.throws(() => marshalObjToStruct('hello'), /not a JSON object/);
    assert.throws(() => marshalObjToStruct(hello()), /pass the schema of flyteidl.plugins.PrestoQuery/);
  });

  it('unmarshalStructToPb: empty, a value, unknown fields ignored, nil refused; a Struct message too', () => {
    assert.equal(unmarshalStructToPb({}, PrestoQuerySchema).statement, '');
    assert.equal(unmarshalStructToPb({ statement: 'hello', unknown: 1 }, PrestoQuerySchema).statement, 'hello');
    assert.throws(() => unmarshalStructToPb(undefined, PrestoQuerySchema), /nil Struct object passed/);
    assert.throws(
      () => unmarshalStructToPb({ statement: 3 }, PrestoQuerySchema),
      /Failed to unmarshal json obj into proto/,
    );
    const message = fromJson(StructSchema, { statement: 'from a message' });
    assert.equal(unmarshalStructToPb(message, PrestoQuerySchema).statement, 'from a message');
  });

  it("reads a template's custom, as a plugin does", () => {
    const t = fromJson(TaskTemplateSchema, { type: 'presto', custom: { statement: 'SELECT 1', catalog: 'hive' } });
    const q = unmarshalStructToPb(t.custom, PrestoQuerySchema);
    assert.deepEqual([q.statement, q.catalog], ['SELECT 1', 'hive']);
  });

  it('marshalPbToStruct: no fields when empty, the value otherwise', () => {
    assert.deepEqual(marshalPbToStruct(PrestoQuerySchema, create(PrestoQuerySchema)), {});
    assert.deepEqual(marshalPbToStruct(PrestoQuerySchema, hello()), { statement: 'hello' });
  });

  it('unmarshalStructToObj: nil refused, a copy of the object, or parsed with a zod schema naming a bad field', () => {
    assert.throws(() => unmarshalStructToObj(null), /nil Struct Object passed/);
    const struct = { containers: [{ name: 'a container' }, { name: 'another container' }] };
    const obj = unmarshalStructToObj(struct);
    assert.deepEqual(obj, struct);
    assert.notEqual(obj, struct);
    const PodSpec = z.object({ containers: z.array(z.object({ name: z.string() })) });
    assert.equal(unmarshalStructToObj(struct, PodSpec).containers[1]!.name, 'another container');
    assert.throws(() => unmarshalStructToObj({ containers: [{ name: 1 }] }, PodSpec), /\$\.containers\[0\]\.name/);
  });

  it('marshalPbToBytes and unmarshalBytesToPb: JSON bytes both ways; empty bytes refused', () => {
    assert.equal(new TextDecoder().decode(marshalPbToBytes(PrestoQuerySchema, create(PrestoQuerySchema))), '{}');
    assert.equal(new TextDecoder().decode(marshalPbToBytes(PrestoQuerySchema, hello())), '{"statement":"hello"}');
    assert.equal(
      unmarshalBytesToPb(PrestoQuerySchema, new TextEncoder().encode('{"statement":"hello"}')).statement,
      'hello',
    );
    assert.throws(() => unmarshalBytesToPb(PrestoQuerySchema, undefined), /unexpected end of JSON input/);
  });
});
