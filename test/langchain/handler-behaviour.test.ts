import { DiagLogLevel } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  GenAIOtelCallbackHandler,
  SUPPORTED_LANGCHAIN_CORE_VERSIONS,
} from '../../instrumentations/langchain';
import { startSpan } from '../../src/tracing/start-span';
import { finishedSpans } from '../support/instrumentation-telemetry';
import { errorReply } from '../support/openai-wire-server';
import { recordDiagMessages } from '../support/record-diag-messages';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { scenarios } from './support/langchain-scenarios';
import {
  langchainInstrumentation,
  lc,
  requireFromRoot,
  resetLangChainTelemetry,
} from './support/load-langchain';
import { queueToolAgentReplies } from './support/wire-replies';

const diagErrors = recordDiagMessages(DiagLogLevel.ERROR);

const wire = useOpenAIWireServer();
beforeEach(() => {
  diagErrors.length = 0;
  resetLangChainTelemetry();
});

describe('a failing model call', () => {
  it('is one inference span with status ERROR, the error type and one exception event', async () => {
    wire.enqueue('POST /v1/chat/completions', errorReply(400));
    await expect(scenarios.chatModel(lc, wire.baseURL).invoke('Which ocean?')).rejects.toThrow(/temperature/);
    const spans = finishedSpans();
    expect(spans.map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
    const [chat] = spans as [ReadableSpan];
    expect(chat.instrumentationScope.name).toBe('genai-otel/instrumentation-langchain');
    expect(chat.status.code).toBe(2);
    expect(chat.attributes['error.type']).toBe('BadRequestError');
    expect(chat.events.map((event) => event.name)).toEqual(['exception']);
  });
});

describe('a handler passed explicitly', () => {
  it('is not attached twice: the same spans as without it', async () => {
    queueToolAgentReplies(wire);
    const tools = scenarios.tripTools(lc);
    const model = scenarios.chatModel(lc, wire.baseURL).bindTools(tools);
    await model.invoke('What is the weather in Paris?', { callbacks: [new GenAIOtelCallbackHandler()] });
    expect(finishedSpans().map((span) => span.name)).toEqual(['chat gpt-4o-mini']);
  });
});

describe('the handler never breaks the app', () => {
  it('reports hostile callback arguments to diag and keeps going', () => {
    const handler = new GenAIOtelCallbackHandler();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile getter');
        },
      },
    );
    expect(() => handler.handleChatModelStart(hostile, [[hostile]] as never, 'run-1')).not.toThrow();
    expect(() => handler.handleLLMEnd(hostile, 'run-1')).not.toThrow();
    expect(() => handler.handleToolStart(hostile, 'x', 'run-2')).not.toThrow();
    expect(() => handler.handleToolEnd(hostile, 'run-2')).not.toThrow();
    expect(() => handler.handleChainStart(hostile, hostile, 'run-3')).not.toThrow();
    expect(() => handler.handleChainEnd(hostile, 'run-3')).not.toThrow();
    handler.closeAll();
    expect(
      diagErrors.some((message) => message.includes('LangChain handleChatModelStart could not be recorded')),
    ).toBe(true);
    // Every span that started has ended.
    for (const span of finishedSpans()) expect(span.ended).toBe(true);
  });

  it('ends runs LangChain never ends when the handler is closed', () => {
    const handler = new GenAIOtelCallbackHandler();
    handler.handleToolStart(
      { id: ['langchain', 'tools', 'DynamicTool'] },
      '{}',
      'orphan-tool',
      undefined,
      [],
      {},
      'slow_tool',
    );
    expect(finishedSpans()).toEqual([]);
    handler.closeAll();
    const [span] = finishedSpans() as [ReadableSpan];
    expect(span.name).toBe('execute_tool slow_tool');
    expect(span.attributes['genai_otel.run.timed_out']).toBe(true);
  });
});

describe('code inside a tool', () => {
  it('runs with the tool span active: spans it starts are children of the tool', async () => {
    const lookup = lc.tool(
      async ({ city }: { city: string }) =>
        startSpan('geocode', { kind: 'task' }, async () => `${city}: 48.85,2.35`),
      { name: 'lookup_city', description: 'Geocode a city', schema: lc.z.object({ city: lc.z.string() }) },
    );
    expect(await lookup.invoke({ city: 'Paris' })).toBe('Paris: 48.85,2.35');
    const spans = finishedSpans();
    const toolSpan = spans.find((span) => span.name === 'execute_tool lookup_city') as ReadableSpan;
    const inner = spans.find((span) => span.name === 'geocode') as ReadableSpan;
    expect(inner.parentSpanContext?.spanId).toBe(toolSpan.spanContext().spanId);
  });
});

describe('supported versions', () => {
  it('declares @langchain/core 1.x, which includes the installed version the tests run against', () => {
    expect(SUPPORTED_LANGCHAIN_CORE_VERSIONS).toEqual(['>=1.0.0 <2']);
    const { version } = requireFromRoot('@langchain/core/package.json') as { version: string };
    expect(version).toMatch(/^1\./);
    const [definition] = langchainInstrumentation.getModuleDefinitions();
    expect(definition?.name).toBe('@langchain/core');
    expect(definition?.files.map((file) => file.supportedVersions)).toEqual(
      Array(8).fill(SUPPORTED_LANGCHAIN_CORE_VERSIONS),
    );
  });
});
