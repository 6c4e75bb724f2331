import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnthropicInstrumentation, instrument } from '../../instrumentations/anthropic';
import { anthropicMessage, apiError, messageEvents } from '../support/anthropic-wire-server';
import { finishedSpans, onlySpan, resetTelemetry, sleep } from '../support/instrumentation-telemetry';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import {
  type AnyAnthropicClient,
  type ClientKind,
  clientFor,
  MODEL_BY_CLIENT,
  PROVIDER_BY_CLIENT,
  packageName,
  requireFromRoot,
  type SdkLine,
} from './support/anthropic-clients';

/**
 * Every client on both SDK lines. 1.x and the Bedrock/Vertex 0.x clients are patched by the
 * require hook (the Bedrock and Vertex packages load their SDK by the subpath
 * `@anthropic-ai/sdk/client`, which the hook covers); the aliased `anthropic-sdk-v0` (0.133, the
 * last 0.x without the SDK's own spans) is patched with `instrument()`, as a bundled app would.
 */
const hooked = new AnthropicInstrumentation();
for (const kind of ['anthropic', 'bedrock', 'vertex'] as const) requireFromRoot(packageName(kind, 'v1'));
requireFromRoot(packageName('bedrock', 'v0'));
requireFromRoot(packageName('vertex', 'v0'));
const manual = instrument(requireFromRoot(packageName('anthropic', 'v0')));
const server = useAnthropicWireServer();

beforeEach(() => {
  resetTelemetry([hooked, manual]);
});

const CASES: Array<[ClientKind, SdkLine]> = [
  ['anthropic', 'v1'],
  ['bedrock', 'v1'],
  ['vertex', 'v1'],
  ['anthropic', 'v0'],
  ['bedrock', 'v0'],
  ['vertex', 'v0'],
];

const ROUTES: Record<ClientKind, [RegExp, RegExp]> = {
  anthropic: [/^\/v1\/messages$/, /^\/v1\/messages$/],
  bedrock: [/^\/model\/[^/]+\/invoke$/, /^\/model\/[^/]+\/invoke-with-response-stream$/],
  vertex: [/:rawPredict$/, /:streamRawPredict$/],
};

describe.each(CASES)('%s client, SDK %s', (kind, line) => {
  const model = MODEL_BY_CLIENT[kind];
  const request = { model, max_tokens: 128, messages: [{ role: 'user', content: 'Hi' }] };
  let client: AnyAnthropicClient;
  beforeEach(() => {
    client ??= clientFor(kind, line, server, { maxRetries: 0 });
  });

  it('create: one chat span with the provider of the client', async () => {
    server.enqueue({
      kind: 'message',
      body: anthropicMessage({ model, usage: { input: 9, output: 4, cacheRead: 3 } }),
    });
    await client.messages.create(request);
    expect(server.requests[0]?.path).toMatch(ROUTES[kind][0]);
    const span = onlySpan();
    expect(span.name).toBe(`chat ${model}`);
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': PROVIDER_BY_CLIENT[kind],
      'gen_ai.request.model': model,
      'server.address': '127.0.0.1',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 4,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('create({ stream: true }): usage and finish reason from the events', async () => {
    server.enqueue({ kind: 'events', events: messageEvents({ model, usage: { input: 30, output: 7 } }) });
    let text = '';
    for await (const event of await client.messages.create({ ...request, stream: true }))
      if (event.type === 'content_block_delta') text += event.delta.text;
    expect(text).toContain('Atlantic');
    expect(server.requests[0]?.path).toMatch(ROUTES[kind][1]);
    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(30);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(7);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('stream(): finalMessage() and one span', async () => {
    server.enqueue({ kind: 'events', events: messageEvents({ model }) });
    const message = await client.messages.stream(request).finalMessage();
    await sleep(5);
    expect(finishedSpans().map((span) => [span.name, span.attributes['gen_ai.response.id']])).toEqual([
      [`chat ${model}`, message.id],
    ]);
  });

  it('beta.messages.create: one span', async () => {
    server.enqueue({ kind: 'message', body: anthropicMessage({ model }) });
    await client.beta.messages.create(request);
    expect(finishedSpans().map((span) => span.name)).toEqual([`chat ${model}`]);
  });

  it('an error answer: one span, status ERROR', async () => {
    server.enqueue(apiError(400, 'messages: at least one message is required'));
    await expect(client.messages.create(request)).rejects.toThrow();
    expect(onlySpan().status.code).toBe(SpanStatusCode.ERROR);
  });
});
