import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRequestHooks, clearRequestHooks } from '../../src/hooks/request-hooks';
import { instrumentBedrock } from '../../src/index';
import { bedrockRoute, json } from '../support/bedrock-wire-server';
import { finishedSpans, onlySpan, resetTelemetry } from '../support/instrumentation-telemetry';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();
const MODEL = 'amazon.nova-micro-v1:0';
const ANSWER = json({
  output: { message: { role: 'assistant', content: [{ text: 'Hi.' }] } },
  stopReason: 'end_turn',
  usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
});

beforeEach(() => resetTelemetry([instrumentation]));
afterEach(clearRequestHooks);

describe('Bedrock send() with hooks and instrumentBedrock()', () => {
  it('sends what a beforeRequest hook returns (a new command of the same class), and the span describes it', async () => {
    const seen: string[] = [];
    addRequestHooks({
      beforeRequest: [
        (params, info) => {
          seen.push(`${info.provider} ${info.method}`);
          return { ...params, inferenceConfig: { maxTokens: 17 } };
        },
      ],
    });
    server.enqueue(bedrockRoute(MODEL, 'converse'), ANSWER);
    const command = new bedrock.ConverseCommand({
      modelId: MODEL,
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
    });
    await client.send(command);
    expect(seen).toEqual(['aws.bedrock Converse']);
    expect(JSON.parse(server.received[0]?.body ?? '{}').inferenceConfig).toEqual({ maxTokens: 17 });
    expect(command.input.inferenceConfig).toBeUndefined();
    expect(onlySpan().attributes['gen_ai.request.max_tokens']).toBe(17);
  });

  it('instrumentBedrock() given a client patches nothing twice: still one span per call', async () => {
    instrumentBedrock(client);
    instrumentBedrock(bedrock);
    instrumentBedrock(new bedrock.BedrockRuntime({ region: 'us-east-1' }));
    server.enqueue(bedrockRoute(MODEL, 'converse'), ANSWER);
    await client.send(
      new bedrock.ConverseCommand({
        modelId: MODEL,
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      }),
    );
    expect(onlySpan().name).toBe(`chat ${MODEL}`);
  });

  it('calls a disabled instrumentation straight through', async () => {
    instrumentation.disable();
    try {
      server.enqueue(bedrockRoute(MODEL, 'converse'), ANSWER);
      const response = await client.send(
        new bedrock.ConverseCommand({
          modelId: MODEL,
          messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
        }),
      );
      expect(response.stopReason).toBe('end_turn');
      expect(finishedSpans()).toHaveLength(0);
    } finally {
      instrumentation.enable();
    }
  });
});
