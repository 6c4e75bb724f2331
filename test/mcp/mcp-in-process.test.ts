import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MCPInstrumentation,
  SUPPORTED_MCP_SDK_VERSIONS,
  SUPPORTED_MCP_V2_VERSIONS,
} from '../../instrumentations/mcp';
import { withContentCapture } from '../../src/content/capture-policy';
import { KNOWN_INSTRUMENTATIONS } from '../../src/instrumentation-registry';
import { withTool } from '../../src/tracing/genai-helpers';
import { installGlobalTestTelemetry } from '../support/global-test-telemetry';
import { OnDemandMetricReader } from '../support/on-demand-metric-reader';

/**
 * Client and server in one process over the SDKs' in-memory transport: what the two-process tests
 * (mcp-out-of-process.test.ts) do not show — content capture, the instrumentation switched off,
 * the execute_tool rule for another tool's span, patching twice.
 */
const telemetry = installGlobalTestTelemetry();
const instrumentation = new MCPInstrumentation();
instrumentation.setTracerProvider(telemetry.tracerProvider);
// Loaded after the instrumentation exists, so that its require hooks patch them as --require would.
const requireFromRoot = createRequire(join(process.cwd(), 'package.json'));

interface Sdk {
  line: string;
  clientModule: { Client: new (info: object) => McpClientLike };
  McpServer: new (info: object) => McpServerLike;
  InMemoryTransport: { createLinkedPair(): [unknown, unknown] };
  /** The echo tool's input schema and what the SDK hands its handler besides the arguments. */
  echoConfig: object;
  metaOf(extra: unknown): Record<string, unknown> | undefined;
}

interface McpClientLike {
  connect(transport: unknown): Promise<void>;
  callTool(params: object): Promise<unknown>;
  close(): Promise<void>;
}

interface McpServerLike {
  registerTool(
    name: string,
    config: object,
    handler: (args: { text: string }, extra: unknown) => unknown,
  ): void;
  connect(transport: unknown): Promise<void>;
  close(): Promise<void>;
}

const v1: Sdk = {
  line: 'v1',
  clientModule: requireFromRoot('@modelcontextprotocol/sdk/client/index.js'),
  McpServer: requireFromRoot('@modelcontextprotocol/sdk/server/mcp.js').McpServer,
  InMemoryTransport: requireFromRoot('@modelcontextprotocol/sdk/inMemory.js').InMemoryTransport,
  echoConfig: { inputSchema: { text: requireFromRoot('zod').string() } },
  metaOf: (extra) => (extra as { _meta?: Record<string, unknown> })._meta,
};

const v2z = createRequire(requireFromRoot.resolve('@modelcontextprotocol/server'))('zod');
const v2: Sdk = {
  line: 'v2',
  clientModule: requireFromRoot('@modelcontextprotocol/client'),
  McpServer: requireFromRoot('@modelcontextprotocol/server').McpServer,
  InMemoryTransport: requireFromRoot('@modelcontextprotocol/server').InMemoryTransport,
  echoConfig: {
    inputSchema: v2z.object({ text: v2z.string() }),
    outputSchema: v2z.object({ text: v2z.string(), traceparent: v2z.string().nullable() }),
  },
  metaOf: (extra) => (extra as { mcpReq: { _meta?: Record<string, unknown> } }).mcpReq._meta,
};

