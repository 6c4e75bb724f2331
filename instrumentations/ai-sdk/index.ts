export { getSharedAISdkInstrumentation, instrumentAISdk } from './instrument';
export { AISdkInstrumentation, SUPPORTED_AI_SDK_VERSIONS } from './instrumentation';
export { AISdkLegacySpanProcessor } from './legacy-span-processor';
export { providerNameOf } from './provider-name';
export {
  AI_SDK_INSTRUMENTATION_NAME,
  GenAIOtelTelemetry,
  type GenAIOtelTelemetryOptions,
} from './telemetry-integration';
export type { AISdkInstrumentationConfig } from './types';
