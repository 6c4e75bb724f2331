/**
 * `genai-otel/sdk`: OpenTelemetry SDK pieces for apps that build their own pipeline (NodeSDK or a
 * vendor distro) instead of calling `register()`: span processors and the console tree exporter.
 * `register()` wires all of them already.
 *
 * @example
 * ```ts
 * import { ConsoleTreeExporter, createRedactingSpanProcessor } from 'genai-otel/sdk';
 * ```
 * @module genai-otel/sdk
 */

export { GenAIEventSpanProcessor } from '../events/event-span-processor';
export { ConsoleTreeExporter, type ConsoleTreeExporterOptions } from '../exporters/console-tree-exporter';
export type { TreeFormatOptions } from '../exporters/console-tree-format';
export { createRedactingLogRecordProcessor } from '../redaction/create-redacting-log-record-processor';
export { createRedactingSpanProcessor } from '../redaction/create-redacting-span-processor';
export {
  TraceAttributesSpanProcessor,
  type TraceAttributesSpanProcessorOptions,
} from '../tracing/trace-attributes-processor';
