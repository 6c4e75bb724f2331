import type {
  GenAISdkInstrumentationConfig,
  SdkRequestHookInfo,
  SdkResponseHookInfo,
} from '../../src/genai/sdk-instrumentation-config';

/** What {@link BedrockInstrumentationConfig.requestHook} receives (`method`: `Converse`, …; `params`: the command's input). */
export type BedrockRequestHookInfo = SdkRequestHookInfo;

/** What {@link BedrockInstrumentationConfig.responseHook} receives. */
export type BedrockResponseHookInfo = SdkResponseHookInfo;

/**
 * Options of {@link BedrockInstrumentation}: those of every model-SDK instrumentation
 * (`unconsumedResponseTimeoutMs`, `requestHook`, `responseHook`).
 */
export type BedrockInstrumentationConfig = GenAISdkInstrumentationConfig;
