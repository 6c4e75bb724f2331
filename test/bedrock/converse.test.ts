import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  awsError,
  BEDROCK_TEST_CREDENTIALS,
  bedrockClientOptions,
  bedrockRoute,
  json,
} from '../support/bedrock-wire-server';
import {
  finishedSpans,
  histogram,
  jsonAttribute,
  onlySpan,
  resetTelemetry,
} from '../support/instrumentation-telemetry';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

function converseAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    output: {
      message: { role: 'assistant', content: [{ text: 'Bouvet Island lies in the South Atlantic.' }] },
    },
    stopReason: 'end_turn',
    usage: { inputTokens: 21, outputTokens: 11, totalTokens: 32 },
    metrics: { latencyMs: 412 },
    ...overrides,
  };
}

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

describe('ConverseCommand (@aws-sdk/client-bedrock-runtime 3, over h2c, require hook)', () => {
  it('records the request config, usage, finish reason and server on one CLIENT span', async () => {
    server.enqueue(bedrockRoute(CLAUDE, 'converse'), json(converseAnswer()));
    const response = await client.send(
      new bedrock.ConverseCommand({
        modelId: CLAUDE,
        messages: [{ role: 'user', content: [{ text: 'Where is Bouvet Island?' }] }],
        inferenceConfig: { maxTokens: 256, temperature: 0.2, topP: 0.9, stopSequences: ['\n\nHuman:'] },
        additionalModelRequestFields: { top_k: 40 },
        guardrailConfig: { guardrailIdentifier: 'sgi5gkybzqak', guardrailVersion: '1' },
      }),
    );
    expect(response.output?.message?.content?.[0]?.text).toBe('Bouvet Island lies in the South Atlantic.');
    const span = onlySpan();
    expect(span.name).toBe(`chat ${CLAUDE}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': CLAUDE,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['\n\nHuman:'],
      'aws.bedrock.guardrail.id': 'sgi5gkybzqak',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 11,
      'server.address': '127.0.0.1',
      'server.port': server.port,
    });
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    const usage = await histogram('gen_ai.client.token.usage');
    expect(usage.map((point) => [point.attributes['gen_ai.token.type'], point.sum]).sort()).toEqual([
      ['input', 21],
      ['output', 11],
    ]);
  });

  it('counts cache reads and writes inside the input tokens when totalTokens says inputTokens left them out', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      json(
        converseAnswer({
          usage: {
            inputTokens: 12,
            outputTokens: 40,
            cacheReadInputTokens: 2048,
            cacheWriteInputTokens: 512,
            totalTokens: 2612,
          },
          stopReason: 'max_tokens',
        }),
      ),
    );
    await client.send(
      new bedrock.ConverseCommand({
        modelId: CLAUDE,
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      }),
    );
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 2572,
      'gen_ai.usage.cache_read.input_tokens': 2048,
      'gen_ai.usage.cache_creation.input_tokens': 512,
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.response.finish_reasons': ['length'],
    });
  });

  it('records messages, system, tools, tool use and results, and images without their bytes, with capture on', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      json(
        converseAnswer({
          output: {
            message: {
              role: 'assistant',
              content: [
                {
                  reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'sig' } },
                },
                {
                  toolUse: {
                    toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
                    name: 'get_weather',
                    input: { city: 'Oslo' },
                  },
                },
              ],
            },
          },
          stopReason: 'tool_use',
        }),
      ),
    );
    const photo = new Uint8Array(4096).fill(7);
    await withContentCapture(true, () =>
      client.send(
        new bedrock.ConverseCommand({
          modelId: CLAUDE,
          system: [{ text: 'You are terse.' }, { cachePoint: { type: 'default' } }],
          messages: [
            {
              role: 'user',
              content: [
                { text: 'Weather where this photo was taken?' },
                { image: { format: 'jpeg', source: { bytes: photo } } },
              ],
            },
            { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'locate', input: {} } }] },
            { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'Oslo' }] } }] },
          ],
          toolConfig: {
            tools: [
              {
                toolSpec: {
                  name: 'get_weather',
                  description: 'Current weather',
                  inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
                },
              },
            ],
          },
        }),
      ),
    );
    const span = onlySpan();
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(jsonAttribute(span, 'gen_ai.system_instructions')).toEqual([
      { type: 'text', content: 'You are terse.' },
    ]);
    expect(jsonAttribute(span, 'gen_ai.input.messages')).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'Weather where this photo was taken?' },
          {
            type: 'blob',
            modality: 'image',
            mime_type: 'image/jpeg',
            content: '[base64 elided: 5464 chars]',
          },
        ],
      },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 't1', name: 'locate', arguments: {} }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 't1', response: 'Oslo' }] },
    ]);
    expect(jsonAttribute(span, 'gen_ai.output.messages')).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [
          { type: 'reasoning', content: 'The user wants weather.' },
          {
            type: 'tool_call',
            id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q',
            name: 'get_weather',
            arguments: { city: 'Oslo' },
          },
        ],
      },
    ]);
    expect(jsonAttribute(span, 'gen_ai.tool.definitions')).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ]);
  });

  it('maps guardrail interventions to content_filter', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      json(converseAnswer({ stopReason: 'guardrail_intervened' })),
    );
    await client.send(
      new bedrock.ConverseCommand({
        modelId: CLAUDE,
        messages: [{ role: 'user', content: [{ text: 'x' }] }],
      }),
    );
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['content_filter']);
  });

  it('records a service error with its exception name and rethrows the SDK error untouched', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      awsError('AccessDeniedException', 403, 'You do not have access'),
    );
    const error = await client
      .send(
        new bedrock.ConverseCommand({
          modelId: CLAUDE,
          messages: [{ role: 'user', content: [{ text: 'x' }] }],
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(bedrock.AccessDeniedException);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('AccessDeniedException');
  });

  it('names an error the SDK has no class for (a bad signature) by the code the service sent', async () => {
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      awsError(
        'InvalidSignatureException',
        403,
        'The request signature we calculated does not match the signature you provided.',
      ),
    );
    await expect(
      client.send(
        new bedrock.ConverseCommand({
          modelId: CLAUDE,
          messages: [{ role: 'user', content: [{ text: 'x' }] }],
        }),
      ),
    ).rejects.toThrow('signature');
    expect(onlySpan().attributes['error.type']).toBe('InvalidSignatureException');
  });

  it('keeps the SDK retries of a throttled call inside one span', async () => {
    const retrying = new bedrock.BedrockRuntimeClient(bedrockClientOptions(server, 2));
    server.enqueue(
      bedrockRoute(CLAUDE, 'converse'),
      awsError('ThrottlingException', 429, 'Too many requests, please wait before trying again.'),
      json(converseAnswer()),
    );
    await retrying.send(
      new bedrock.ConverseCommand({
        modelId: CLAUDE,
        messages: [{ role: 'user', content: [{ text: 'x' }] }],
      }),
    );
    retrying.destroy();
    expect(server.received).toHaveLength(2);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(11);
  });

  it('records a connection failure as an error', async () => {
    const unreachable = new bedrock.BedrockRuntimeClient({
      ...bedrockClientOptions(server),
      endpoint: 'http://127.0.0.1:1',
    });
    await expect(
      unreachable.send(
        new bedrock.ConverseCommand({
          modelId: CLAUDE,
          messages: [{ role: 'user', content: [{ text: 'x' }] }],
        }),
      ),
    ).rejects.toThrow();
    unreachable.destroy();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['server.port']).toBe(1);
    expect(span.attributes['error.type']).toBeTruthy();
  });

  it('traces the aggregated BedrockRuntime client once, and leaves other commands untraced', async () => {
    const aggregated = new bedrock.BedrockRuntime(bedrockClientOptions(server));
    server.enqueue(bedrockRoute(CLAUDE, 'converse'), json(converseAnswer()));
    await aggregated.converse({ modelId: CLAUDE, messages: [{ role: 'user', content: [{ text: 'x' }] }] });
    server.enqueue('POST /model/amazon.titan-text-express-v1/count-tokens', json({ inputTokens: 3 }));
    await aggregated
      .send(
        new bedrock.CountTokensCommand({
          modelId: 'amazon.titan-text-express-v1',
          input: { converse: { messages: [] } },
        }),
      )
      .catch(() => undefined);
    aggregated.destroy();
    expect(finishedSpans().map((span) => span.name)).toEqual([`chat ${CLAUDE}`]);
  });

  it('never exports the credentials or the SigV4 signature it sent', async () => {
    server.enqueue(bedrockRoute(CLAUDE, 'converse'), json(converseAnswer()));
    await withContentCapture(true, () =>
      client.send(
        new bedrock.ConverseCommand({
          modelId: CLAUDE,
          messages: [{ role: 'user', content: [{ text: 'x' }] }],
        }),
      ),
    );
    const sent = server.received[0]?.headers ?? {};
    const signature = String(sent.authorization);
    expect(signature).toContain(BEDROCK_TEST_CREDENTIALS.accessKeyId);
    expect(sent['x-amz-security-token']).toBe(BEDROCK_TEST_CREDENTIALS.sessionToken);
    const exported = JSON.stringify(
      finishedSpans().map((span) => [span.attributes, span.events, span.resource.attributes]),
    );
    for (const secret of [
      ...Object.values(BEDROCK_TEST_CREDENTIALS),
      signature.split('Signature=')[1] ?? signature,
    ])
      expect(exported).not.toContain(secret);
  });
});
