import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MCPInstrumentation } from '../../instrumentations/mcp';
import { withContentCapture } from '../../src/content/capture-policy';
import { finishedSpans, resetTelemetry, tracerProvider } from '../support/instrumentation-telemetry';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';

const instrumentation = new MCPInstrumentation();
instrumentation.setTracerProvider(tracerProvider);
// Loaded after the instrumentation exists, so that its require hooks patch them as --require would.
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));
const { Client } = requireFromRoot('@modelcontextprotocol/sdk/client/index.js');
const { McpServer } = requireFromRoot('@modelcontextprotocol/sdk/server/mcp.js');
const { InMemoryTransport } = requireFromRoot('@modelcontextprotocol/sdk/inMemory.js');
const z = requireFromRoot('zod');

afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => instrumentation.disable());

describe.each(CONVENTION_VERSIONS)(
  'MCP telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms: initialize, tools/list, a tool call, a tool error, prompts/get and the sessions', async () => {
      writeConventions(optIn);
      resetTelemetry([instrumentation]);
      instrumentation.enable();
      const server = new McpServer({ name: 'conformance-server', version: '1.0.0' });
      server.registerTool(
        'echo',
        { inputSchema: { text: z.string() } },
        async ({ text }: { text: string }) => ({
          content: [{ type: 'text', text }],
        }),
      );
      server.registerTool('broken', {}, async () => ({
        content: [{ type: 'text', text: 'no' }],
        isError: true,
      }));
      server.registerPrompt('greet', { argsSchema: { name: z.string() } }, ({ name }: { name: string }) => ({
        messages: [{ role: 'user', content: { type: 'text', text: `Hello ${name}` } }],
      }));
      const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
      await server.connect(serverEnd);
      const client = new Client({ name: 'conformance-client', version: '1.0.0' });
      await withContentCapture(true, async () => {
        await client.connect(clientEnd);
        await client.listTools();
        await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
        await client.callTool({ name: 'broken', arguments: {} });
        await client.getPrompt({ name: 'greet', arguments: { name: 'Ada' } });
      });
      await client.close();
      await server.close();

      const methods = new Set(finishedSpans().map((span) => span.attributes['mcp.method.name']));
      expect(methods).toEqual(
        new Set(['initialize', 'notifications/initialized', 'tools/list', 'tools/call', 'prompts/get']),
      );
      expect(await conformanceViolations(conventions)).toEqual([]);
    });
  },
);