/** An McpServer with an `echo` tool (which also says what `_meta.traceparent` reached it), and a client on it. */
async function connect(sdk: Sdk) {
  const server = new sdk.McpServer({ name: 'echo-server', version: '1.0.0' });
  server.registerTool('echo', sdk.echoConfig, async ({ text }, extra) => ({
    content: [{ type: 'text', text }],
    structuredContent: { text, traceparent: (sdk.metaOf(extra)?.traceparent as string | undefined) ?? null },
  }));
  server.registerTool(
    'wait',
    {},
    () => new Promise((resolve) => setTimeout(() => resolve({ content: [] }), 300)),
  );
  const [clientEnd, serverEnd] = sdk.InMemoryTransport.createLinkedPair();
  await server.connect(serverEnd);
  const client = new sdk.clientModule.Client({ name: 'echo-client', version: '1.0.0' });
  await client.connect(clientEnd);
  return {
    callTool: (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args }),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

const SDKS = [v1, v2];

it("keeps the registry's supported versions (read by `genai-otel doctor`) equal to the instrumentation's", () => {
  const entry = KNOWN_INSTRUMENTATIONS.find((candidate) => candidate.name === 'mcp');
  expect(entry?.supportedVersions).toEqual([...SUPPORTED_MCP_SDK_VERSIONS, ...SUPPORTED_MCP_V2_VERSIONS]);
});
let metricReader: OnDemandMetricReader;

beforeEach(() => {
  telemetry.spanExporter.reset();
  metricReader = new OnDemandMetricReader();
  instrumentation.setMeterProvider(new MeterProvider({ readers: [metricReader] }));
  instrumentation.enable();
});
afterAll(() => instrumentation.disable());

const spansNamed = (name: string, kind: SpanKind): ReadableSpan[] =>
  telemetry.spanExporter.getFinishedSpans().filter((span) => span.name === name && span.kind === kind);

describe.each(SDKS)('MCP $line in one process', (sdk) => {
  it('records tool arguments and results only when content capture is on', async () => {
    const session = await connect(sdk);
    await session.callTool('echo', { text: 'not recorded' });
    await withContentCapture(true, () => session.callTool('echo', { text: 'recorded' }));
    await session.close();
    const [uncaptured, captured] = spansNamed('tools/call echo', SpanKind.CLIENT);
    expect(uncaptured?.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(uncaptured?.attributes['gen_ai.tool.call.result']).toBeUndefined();
    expect(captured?.attributes['gen_ai.tool.call.arguments']).toBe('{"text":"recorded"}');
    expect(JSON.parse(String(captured?.attributes['gen_ai.tool.call.result']))).toMatchObject({
      text: 'recorded',
    });
  });

  it('leaves the calls and their params._meta untouched while disabled', async () => {
    type EchoResult = { structuredContent: { traceparent: unknown } };
    const session = await connect(sdk);
    const traced = (await session.callTool('echo', { text: 'traced' })) as EchoResult;
    expect(traced.structuredContent.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    telemetry.spanExporter.reset();
    instrumentation.disable();
    const quiet = (await session.callTool('echo', { text: 'quiet' })) as EchoResult;
    await session.close();
    expect(quiet.structuredContent.traceparent).toBeNull();
    expect(telemetry.spanExporter.getFinishedSpans()).toHaveLength(0);
  });

  it('keeps execute_tool on the MCP span when the enclosing execute_tool span is for another tool', async () => {
    const session = await connect(sdk);
    await withTool({ name: 'get_weather' }, () => session.callTool('echo', { text: 'x' }));
    await withTool({ name: 'echo' }, () => session.callTool('echo', { text: 'y' }));
    await session.close();
    const [underOtherTool, underSameTool] = spansNamed('tools/call echo', SpanKind.CLIENT);
    expect(underOtherTool?.attributes['gen_ai.operation.name']).toBe('execute_tool');
    expect(underSameTool?.attributes['gen_ai.operation.name']).toBeUndefined();
    // The server side always describes the tool execution it performs.
    for (const server of spansNamed('tools/call echo', SpanKind.SERVER))
      expect(server.attributes['gen_ai.operation.name']).toBe('execute_tool');
  });

  it('ends the spans of a call cut off by the connection closing, on both sides', async () => {
    const session = await connect(sdk);
    const call = session.callTool('wait', {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    await session.close();
    await expect(call).rejects.toThrow(/closed/i);
    const [client] = spansNamed('tools/call wait', SpanKind.CLIENT);
    const [server] = spansNamed('tools/call wait', SpanKind.SERVER);
    expect(client?.status.code).toBe(2);
    expect(server?.status.code).toBe(2);
    expect(server?.attributes['error.type']).toBe('connection_closed');
  });

  it('patches nothing twice and records one span per request', async () => {
    expect(instrumentation.patch(sdk.clientModule)).toBe(0);
    const session = await connect(sdk);
    await session.callTool('echo', { text: 'once' });
    await session.close();
    expect(spansNamed('tools/call echo', SpanKind.CLIENT)).toHaveLength(1);
    expect(spansNamed('tools/call echo', SpanKind.SERVER)).toHaveLength(1);
    // Notifications too: the client's notifications/initialized, continued by the server.
    const [sent] = spansNamed('notifications/initialized', SpanKind.CLIENT);
    const [received] = spansNamed('notifications/initialized', SpanKind.SERVER);
    expect(received?.parentSpanContext?.spanId).toEqual(expect.stringMatching(/^[0-9a-f]{16}$/));
    expect(received?.parentSpanContext?.spanId).toBe(sent?.spanContext().spanId);
    const { resourceMetrics } = await metricReader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((metric) => metric.descriptor.name),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'mcp.client.operation.duration',
        'mcp.server.operation.duration',
        'mcp.client.session.duration',
        'mcp.server.session.duration',
      ]),
    );
  });
});
