import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { beforeEach, expect, it } from 'vitest';
import { MCPInstrumentation } from '../../instrumentations/mcp';
import { lc, resetLangChainTelemetry } from '../langchain/support/load-langchain';
import { finishedSpans, tracerProvider } from '../support/instrumentation-telemetry';

/**
 * A LangChain tool that calls an MCP server (what LangChain's MCP adapters do): one tool execution,
 * LangChain's `execute_tool` span, with the MCP request as its protocol-level child.
 */
const mcpInstrumentation = new MCPInstrumentation();
mcpInstrumentation.setTracerProvider(tracerProvider);
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));
const { Client } = requireFromRoot('@modelcontextprotocol/sdk/client/index.js');
const { McpServer } = requireFromRoot('@modelcontextprotocol/sdk/server/mcp.js');
const { InMemoryTransport } = requireFromRoot('@modelcontextprotocol/sdk/inMemory.js');

beforeEach(resetLangChainTelemetry);

it('records a LangChain tool backed by MCP as one execute_tool span with the MCP spans inside', async () => {
  const server = new McpServer({ name: 'weather-server', version: '1.0.0' });
  server.registerTool(
    'get_weather',
    { inputSchema: { city: lc.z.string() } },
    async ({ city }: { city: string }) => ({
      content: [{ type: 'text', text: `18°C and sunny in ${city}` }],
    }),
  );
  const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
  await server.connect(serverEnd);
  const client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(clientEnd);
  const getWeather = lc.tool(
    async ({ city }: { city: string }) => {
      const result = await client.callTool({ name: 'get_weather', arguments: { city } });
      return result.content[0].text;
    },
    { name: 'get_weather', description: 'Weather for a city', schema: lc.z.object({ city: lc.z.string() }) },
  );

  expect(await getWeather.invoke({ city: 'Paris' })).toBe('18°C and sunny in Paris');
  await client.close();

  const spans = finishedSpans();
  const toolSpans = spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'execute_tool');
  const langchainTool = spans.find((span) => span.name === 'execute_tool get_weather');
  const mcpClient = spans.find(
    (span) => span.name === 'tools/call get_weather' && span.kind === SpanKind.CLIENT,
  );
  const mcpServer = spans.find(
    (span) => span.name === 'tools/call get_weather' && span.kind === SpanKind.SERVER,
  );
  expect(mcpClient?.parentSpanContext?.spanId).toBe(langchainTool?.spanContext().spanId);
  expect(mcpServer?.parentSpanContext?.spanId).toBe(mcpClient?.spanContext().spanId);
  expect(mcpClient?.attributes['gen_ai.operation.name']).toBeUndefined();
  // The tool runs once: LangChain's span on the calling side, the MCP server span where it executes.
  expect(toolSpans.map((span) => [span.name, span.kind])).toEqual(
    expect.arrayContaining([
      ['execute_tool get_weather', SpanKind.INTERNAL],
      ['tools/call get_weather', SpanKind.SERVER],
    ]),
  );
  expect(toolSpans).toHaveLength(2);
});
