import { patchManually, sharedInstrumentation } from '../../src/genai/shared-instrumentation';
import { MCPInstrumentation } from './instrumentation';

const SHARED_INSTANCE_KEY = Symbol.for('genai-otel.mcp-instrumentation.v1');

/** The process-wide MCPInstrumentation that `register()` enables and {@link instrumentMCP} uses. */
export function getSharedMCPInstrumentation(): MCPInstrumentation {
  return sharedInstrumentation(SHARED_INSTANCE_KEY, () => new MCPInstrumentation());
}

/**
 * Instruments MCP SDK modules or classes that module hooks cannot see: bundled apps, or an SDK
 * copy loaded under another name. Pass the modules (or `Client` / `Server` / `McpServer` classes)
 * you import; safe to call more than once and together with `register()`: nothing is patched twice.
 *
 * @example
 * import * as mcpClient from '@modelcontextprotocol/sdk/client/index.js';
 * import { register, instrumentMCP } from 'genai-otel';
 * register();
 * instrumentMCP(mcpClient);
 *
 * @returns the instrumentation instance, to disable or reconfigure it.
 */
export function instrumentMCP(...modulesOrClasses: unknown[]): MCPInstrumentation {
  const instrumentation = getSharedMCPInstrumentation();
  for (const target of modulesOrClasses) patchManually(instrumentation, target);
  return instrumentation;
}
