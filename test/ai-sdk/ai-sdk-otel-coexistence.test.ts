import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishedSpans, resetTelemetry } from '../support/instrumentation-telemetry';
import { chatCompletion } from '../support/openai-wire-server';
import { recordDiagMessages } from '../support/record-diag-messages';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { ai, createOpenAI, instrumentation } from './support/load-ai-sdk';
import { spansOf } from './support/tree';

const { OpenTelemetry } = createRequire(join(process.cwd(), 'package.json'))(
  '@ai-sdk/otel',
) as typeof import('@ai-sdk/otel');

const wire = useOpenAIWireServer();
const diagMessages = recordDiagMessages();
const registered = () => globalThis.AI_SDK_TELEMETRY_INTEGRATIONS as unknown[];
let theirs: unknown;

beforeEach(() => {
  resetTelemetry([instrumentation]);
  diagMessages.length = 0;
});
afterEach(() => {
  const index = registered().indexOf(theirs);
  if (index >= 0) registered().splice(index, 1);
});

describe('an app that also registered @ai-sdk/otel', () => {
  it('gets one chat span per model call (theirs), and one warning saying how to get ours', async () => {
    theirs = new OpenTelemetry();
    ai.registerTelemetry(theirs as never);
    wire.enqueue(
      'POST /v1/chat/completions',
      { kind: 'json', body: chatCompletion() },
      { kind: 'json', body: chatCompletion() },
    );
    const model = createOpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL }).chat('gpt-4o-mini');
    await ai.generateText({ model, prompt: 'hi' });
    await ai.generateText({ model, prompt: 'hi again' });

    const chats = spansOf('chat');
    expect(chats).toHaveLength(2);
    expect(new Set(chats.map((chat) => chat.instrumentationScope.name))).toEqual(new Set(['gen_ai']));
    expect(finishedSpans().filter((span) => span.instrumentationScope.name.startsWith('genai-otel'))).toEqual(
      [],
    );
    const warnings = diagMessages.filter((message) => message.includes('@ai-sdk/otel'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Remove registerTelemetry(new OpenTelemetry())');
  });

  it('once it is gone, genai-otel traces the calls again', async () => {
    wire.enqueue('POST /v1/chat/completions', { kind: 'json', body: chatCompletion() });
    const model = createOpenAI({ apiKey: 'sk-test', baseURL: wire.baseURL }).chat('gpt-4o-mini');
    await ai.generateText({ model, prompt: 'hi' });
    expect(spansOf('chat').map((chat) => chat.instrumentationScope.name)).toEqual([
      'genai-otel/instrumentation-ai-sdk',
    ]);
  });
});
