import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockRoute, chunk, eventStream, invokeBody, json } from '../support/bedrock-wire-server';
import { finishedSpans, histogram, resetTelemetry } from '../support/instrumentation-telemetry';
import { BEDROCK_SCOPE } from './support/bedrock-scope';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

/**
 * genai-otel's Bedrock instrumentation and the contrib `@opentelemetry/instrumentation-aws-sdk`
 * (which makes its own `chat {modelId}` spans and GenAI token metrics for Bedrock Runtime), both
 * enabled before the SDK is required, as auto-instrumentations-node and `register()` would.
 */
const awsSdk = new AwsInstrumentation();
const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();
afterAll(() => awsSdk.disable());

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

beforeEach(() => {
  resetTelemetry([instrumentation, awsSdk]);
});

/** The input and output token counts recorded in `gen_ai.client.token.usage`, by every instrumentation. */
async function recordedTokens(): Promise<{ input: number[]; output: number[] }> {
  const points = await histogram('gen_ai.client.token.usage');
  const of = (type: string) =>
    points.filter((point) => point.attributes['gen_ai.token.type'] === type).map((point) => point.sum);
  return { input: of('input'), output: of('output') };
}

describe('with @opentelemetry/instrumentation-aws-sdk also enabled', () => {
  it("Converse: one inference span (genai-otel's), tokens counted once", async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      json({
        output: { message: { role: 'assistant', content: [{ text: 'Oslo.' }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 },
      }),
    );
    const response = await client.send(
      new bedrock.ConverseCommand({
        modelId: CLAUDE,
        messages: [{ role: 'user', content: [{ text: 'Capital of Norway?' }] }],
      }),
    );
    expect(response.output?.message?.content?.[0]?.text).toBe('Oslo.');
    const spans = finishedSpans();
    expect(spans.map((span) => [span.name, span.instrumentationScope.name])).toEqual([
      [`chat ${CLAUDE}`, BEDROCK_SCOPE],
    ]);
    expect(spans[0]?.attributes['gen_ai.usage.input_tokens']).toBe(12);
    expect(await recordedTokens()).toEqual({ input: [12], output: [3] });
  });

  it('ConverseStream: one span, the stream reaches the caller whole, tokens counted once', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse-stream'),
      eventStream([
        { event: 'messageStart', payload: { role: 'assistant' } },
        { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'Os' } } },
        { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'lo.' } } },
        { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
        { event: 'messageStop', payload: { stopReason: 'end_turn' } },
        { event: 'metadata', payload: { usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 } } },
      ]),
    );
    const response = await client.send(
      new bedrock.ConverseStreamCommand({
        modelId: CLAUDE,
        messages: [{ role: 'user', content: [{ text: 'Capital of Norway?' }] }],
      }),
    );
    let text = '';
    for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
    expect(text).toBe('Oslo.');
    expect(finishedSpans().map((span) => [span.name, span.instrumentationScope.name])).toEqual([
      [`chat ${CLAUDE}`, BEDROCK_SCOPE],
    ]);
    expect(await recordedTokens()).toEqual({ input: [12], output: [3] });
  });

  it('InvokeModel and InvokeModelWithResponseStream: one span each', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'invoke'),
      invokeBody({
        id: 'msg_bdrk_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-20250514',
        content: [{ type: 'text', text: 'Oslo.' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 12, output_tokens: 3 },
      }),
    );
    server.enqueue(
      bedrockRoute(CLAUDE, 'invoke-with-response-stream'),
      eventStream([
        chunk({
          type: 'message_start',
          message: {
            id: 'msg_bdrk_2',
            model: 'claude-sonnet-4-20250514',
            usage: { input_tokens: 12, output_tokens: 1 },
          },
        }),
        chunk({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }),
        chunk({ type: 'message_stop' }),
      ]),
    );
    const body = JSON.stringify({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Capital of Norway?' }],
    });
    await client.send(
      new bedrock.InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', body }),
    );
    const streamed = await client.send(
      new bedrock.InvokeModelWithResponseStreamCommand({
        modelId: CLAUDE,
        contentType: 'application/json',
        body,
      }),
    );
    let chunks = 0;
    for await (const event of streamed.body ?? []) if (event.chunk) chunks++;
    expect(chunks).toBe(3);
    expect(finishedSpans().map((span) => [span.name, span.instrumentationScope.name])).toEqual([
      [`chat ${CLAUDE}`, BEDROCK_SCOPE],
      [`chat ${CLAUDE}`, BEDROCK_SCOPE],
    ]);
    expect(await recordedTokens()).toEqual({ input: [24], output: [6] });
  });

  it('leaves the aws-sdk instrumentation in place for every command genai-otel does not trace', async () => {
    server.enqueue(bedrockRoute(CLAUDE, 'count-tokens'), json({ inputTokens: 9 }));
    const counted = await client.send(
      new bedrock.CountTokensCommand({
        modelId: CLAUDE,
        input: { converse: { messages: [{ role: 'user', content: [{ text: 'Capital of Norway?' }] }] } },
      }),
    );
    expect(counted.inputTokens).toBe(9);
    expect(finishedSpans().map((span) => [span.name, span.instrumentationScope.name])).toEqual([
      ['BedrockRuntime.CountTokens', '@opentelemetry/instrumentation-aws-sdk'],
    ]);
  });

  it('disabling genai-otel removes only its own wrapper', () => {
    const runtimePrototype = bedrock.BedrockRuntimeClient.prototype;
    const smithyPrototype = Object.getPrototypeOf(runtimePrototype) as { send: { __wrapped?: boolean } };
    expect(Object.hasOwn(runtimePrototype, 'send')).toBe(true);
    instrumentation.disable();
    try {
      expect(Object.hasOwn(runtimePrototype, 'send')).toBe(false);
      expect(smithyPrototype.send.__wrapped).toBe(true);
    } finally {
      instrumentation.enable();
    }
    expect(Object.hasOwn(runtimePrototype, 'send')).toBe(true);
  });
});
