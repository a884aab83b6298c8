/**
 * Go `storage.ProtobufStore` (`ReadProtobuf` / `WriteProtobuf`) over any {@link DataStore}, with protobuf-es.
 *
 * @module
 */
import { fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import type { DataReference, DataStore } from '../contract/index';

/**
 * Go `DataStore.ReadProtobuf`: the message of type `schema` stored at `ref`.
 * Rejects with `NotFoundError` when the blob is absent (from the store), or with the decoder's error.
 */
export async function readProtobuf<Desc extends DescMessage>(
  store: Pick<DataStore, 'readRaw'>,
  ref: DataReference,
  schema: Desc,
): Promise<MessageShape<Desc>> {
  const bytes = await store.readRaw(ref);
  return fromBinary(schema, bytes);
}

/** Go `DataStore.WriteProtobuf`: stores `message` at `ref` in the protobuf binary format. */
export async function writeProtobuf<Desc extends DescMessage>(
  store: Pick<DataStore, 'writeRaw'>,
  ref: DataReference,
  schema: Desc,
  message: MessageShape<Desc>,
): Promise<void> {
  await store.writeRaw(ref, toBinary(schema, message));
}

/** The size in bytes of `message` in the protobuf binary format: what a blob of it would weigh. */
export function protobufSize<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): number {
  return toBinary(schema, message).length;
}
