import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';

/** {@link ExitSafeExporter} for spans. */
export class ExitSafeSpanExporter extends ExitSafeExporter<ReadableSpan[]> implements SpanExporter {
  constructor(exporter: SpanExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    const serializer = otlp.protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
    super(exporter, (spans) => serializer.serializeRequest(spans), otlp, exitTimeoutMillis);
  }
}
