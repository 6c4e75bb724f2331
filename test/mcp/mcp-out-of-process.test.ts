import { beforeEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * A real MCP client and a real MCP server, each its own process started the way users start theirs
 * (`node --require|--import genai-otel/register`), both exporting to one local OTLP receiver; the
 * server's tool asks the local OpenAI wire server. Covers both SDK lines (1.x
 * `@modelcontextprotocol/sdk`, 2.x `@modelcontextprotocol/client`/`server`) over stdio,
 * Streamable HTTP and (1.x) the legacy HTTP+SSE transport. Needs `npm run build` first: the apps
 * load genai-otel from dist/. The scenario: test/mcp/fixtures/mcp-client-scenario.cjs and
 * mcp-server-scenario.cjs.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
beforeEach(() => {
  // One model answer per get_weather call: the agent's and three concurrent ones.
  for (let call = 0; call < 4; call++)
    wire.enqueue('POST /v1/chat/completions', { kind: 'json', body: chatCompletion() });
});

interface Case {
  line: 'v1' | 'v2';
  transport: 'stdio' | 'http' | 'sse';
  loader: 'require' | 'import';
}

const CASES: Case[] = [
  { line: 'v1', transport: 'stdio', loader: 'require' },
  { line: 'v1', transport: 'http', loader: 'require' },
  { line: 'v2', transport: 'stdio', loader: 'require' },
  { line: 'v2', transport: 'http', loader: 'require' },
  // The legacy HTTP+SSE transport: 1.x still ships both ends (2.x only a client).
  { line: 'v1', transport: 'sse', loader: 'require' },
  { line: 'v1', transport: 'stdio', loader: 'import' },
  { line: 'v2', transport: 'http', loader: 'import' },
];

const CLIENT = 'mcp-client-fixture';
const SERVER = 'mcp-server-fixture';
const serviceOf = (span: ReceivedSpan) => span.resource['service.name'];

