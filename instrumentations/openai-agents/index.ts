export type { AgentsSpanBridge } from './agents-span-bridge';
export { getSharedOpenAIAgentsInstrumentation, instrumentOpenAIAgents } from './instrument';
export {
  OPENAI_AGENTS_INSTRUMENTATION_NAME,
  OpenAIAgentsInstrumentation,
  SUPPORTED_OPENAI_AGENTS_VERSIONS,
} from './instrumentation';
export type { OpenAIAgentsInstrumentationConfig } from './types';
