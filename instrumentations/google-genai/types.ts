import type {
  GenAISdkInstrumentationConfig,
  SdkRequestHookInfo,
  SdkResponseHookInfo,
} from '../../src/genai/sdk-instrumentation-config';

/** What {@link GoogleGenAIInstrumentationConfig.requestHook} receives (`method`: `models.generateContent`, …). */
export type GoogleGenAIRequestHookInfo = SdkRequestHookInfo;

/** What {@link GoogleGenAIInstrumentationConfig.responseHook} receives. */
export type GoogleGenAIResponseHookInfo = SdkResponseHookInfo;

/**
 * Options of {@link GoogleGenAIInstrumentation}: those of every model-SDK instrumentation
 * (`unconsumedResponseTimeoutMs`, `requestHook`, `responseHook`).
 */
export type GoogleGenAIInstrumentationConfig = GenAISdkInstrumentationConfig;
