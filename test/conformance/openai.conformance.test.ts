import { afterEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { useInstrumentedOpenAI } from '../openai/support/instrumented-openai';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';
import {
  chatCompletion,
  chatCompletionChunks,
  embeddingList,
  errorReply,
  response,
  responseEvents,
} from '../support/openai-wire-server';
import { CONVENTION_VERSIONS, conformanceViolations, writeConventions } from './conformance';

const { instrumentation, server, client } = useInstrumentedOpenAI({ maxRetries: 0 });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(CONVENTION_VERSIONS)(
  'OpenAI telemetry on the $conventions conventions',
  ({ conventions, optIn }) => {
    it('conforms: chat, streamed chat, embeddings, Responses (plain, chained, streamed) and a failing call', async () => {
      writeConventions(optIn);
      resetTelemetry([instrumentation]);
      server.enqueue('POST /v1/chat/completions', {
        kind: 'json',
        body: chatCompletion({ usage: { prompt: 1200, completion: 96, cached: 1024, reasoning: 64 } }),
      });
      server.enqueue('POST /v1/chat/completions', {
        kind: 'sse',
        events: chatCompletionChunks({ includeUsage: true, usage: { prompt: 20, completion: 3 } }),
      });
      server.enqueue('POST /v1/embeddings', {
        kind: 'json',
        body: embeddingList({ count: 1, dimensions: 8 }),
      });
      server.enqueue('POST /v1/responses', { kind: 'json', body: response({ id: 'resp_conformance_1' }) });
      server.enqueue('POST /v1/responses', {
        kind: 'sse',
        events: responseEvents({ functionCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] }),
      });
      server.enqueue('POST /v1/chat/completions', errorReply(429));

      await withContentCapture(true, async () => {
        await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Which ocean contains Bouvet Island?' }],
          temperature: 0.2,
          top_p: 0.9,
          max_completion_tokens: 100,
          seed: 42,
          stop: '\n\n',
          n: 2,
          reasoning_effort: 'low',
          service_tier: 'auto',
          response_format: { type: 'json_object' },
          tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
        });
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Hi' }],
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const _chunk of stream) {
          // drain
        }
        await client.embeddings.create({
          model: 'text-embedding-3-small',
          input: 'Bouvet',
          encoding_format: 'float',
        });
        await client.responses.create({
          model: 'gpt-4.1-mini',
          input: 'Hi',
          instructions: 'Be brief.',
          reasoning: { effort: 'medium' },
        });
        const responses = await client.responses.create({
          model: 'gpt-4.1-mini',
          input: 'Weather?',
          previous_response_id: 'resp_conformance_1',
          stream: true,
        });
        for await (const _event of responses) {
          // drain
        }
        await expect(
          client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'Hi' }],
          }),
        ).rejects.toThrow();
      });

      expect(finishedSpans()).toHaveLength(6);
      expect(await conformanceViolations(conventions)).toEqual([]);
    });
  },
);
