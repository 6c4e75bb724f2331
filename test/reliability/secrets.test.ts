import { randomBytes } from 'node:crypto';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import type { GenAIOtelHandle } from '../../src/process-state';
import { withTool } from '../../src/tracing/genai-helpers';
import { withLLMCall } from '../../src/tracing/with-llm-call';
import { type OpenAIModule, requireFromRoot } from '../openai/support/load-openai';
import {
  chatCompletion,
  chatCompletionChunks,
  embeddingList,
  errorReply,
  type OpenAIWireServer,
  startOpenAIWireServer,
} from '../support/openai-wire-server';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { reportFigure } from './support/diag-capture';
import { registerForTests } from './support/register-for-tests';

/**
 * Canary credentials — an `apiKey` option, the `Authorization` and `api-key` headers the SDKs
 * send, a key the user pastes into a prompt, a key a provider echoes in an error — must never
 * appear in any byte genai-otel exports, with content capture off (the default) and on. The raw
 * OTLP/protobuf request bodies (traces and metrics) are searched, and the same spans serialized
 * as OTLP/JSON.
 */
const canary = (prefix: string) => `${prefix}${randomBytes(24).toString('hex')}`;
const OPENAI_KEY = canary('sk-proj-canary');
const AZURE_KEY = canary('azurecanary');
const BEARER_TOKEN = canary('bearercanary');
const PASTED_KEY = canary('sk-canarypasted');
const EMAIL = 'ana.lopez@example.com';
const SECRETS = [OPENAI_KEY, AZURE_KEY, BEARER_TOKEN, PASTED_KEY];

let wire: OpenAIWireServer;
let receiver: OtlpReceiver;
let handle: GenAIOtelHandle;
const memory = new InMemorySpanExporter();
/** A user's own processor, as given to register(): it must see content already scrubbed. */
const seenByUserProcessor: string[] = [];
const userProcessor: SpanProcessor = {
  onStart: () => {},
  onEnd: (span) => {
    seenByUserProcessor.push(
      JSON.stringify([span.attributes, span.events, span.status], (_k, v) =>
        typeof v === 'bigint' ? String(v) : v,
      ),
    );
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

beforeAll(async () => {
  wire = await startOpenAIWireServer();
  receiver = await startOtlpReceiver();
  handle = registerForTests({
    otlp: { endpoint: receiver.url, headers: { 'x-collector-token': 'collector-token-not-a-canary' } },
    traceExporters: ['otlp'],
    metricExporters: ['otlp'],
    spanExporters: [memory],
    spanProcessors: [userProcessor],
  });
});
afterAll(async () => {
  await handle.shutdown();
  await receiver.close();
  await wire.close();
});

async function exerciseEveryPath(): Promise<void> {
  const { default: OpenAI, AzureOpenAI } = requireFromRoot('openai') as OpenAIModule;
  const openai = new OpenAI({
    apiKey: OPENAI_KEY,
    baseURL: wire.baseURL,
    maxRetries: 0,
    defaultHeaders: { 'x-trace-me': 'yes' },
  });
  const prompt = `My key is ${PASTED_KEY}; mail the answer to ${EMAIL}.`;
  wire.enqueue(
    'POST /v1/chat/completions',
    {
      kind: 'json',
      body: chatCompletion({ choices: [{ content: `Sure ${EMAIL}, your key ${PASTED_KEY} is noted.` }] }),
    },
    { kind: 'sse', events: chatCompletionChunks({ includeUsage: true }) },
    // A provider that echoes the rejected key in full (OpenAI masks it; others may not).
    errorReply(401, `Incorrect API key provided: ${OPENAI_KEY}.`),
  );
  wire.enqueue('POST /v1/embeddings', { kind: 'json', body: embeddingList({ dimensions: 4 }) });
  await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
  });
  for await (const _chunk of await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
    stream: true,
    stream_options: { include_usage: true },
  })) {
  }
  await openai.chat.completions
    .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] })
    .catch(() => undefined);
  await openai.embeddings.create({ model: 'text-embedding-3-small', input: prompt });

  const azure = new AzureOpenAI({
    endpoint: wire.url,
    apiKey: AZURE_KEY,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o-mini',
    maxRetries: 0,
  });
  wire.setHandler(() => ({ kind: 'json', body: chatCompletion() }));
  await azure.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
  });
  const bearer = new OpenAI({
    apiKey: 'unused',
    baseURL: wire.baseURL,
    maxRetries: 0,
    defaultHeaders: { Authorization: `Bearer ${BEARER_TOKEN}` },
  });
  await bearer.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: prompt }],
  });
  wire.setHandler(undefined);

  await withLLMCall({ provider: 'ollama', model: 'llama3.2', input: prompt }, async (call) => {
    call.recordResponse({ output: `Noted ${PASTED_KEY}` });
  });
  await withTool({ name: 'send_mail', arguments: { to: EMAIL, apiKey: PASTED_KEY } }, async () => 'sent');
}

function searchExportedBytes(): { requests: number; bytes: number; found: string[] } {
  const found: string[] = [];
  let bytes = 0;
  for (const request of receiver.requests) {
    bytes += request.body.length;
    const text = request.body.toString('latin1');
    for (const secret of SECRETS)
      if (text.includes(secret)) found.push(`${request.path}: ${secret.slice(0, 16)}…`);
  }
  const asJson = Buffer.from(JsonTraceSerializer.serializeRequest(memory.getFinishedSpans()) ?? []).toString(
    'utf8',
  );
  for (const secret of SECRETS) if (asJson.includes(secret)) found.push(`OTLP/JSON: ${secret.slice(0, 16)}…`);
  const userView = seenByUserProcessor.join('\n');
  for (const secret of SECRETS)
    if (userView.includes(secret)) found.push(`user processor: ${secret.slice(0, 16)}…`);
  return { requests: receiver.requests.length, bytes, found };
}

it.each(['off (the default)', 'on'])(
  'no canary secret in any exported byte, content capture %s',
  async (mode) => {
    const capture = mode === 'on';
    receiver.requests.length = 0;
    receiver.spans.length = 0;
    seenByUserProcessor.length = 0;
    memory.reset();
    // Off is the default: nothing in register() or the environment turns it on.
    await (capture ? withContentCapture(true, exerciseEveryPath) : exerciseEveryPath());
    await handle.forceFlush();
    await receiver.waitForSpans(8);
    expect(receiver.requests.some((r) => r.path.endsWith('/v1/metrics'))).toBe(true);

    const { requests, bytes, found } = searchExportedBytes();
    expect(found).toEqual([]);
    reportFigure(`secrets: OTLP bytes searched, capture ${capture}`, {
      requests,
      bytes,
      canariesFound: found.length,
    });

    const contentKeys = receiver.spans.flatMap((span) =>
      Object.keys(span.attributes).filter(
        (key) => key === 'gen_ai.input.messages' || key === 'gen_ai.output.messages',
      ),
    );
    if (!capture) {
      expect(contentKeys).toEqual([]);
      return;
    }
    expect(contentKeys.length).toBeGreaterThan(0);
    const chat = receiver.spans.find(
      (span) =>
        span.name === 'chat gpt-4o-mini' &&
        String(span.attributes['gen_ai.output.messages']).includes('noted'),
    );
    expect(String(chat?.attributes['gen_ai.input.messages'])).toContain('[REDACTED:api_key]');
    expect(String(chat?.attributes['gen_ai.input.messages'])).toContain('[REDACTED:email]');
    expect(String(chat?.attributes['gen_ai.output.messages'])).not.toContain(EMAIL);
  },
);
