export {
  GENAI_OTEL_HANDLER_NAME,
  GenAIOtelCallbackHandler,
  type GenAIOtelCallbackHandlerOptions,
  LANGCHAIN_INSTRUMENTATION_NAME,
} from './callback-handler';
export { getSharedLangChainInstrumentation, instrumentLangChain } from './instrument';
export { LangChainInstrumentation, SUPPORTED_LANGCHAIN_CORE_VERSIONS } from './instrumentation';
export type { LangChainInstrumentationConfig } from './types';
