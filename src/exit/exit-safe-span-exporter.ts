import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';

type Transformer = typeof import('@opentelemetry/otlp-transformer');

/** {@link ExitSafeExporter} for spans; `createExporter` runs on the first export. */
export class ExitSafeSpanExporter extends ExitSafeExporter<ReadableSpan[]> implements SpanExporter {
  constructor(createExporter: () => SpanExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    super(
      createExporter,
      (spans) => {
        // Loaded with the first batch serialized at exit, not at start-up.
        const transformer = require('@opentelemetry/otlp-transformer') as Transformer;
        const serializer =
          otlp.protocol === 'http/json'
            ? transformer.JsonTraceSerializer
            : transformer.ProtobufTraceSerializer;
        return serializer.serializeRequest(spans);
      },
      otlp,
      exitTimeoutMillis,
    );
  }
}
