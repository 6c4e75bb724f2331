import { beforeEach, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { flushEvents } from '../../src/events/event-bus';
import type { LLMTokenEvent } from '../../src/events/event-types';
import { bedrockRoute, chunk, eventStream } from '../support/bedrock-wire-server';
import { finishedSpans, meterProvider, recordEvents, reset } from '../support/event-harness';
import { useInstrumentedBedrock } from './support/instrumented-bedrock';

const { instrumentation, bedrock, server, client } = useInstrumentedBedrock();
instrumentation.setMeterProvider(meterProvider);

beforeEach(() => reset());

async function streamTexts(modelId: string, chunks: unknown[]): Promise<string> {
  server.enqueue(bedrockRoute(modelId, 'invoke-with-response-stream'), eventStream(chunks.map(chunk)));
  const { received, stop } = recordEvents(['llm.token']);
  await withContentCapture(true, async () => {
    const response = await client.send(
      new bedrock.InvokeModelWithResponseStreamCommand({
        modelId,
        contentType: 'application/json',
        body: '{}',
      }),
    );
    for await (const _event of response.body ?? []);
  });
  await flushEvents();
  stop();
  const spanId = finishedSpans().at(-1)?.spanContext().spanId;
  return (received as LLMTokenEvent[])
    .filter((event) => event.spanId === spanId && event.text !== undefined)
    .map((event) => event.text)
    .join('');
}

it('llm.token text from InvokeModelWithResponseStream chunks of each family read', async () => {
  expect(
    await streamTexts('anthropic.claude-3-5-haiku-20241022-v1:0', [
      { type: 'message_start', message: { id: 'm', usage: { input_tokens: 3 } } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Os' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
    ]),
  ).toBe('Oslo');
  expect(
    await streamTexts('meta.llama3-1-8b-instruct-v1:0', [
      { generation: 'Os', stop_reason: null },
      { generation: 'lo', stop_reason: 'stop' },
    ]),
  ).toBe('Oslo');
  expect(
    await streamTexts('mistral.mistral-large-2407-v1:0', [
      { choices: [{ index: 0, message: { role: 'assistant', content: 'Os' } }] },
      { choices: [{ index: 0, message: { role: 'assistant', content: 'lo' }, stop_reason: 'stop' }] },
    ]),
  ).toBe('Oslo');
  expect(
    await streamTexts('cohere.command-r-v1:0', [
      { event_type: 'stream-start', generation_id: 'g' },
      { event_type: 'text-generation', text: 'Os' },
      { event_type: 'text-generation', text: 'lo' },
      { event_type: 'stream-end', finish_reason: 'COMPLETE', response: { text: 'Oslo' } },
    ]),
  ).toBe('Oslo');
});
