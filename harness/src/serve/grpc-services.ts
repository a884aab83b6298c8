/**
 * gRPC service definitions for `@grpc/grpc-js` from protobuf-es service descriptors, and the standard health
 * service (`grpc.health.v1.Health`), whose two messages are small enough to encode by hand.
 *
 * @module
 */
import { fromBinary, toBinary, type DescMessage, type DescService, type MessageShape } from '@bufbuild/protobuf';
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

/** The grpc-js definition of a protobuf-es service: method paths `/<package>.<Service>/<Method>`, binary codecs. */
export function serviceDefinition(service: DescService): ServiceDefinition {
  const def: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const m of service.methods) {
    def[m.localName] = {
      path: `/${service.typeName}/${m.name}`,
      requestStream: m.methodKind === 'client_streaming' || m.methodKind === 'bidi_streaming',
      responseStream: m.methodKind === 'server_streaming' || m.methodKind === 'bidi_streaming',
      requestSerialize: (msg) => Buffer.from(toBinary(m.input, msg as MessageShape<DescMessage>)),
      requestDeserialize: (bytes: Buffer) => fromBinary(m.input, bytes),
      responseSerialize: (msg) => Buffer.from(toBinary(m.output, msg as MessageShape<DescMessage>)),
      responseDeserialize: (bytes: Buffer) => fromBinary(m.output, bytes),
    };
  }
  return def as ServiceDefinition;
}

/** `grpc.health.v1.HealthCheckResponse.ServingStatus`. */
export const ServingStatus = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
/** A {@link ServingStatus} value. */
export type ServingStatus = (typeof ServingStatus)[keyof typeof ServingStatus];

/** `grpc.health.v1.HealthCheckRequest` (`string service = 1`). */
export interface HealthCheckRequest {
  service: string;
}
/** `grpc.health.v1.HealthCheckResponse` (`ServingStatus status = 1`). */
export interface HealthCheckResponse {
  status: ServingStatus;
}

function encodeRequest(r: HealthCheckRequest): Buffer {
  const w = new BinaryWriter();
  if (r.service !== '') w.tag(1, 2).string(r.service);
  return Buffer.from(w.finish());
}
function decodeRequest(bytes: Buffer): HealthCheckRequest {
  const r = new BinaryReader(bytes);
  let service = '';
  while (r.pos < r.len) {
    const [field, wireType] = r.tag();
    if (field === 1 && wireType === 2) service = r.string();
    else r.skip(wireType);
  }
  return { service };
}
function encodeResponse(r: HealthCheckResponse): Buffer {
  const w = new BinaryWriter();
  if (r.status !== 0) w.tag(1, 0).int32(r.status);
  return Buffer.from(w.finish());
}
function decodeResponse(bytes: Buffer): HealthCheckResponse {
  const r = new BinaryReader(bytes);
  let status = 0;
  while (r.pos < r.len) {
    const [field, wireType] = r.tag();
    if (field === 1 && wireType === 0) status = r.int32();
    else r.skip(wireType);
  }
  return { status: status as ServingStatus };
}

/** `grpc.health.v1.Health` with `Check` and `Watch`. */
export const HealthServiceDefinition: ServiceDefinition = {
  check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeRequest,
    requestDeserialize: decodeRequest,
    responseSerialize: encodeResponse,
    responseDeserialize: decodeResponse,
  },
  watch: {
    path: '/grpc.health.v1.Health/Watch',
    requestStream: false,
    responseStream: true,
    requestSerialize: encodeRequest,
    requestDeserialize: decodeRequest,
    responseSerialize: encodeResponse,
    responseDeserialize: decodeResponse,
  },
} as ServiceDefinition;