describe.each(CASES)('MCP $line over $transport, apps under --$loader', ({ line, transport, loader }) => {
  it('connects agent → execute_tool → tools/call (client) → tools/call (server) → chat in one trace, with errors, cancellation and a crash recorded', async () => {
    const run = await runNodeApp(`test/mcp/fixtures/mcp-client.${loader === 'import' ? 'mjs' : 'cjs'}`, {
      loader,
      env: exitFlushedOtlpEnv(receiver.url, CLIENT, {
        MCP_LINE: line,
        MCP_TRANSPORT: transport,
        MCP_LOADER: loader,
        OPENAI_BASE_URL: wire.baseURL,
      }),
      timeoutMillis: 60_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    // 11 MCP requests seen from each side, notifications/initialized from each side, the server's
    // notifications/cancelled, 4 model calls in the server, the agent and its tool span.
    const spans = await receiver.waitForSpans(31);
    const named = (name: string, service: string) =>
      spans.filter((span) => span.name === name && serviceOf(span) === service);
    const one = (name: string, service: string) => {
      const found = named(name, service);
      expect(
        found.map((span) => span.name),
        `${name} from ${service}`,
      ).toHaveLength(1);
      return found[0] as ReceivedSpan;
    };

    // The agent's tool call: one trace across both processes, each layer the child of the one above.
    const agent = one('invoke_agent weather-agent', CLIENT);
    const executeTool = one('execute_tool get_weather', CLIENT);
    const weatherTraces = spans.filter((span) => span.traceId === agent.traceId);
    const clientCall = weatherTraces.find(
      (span) => span.name === 'tools/call get_weather' && serviceOf(span) === CLIENT,
    ) as ReceivedSpan;
    const serverCall = weatherTraces.find(
      (span) => span.name === 'tools/call get_weather' && serviceOf(span) === SERVER,
    ) as ReceivedSpan;
    const chat = weatherTraces.find((span) => span.name === 'chat gpt-4o-mini') as ReceivedSpan;
    expect(executeTool.parentSpanId).toBe(agent.spanId);
    expect(clientCall.parentSpanId).toBe(executeTool.spanId);
    expect(serverCall.parentSpanId).toBe(clientCall.spanId);
    expect(chat.parentSpanId).toBe(serverCall.spanId);
    expect(serviceOf(chat)).toBe(SERVER);
    // What reached the server in params._meta is the client span's context.
    const echoed = JSON.parse(report.weather.content[0].text);
    expect(echoed.traceparent).toBe(`00-${clientCall.traceId}-${clientCall.spanId}-01`);
    expect(echoed.summary).toBe('Atlantic Ocean.');

    // One execute_tool operation per call: the client span under withTool is protocol-level only.
    expect(clientCall.kind).toBe(3);
    expect(clientCall.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(serverCall.kind).toBe(2);
    expect(serverCall.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.protocol.version': expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(clientCall.attributes['jsonrpc.request.id']).toBe(serverCall.attributes['jsonrpc.request.id']);
    if (transport === 'stdio') {
      expect(clientCall.attributes['network.transport']).toBe('pipe');
      expect(serverCall.attributes['network.transport']).toBe('pipe');
      expect(clientCall.attributes['mcp.session.id']).toBeUndefined();
    } else {
      expect(clientCall.attributes).toMatchObject({
        'network.transport': 'tcp',
        'network.protocol.name': 'http',
        'server.address': '127.0.0.1',
        'server.port': expect.any(Number),
      });
      expect(serverCall.attributes['mcp.session.id']).toEqual(expect.any(String));
      // The SSE client transport does not expose the session id (it travels in the endpoint URL).
      if (transport === 'http')
        expect(clientCall.attributes['mcp.session.id']).toBe(serverCall.attributes['mcp.session.id']);
      // The 1.x Node transport hands us the HTTP request; 2.x's web-standard one has no socket.
      if (line === 'v1')
        expect(serverCall.attributes).toMatchObject({
          'client.address': '127.0.0.1',
          'client.port': expect.any(Number),
        });
    }

    // initialize, notifications/initialized and tools/list: one client and one server span each, linked.
    for (const method of ['initialize', 'notifications/initialized', 'tools/list']) {
      const client = one(method, CLIENT);
      const server = one(method, SERVER);
      expect(server.parentSpanId).toBe(client.spanId);
      expect(server.traceId).toBe(client.traceId);
    }

    // A tool result with isError: a failed tool call on both sides, not a protocol error.
    for (const span of [one('tools/call fail_tool', CLIENT), one('tools/call fail_tool', SERVER)]) {
      expect(span.status.code).toBe(2);
      expect(span.attributes['error.type']).toBe('tool_error');
      expect(span.attributes['rpc.response.status_code']).toBeUndefined();
      // Outside any execute_tool span the MCP tool call is itself the tool execution.
      expect(span.attributes['gen_ai.operation.name']).toBe('execute_tool');
    }

    // A JSON-RPC error: method not found (no prompts registered).
    expect(report.noPrompts.code).toBe(-32601);
    for (const span of [one('prompts/get summarise', CLIENT), one('prompts/get summarise', SERVER)]) {
      expect(span.status).toMatchObject({ code: 2, message: 'Method not found' });
      expect(span.attributes).toMatchObject({
        'error.type': '-32601',
        'rpc.response.status_code': '-32601',
        'gen_ai.prompt.name': 'summarise',
      });
    }
    // An unknown tool: 1.x McpServer answers with an isError result, 2.x with -32602.
    const unknownType = line === 'v1' ? 'tool_error' : '-32602';
    expect(one('tools/call no_such_tool', CLIENT).attributes['error.type']).toBe(unknownType);
    expect(one('tools/call no_such_tool', SERVER).attributes['error.type']).toBe(unknownType);

    // Three concurrent calls on one session: three distinct requests, each with its own server child.
    const concurrentClients = named('tools/call get_weather', CLIENT).filter((span) => span !== clientCall);
    expect(concurrentClients).toHaveLength(3);
    expect(new Set(concurrentClients.map((span) => span.attributes['jsonrpc.request.id'])).size).toBe(3);
    for (const client of concurrentClients) {
      const children = spans.filter(
        (span) => span.parentSpanId === client.spanId && serviceOf(span) === SERVER,
      );
      expect(children.map((span) => span.name)).toEqual(['tools/call get_weather']);
      expect(children[0]?.attributes['jsonrpc.request.id']).toBe(client.attributes['jsonrpc.request.id']);
    }

    // Cancellation: the client span says so, and the server's handler span ends as cancelled too.
    const cancelledClient = one('tools/call slow_tool', CLIENT);
    expect(cancelledClient.attributes['error.type']).toBe('cancelled');
    const cancelledServer = one('tools/call slow_tool', SERVER);
    expect(cancelledServer.parentSpanId).toBe(cancelledClient.spanId);
    expect(cancelledServer.attributes['error.type']).toBe('cancelled');

    // The server dies mid-call: the client's span ends with an error instead of hanging.
    expect(report.crashed.error).toEqual(expect.any(String));
    const crashed = one('tools/call crash_tool', CLIENT);
    expect(crashed.status.code).toBe(2);
    expect(crashed.attributes['error.type']).toEqual(expect.any(String));

    // Metrics from both processes, with the conventions' attributes and no ids.
    const clientDuration = await receiver.waitForMetric('mcp.client.operation.duration');
    expect(clientDuration.unit).toBe('s');
    const failedPoint = clientDuration.points.find(
      (point) => point.attributes['gen_ai.tool.name'] === 'fail_tool',
    );
    expect(failedPoint?.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'error.type': 'tool_error',
    });
    expect(failedPoint?.attributes['jsonrpc.request.id']).toBeUndefined();
    expect(failedPoint?.attributes['mcp.session.id']).toBeUndefined();
    const serverDuration = await receiver.waitForMetric('mcp.server.operation.duration');
    expect(serverDuration.points.some((point) => point.attributes['mcp.method.name'] === 'initialize')).toBe(
      true,
    );
    const clientSession = await receiver.waitForMetric('mcp.client.session.duration');
    expect(clientSession.points[0]?.attributes).toMatchObject({
      'network.transport': transport === 'stdio' ? 'pipe' : 'tcp',
      'mcp.protocol.version': serverCall.attributes['mcp.protocol.version'],
    });
  }, 90_000);
});
