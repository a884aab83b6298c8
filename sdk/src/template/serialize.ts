/**
 * Go `core/template`'s `serializeLiteral`: the text an input literal becomes in a rendered template.
 *
 * @module
 */
import type { Literal, Primitive, Scalar } from '../idl/gen/flyteidl/core/literals_pb';
import { goDuration, goFloat, rfc3339Nano } from './go-format';

/** Go `serializePrimitive`. */
function serializePrimitive(p: Primitive): string {
  const v = p.value;
  switch (v.case) {
    case 'integer':
    case 'boolean':
      return String(v.value);
    case 'datetime':
      return rfc3339Nano(v.value);
    case 'duration':
      return goDuration(v.value);
    case 'floatValue':
      return goFloat(v.value);
    case 'stringValue':
      return v.value;
    default:
      throw new Error('received an unexpected primitive type [<nil>]');
  }
}

/**
 * Go `serializeLiteralScalar`. A MessagePack binary (tag `msgpack`) is refused: decoding it would need a
 * MessagePack reader, which plugbench does not ship (see the SDK README).
 */
function serializeLiteralScalar(s: Scalar): string {
  const v = s.value;
  switch (v.case) {
    case 'primitive':
      return serializePrimitive(v.value);
    case 'blob':
    case 'schema':
      return v.value.uri;
    case 'binary':
      throw new Error(`unsupported binary tag [${v.value.tag}]`);
    default:
      throw new Error(`received an unexpected scalar type [${v.case ?? '<nil>'}]`);
  }
}

/** Go `serializeLiteral`: a scalar's text, a collection as `[a,b]`. */
export function serializeLiteral(l: Literal): string {
  const v = l.value;
  switch (v.case) {
    case 'collection':
      return `[${v.value.literals.map(serializeLiteral).join(',')}]`;
    case 'scalar':
      return serializeLiteralScalar(v.value);
    default:
      throw new Error(`received an unexpected primitive type [${v.case ?? '<nil>'}]`);
  }
}
