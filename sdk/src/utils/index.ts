/**
 * `@plugbench/sdk/utils`: Go `pluginmachinery/utils` (and `flytestdlib/utils`, which it defers to) struct
 * marshalling: plain objects, protobuf messages and `google.protobuf.Struct` through Flyte's JSON form.
 *
 * @module
 */
export {
  unmarshalStructToPb,
  marshalPbToStruct,
  marshalPbToString,
  unmarshalStringToPb,
  marshalPbToBytes,
  unmarshalBytesToPb,
  marshalObjToStruct,
  unmarshalStructToObj,
  type StructLike,
} from './marshal';
