export { getSharedGoogleGenAIInstrumentation, instrument } from './instrument';
export {
  GOOGLE_GENAI_INSTRUMENTATION_NAME,
  GoogleGenAIInstrumentation,
  SUPPORTED_GOOGLE_GENAI_VERSIONS,
} from './instrumentation';
export type {
  GoogleGenAIInstrumentationConfig,
  GoogleGenAIRequestHookInfo,
  GoogleGenAIResponseHookInfo,
} from './types';
