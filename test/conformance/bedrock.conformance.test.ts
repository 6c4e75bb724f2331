import { afterEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { useInstrumentedBedrock } from '../bedrock/support/instrumented-bedrock';
import { awsError, bedrockRoute, eventStream, invokeBody, json } from '../support/bedrock-wire-server';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const TITAN = 'amazon.titan-text-express-v1';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(CONVENTION_VERSIONS)(
  'Bedrock telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms: Converse with cache and guardrail, ConverseStream, InvokeModel and a failing call', async () => {
      writeConventions(optIn);
      resetTelemetry([instrumentation]);
      server.enqueue(
        bedrockRoute(CLAUDE, 'converse'),
        json({
          output: { message: { role: 'assistant', content: [{ text: 'South Atlantic.' }] } },
          stopReason: 'end_turn',
          usage: {
            inputTokens: 12,
            outputTokens: 4,
            cacheReadInputTokens: 2048,
            cacheWriteInputTokens: 512,
            totalTokens: 2576,
          },
          metrics: { latencyMs: 412 },
        }),
      );
      server.enqueue(
        bedrockRoute(NOVA, 'converse-stream'),
        eventStream([
          { event: 'messageStart', payload: { role: 'assistant' } },
          { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: 'Hello' } } },
          { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { text: ', hola' } } },
          { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
          { event: 'messageStop', payload: { stopReason: 'end_turn' } },
          {
            event: 'metadata',
            payload: {
              usage: { inputTokens: 18, outputTokens: 9, totalTokens: 27 },
              metrics: { latencyMs: 380 },
            },
          },
        ]),
      );
      server.enqueue(
        bedrockRoute(TITAN, 'invoke'),
        invokeBody({
          inputTextTokenCount: 7,
          results: [{ tokenCount: 12, outputText: 'Oslo.', completionReason: 'FINISH' }],
        }),
      );
      server.enqueue(
        bedrockRoute(CLAUDE, 'converse'),
        awsError('ThrottlingException', 429, 'Too many requests'),
      );

      await withContentCapture(true, async () => {
        await client.send(
          new bedrock.ConverseCommand({
            modelId: CLAUDE,
            messages: [{ role: 'user', content: [{ text: 'Where is Bouvet Island?' }] }],
            system: [{ text: 'Be brief.' }],
            inferenceConfig: { maxTokens: 256, temperature: 0.2, topP: 0.9, stopSequences: ['\n\nHuman:'] },
            guardrailConfig: { guardrailIdentifier: 'gr-123', guardrailVersion: '1' },
          }),
        );
        const streamed = await client.send(
          new bedrock.ConverseStreamCommand({
            modelId: NOVA,
            messages: [{ role: 'user', content: [{ text: 'Hello?' }] }],
          }),
        );
        for await (const _event of streamed.stream ?? []) {
          // drain
        }
        await client.send(
          new bedrock.InvokeModelCommand({
            modelId: TITAN,
            contentType: 'application/json',
            body: JSON.stringify({
              inputText: 'Capital of Norway?',
              textGenerationConfig: { maxTokenCount: 12 },
            }),
          }),
        );
        await expect(
          client.send(
            new bedrock.ConverseCommand({
              modelId: CLAUDE,
              messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
            }),
          ),
        ).rejects.toThrow();
      });

      expect(finishedSpans()).toHaveLength(4);
      expect(await conformanceViolations(conventions)).toEqual([]);
    });
  },
);
