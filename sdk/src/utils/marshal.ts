/**
 * Go `pluginmachinery/utils` and `flytestdlib/utils` `marshal_utils.go`: moving a plugin's data between plain
 * objects, protobuf messages and `google.protobuf.Struct` (a task template's `custom`), through Flyte's JSON form.
 *
 * A Struct is accepted in both of its TypeScript forms: the `JsonObject` protobuf-es gives for a Struct field (a
 * template's `custom`), or a `Struct` message. Results are `JsonObject`s, what a template's `custom` takes.
 *
 * @module
 */
import {
  fromJson,
  fromJsonString,
  isMessage,
  toJson,
  toJsonString,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type MessageShape,
} from '@bufbuild/protobuf';
import { StructSchema, type Struct } from '@bufbuild/protobuf/wkt';
import type { z } from 'zod';

/** A `google.protobuf.Struct`: its JSON form (a template's `custom`) or the message. */
export type StructLike = JsonObject | Struct;

const withMessage = (prefix: string, e: unknown) =>
  new Error(`${prefix}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });

/** The JSON object of a Struct. @throws for `null`/`undefined` (Go: "nil Struct Object passed"). */
function structJson(structObj: StructLike | null | undefined, what = 'Struct Object'): JsonObject {
  if (structObj === null || structObj === undefined) throw new Error(`nil ${what} passed`);
  return isMessage(structObj, StructSchema) ? (toJson(StructSchema, structObj) as JsonObject) : structObj;
}

/**
 * Go `UnmarshalStructToPb`: the message `schema` describes, read from a Struct. Unknown fields are ignored, as Go's
 * unmarshaler allows them.
 */
export function unmarshalStructToPb<Desc extends DescMessage>(
  structObj: StructLike | null | undefined,
  schema: Desc,
): MessageShape<Desc> {
  const json = structJson(structObj, 'Struct object');
  try {
    return fromJson(schema, json, { ignoreUnknownFields: true });
  } catch (e) {
    throw withMessage('Failed to unmarshal json obj into proto', e);
  }
}

/** Go `MarshalPbToStruct`: a message as a Struct (its JSON form, default values left out). */
export function marshalPbToStruct<Desc extends DescMessage>(
  schema: Desc,
  msg: MessageShape<Desc> | null | undefined,
): JsonObject {
  if (msg === null || msg === undefined) throw new Error('nil proto message passed');
  const json = toJson(schema, msg);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`Failed to unmarshal json object into struct: ${schema.typeName} is not a JSON object`);
  return json;
}

/** Go `MarshalPbToString`: a message's JSON text. */
export function marshalPbToString<Desc extends DescMessage>(
  schema: Desc,
  msg: MessageShape<Desc> | null | undefined,
): string {
  if (msg === null || msg === undefined) throw new Error('nil proto message passed');
  return toJsonString(schema, msg);
}

/** Go `UnmarshalStringToPb`: a message from its JSON text, unknown fields ignored. */
export function unmarshalStringToPb<Desc extends DescMessage>(schema: Desc, s: string): MessageShape<Desc> {
  return fromJsonString(schema, s, { ignoreUnknownFields: true });
}

/** Go `MarshalPbToBytes`: a message's JSON text as UTF-8 bytes. */
export function marshalPbToBytes<Desc extends DescMessage>(
  schema: Desc,
  msg: MessageShape<Desc> | null | undefined,
): Uint8Array {
  return new TextEncoder().encode(marshalPbToString(schema, msg));
}

/** Go `UnmarshalBytesToPb`: a message from JSON bytes, unknown fields ignored. */
export function unmarshalBytesToPb<Desc extends DescMessage>(
  schema: Desc,
  b: Uint8Array | null | undefined,
): MessageShape<Desc> {
  if (b === null || b === undefined || b.length === 0) throw new Error('unexpected end of JSON input');
  return unmarshalStringToPb(schema, new TextDecoder().decode(b));
}

/**
 * Go `MarshalObjToStruct`: a plain object as a Struct, through `JSON.stringify` (so `toJSON` methods apply and
 * `undefined` fields go). A protobuf message needs its schema: pass it as `schema` and the message's JSON form is
 * used, as Go does for a `proto.Message`.
 * @throws for a value that is not a JSON object (Go: a string cannot become a Struct).
 */
export function marshalObjToStruct(input: unknown, schema?: DescMessage): JsonObject {
  if (schema !== undefined && isMessage(input, schema)) return marshalPbToStruct(schema, input);
  if (isMessage(input)) throw new Error(`Failed to marshal input proto message: pass the schema of ${input.$typeName}`);
  let json: JsonValue;
  try {
    json = JSON.parse(JSON.stringify(input) ?? 'null') as JsonValue;
  } catch (e) {
    throw withMessage('Failed to marshal input proto message', e);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`Failed to unmarshal json object into struct: ${JSON.stringify(json)} is not a JSON object`);
  }
  return json;
}

/**
 * Go `UnmarshalStructToObj`: a Struct as a plain object. With a zod `schema` the object is validated and parsed (Go
 * decodes into a typed struct); a value of the wrong shape throws, naming the field.
 */
export function unmarshalStructToObj(structObj: StructLike | null | undefined): JsonObject;
export function unmarshalStructToObj<S extends z.ZodType>(
  structObj: StructLike | null | undefined,
  schema: S,
): z.infer<S>;
export function unmarshalStructToObj(structObj: StructLike | null | undefined, schema?: z.ZodType): unknown {
  const json = structuredClone(structJson(structObj));
  if (schema === undefined) return json;
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new Error(
    `json: cannot unmarshal Struct at $${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`,
    { cause: r.error },
  );
}
