import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpSignalConfig } from '../config/resolve-config';
import { ExitSafeExporter } from './exit-safe-exporter';
import { serializeOtlpRequest } from './otlp-request-serializer';

/** {@link ExitSafeExporter} for spans; `createExporter` runs on the first export. */
export class ExitSafeSpanExporter extends ExitSafeExporter<ReadableSpan[]> implements SpanExporter {
  constructor(createExporter: () => SpanExporter, otlp: OtlpSignalConfig, exitTimeoutMillis: number) {
    super(
      createExporter,
      (spans) => serializeOtlpRequest('traces', otlp.protocol, spans),
      otlp,
      exitTimeoutMillis,
    );
  }
}
