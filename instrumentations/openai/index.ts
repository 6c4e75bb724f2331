export { getSharedOpenAIInstrumentation, instrument } from './instrument';
export {
  OPENAI_INSTRUMENTATION_NAME,
  OpenAIInstrumentation,
  SUPPORTED_OPENAI_VERSIONS,
} from './instrumentation';
export type { OpenAIInstrumentationConfig, OpenAIRequestHookInfo, OpenAIResponseHookInfo } from './types';
