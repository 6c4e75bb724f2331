import type {
  GenAISdkInstrumentationConfig,
  SdkRequestHookInfo,
  SdkResponseHookInfo,
} from '../../src/genai/sdk-instrumentation-config';

/** What {@link OpenAIInstrumentationConfig.requestHook} receives. */
export type OpenAIRequestHookInfo = SdkRequestHookInfo;

/** What {@link OpenAIInstrumentationConfig.responseHook} receives. */
export type OpenAIResponseHookInfo = SdkResponseHookInfo;

/**
 * Options of {@link OpenAIInstrumentation}: those of every model-SDK instrumentation
 * (`unconsumedResponseTimeoutMs`, `requestHook`, `responseHook`).
 */
export type OpenAIInstrumentationConfig = GenAISdkInstrumentationConfig;
