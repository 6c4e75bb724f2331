import type { OtlpSignalConfig } from '../config/resolve-config';

type Transformer = typeof import('@opentelemetry/otlp-transformer');

/** The transformer's JSON and protobuf serializer of each signal. */
const SERIALIZERS = {
  traces: ['JsonTraceSerializer', 'ProtobufTraceSerializer'],
  metrics: ['JsonMetricsSerializer', 'ProtobufMetricsSerializer'],
  logs: ['JsonLogsSerializer', 'ProtobufLogsSerializer'],
} as const;

/**
 * The OTLP request body for a batch of `signal`, encoded as the endpoint's protocol says. The
 * transformer is loaded with the first batch serialized at exit, not at start-up.
 */
export function serializeOtlpRequest<Batch>(
  signal: keyof typeof SERIALIZERS,
  protocol: OtlpSignalConfig['protocol'],
  batch: Batch,
): Uint8Array | undefined {
  const transformer = require('@opentelemetry/otlp-transformer') as Transformer;
  const [json, protobuf] = SERIALIZERS[signal];
  const serializer = transformer[protocol === 'http/json' ? json : protobuf] as {
    serializeRequest(batch: Batch): Uint8Array | undefined;
  };
  return serializer.serializeRequest(batch);
}
