export { getSharedMCPInstrumentation, instrumentMCP } from './instrument';
export {
  MCP_INSTRUMENTATION_NAME,
  MCPInstrumentation,
  SUPPORTED_MCP_SDK_VERSIONS,
  SUPPORTED_MCP_V2_VERSIONS,
} from './instrumentation';
export type { MCPInstrumentationConfig } from './types';
