import type protobuf from 'protobufjs';
import { otlpProtoRoot } from '../../src/viewer/otlp/otlp-proto-schema';

// The schema lives with the viewer's OTLP receiver, which decodes the same messages at run time.

const conversion: protobuf.IConversionOptions = {
  longs: String,
  bytes: String,
  enums: Number,
  defaults: false,
  oneofs: false,
};

/** Decodes an OTLP protobuf trace request into the same shape as the OTLP/JSON encoding (hex ids aside). */
export function decodeTraceRequest(body: Uint8Array): Record<string, unknown> {
  const type = otlpProtoRoot.lookupType('otlp.ExportTraceServiceRequest');
  return type.toObject(type.decode(body), conversion);
}

export function decodeMetricsRequest(body: Uint8Array): Record<string, unknown> {
  const type = otlpProtoRoot.lookupType('otlp.ExportMetricsServiceRequest');
  return type.toObject(type.decode(body), conversion);
}
