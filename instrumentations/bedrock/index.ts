export { getSharedBedrockInstrumentation, instrument } from './instrument';
export {
  BEDROCK_INSTRUMENTATION_NAME,
  BedrockInstrumentation,
  SUPPORTED_BEDROCK_RUNTIME_VERSIONS,
} from './instrumentation';
export type {
  BedrockInstrumentationConfig,
  BedrockRequestHookInfo,
  BedrockResponseHookInfo,
} from './types';
