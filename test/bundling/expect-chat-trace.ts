import { expect } from 'vitest';
import type { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver';
import { receivedSpanNamed } from '../support/received-span-named';
import type { NodeAppRun } from '../support/run-node-app';

/**
 * What a user of a bundled or TypeScript app checks: the app ran as without us, its model call
 * arrived as a GenAI chat span, and the exit path delivered it (the apps export with a 60 s batch
 * delay, so a span that arrives was flushed at exit) without a failed or timed-out flush.
 */
export async function expectChatTraceDelivered(
  run: NodeAppRun,
  receiver: OtlpReceiver,
  spanCount = 1,
): Promise<ReceivedSpan[]> {
  expect(run.stderr).not.toMatch(/could not be exported|Cannot find module|Dynamic require/);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('Atlantic Ocean.');
  const spans = await receiver.waitForSpans(spanCount, 2000);
  const chat = receivedSpanNamed(spans, 'chat gpt-4o-mini');
  expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
  expect(chat.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
  expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(22);
  return spans;
}
