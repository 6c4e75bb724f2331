export type {
  GenAISdkInstrumentationConfig as AnthropicInstrumentationConfig,
  SdkRequestHookInfo as AnthropicRequestHookInfo,
  SdkResponseHookInfo as AnthropicResponseHookInfo,
} from '../../src/genai/sdk-instrumentation-config';
export { getSharedAnthropicInstrumentation, instrument } from './instrument';
export { ANTHROPIC_INSTRUMENTATION_NAME, AnthropicInstrumentation } from './instrumentation';
