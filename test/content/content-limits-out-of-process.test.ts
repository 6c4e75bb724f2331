import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion } from '../support/openai-wire-server';
import type { ReceivedSpan } from '../support/otlp-receiver';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * Content limits and offload as a user meets them: an app under `--require genai-otel/register`
 * sends a huge prompt or a screenshot to the (local) OpenAI API, and the spans arrive at a local
 * OTLP receiver. Needs `npm run build` first.
 */
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
const APP = join(__dirname, 'fixtures/content-app.cjs');
const ANSWER = 'Bouvet Island lies in the South Atlantic Ocean.';

async function runScenario(scenario: string, extraEnv: Record<string, string>): Promise<ReceivedSpan> {
  wire.enqueue('POST /v1/chat/completions', {
    kind: 'json',
    body: chatCompletion({ choices: [{ content: ANSWER }] }),
  });
  const run = await runNodeApp(APP, {
    loader: 'require',
    args: [scenario],
    env: exitFlushedOtlpEnv(receiver.url, 'content-fixture', {
      OPENAI_BASE_URL: wire.baseURL,
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      ...extraEnv,
    }),
  });
  expect(run.stderr).not.toMatch(/scenario failed/);
  expect(run.code).toBe(0);
  const spans = await receiver.waitForSpans(1);
  const chat = spans.find((span) => span.name === 'chat gpt-4o-mini');
  if (chat === undefined) throw new Error(`no chat span among ${spans.map((span) => span.name).join(', ')}`);
  return chat;
}

const attribute = (span: ReceivedSpan, key: string) => span.attributes[key] as string;

describe('content budget', () => {
  it('keeps a 3 MB prompt within the default per-span budget, as valid JSON, and counts the cut', async () => {
    const chat = await runScenario('huge-prompt', {});
    const input = attribute(chat, 'gen_ai.input.messages');
    const output = attribute(chat, 'gen_ai.output.messages');
    expect(input.length + output.length).toBeLessThanOrEqual(131_072);
    const messages = JSON.parse(input);
    expect(messages[0]).toEqual({
      role: 'system',
      parts: [{ type: 'text', content: 'You are a concise analyst.' }],
    });
    expect(messages[1].parts[0].content).toMatch(/^Summarise this report:\nThe Bouvet Island/);
    expect(messages[1].parts[0].content).toMatch(/…\[truncated \d+ chars\]$/);
    // The answer is still there: the budget keeps room for the response.
    expect(JSON.parse(output)[0].parts[0].content).toBe(ANSWER);
    expect(chat.attributes['genai_otel.content.truncated_chars']).toBeGreaterThan(2_900_000);
  });

  it('fits each content attribute under OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT instead of letting the SDK cut the JSON', async () => {
    const chat = await runScenario('huge-prompt', { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4000' });
    const input = attribute(chat, 'gen_ai.input.messages');
    expect(input.length).toBeLessThanOrEqual(4000);
    expect(input.length).toBeGreaterThan(3500);
    expect(JSON.parse(input)[1].parts[0].content).toMatch(/…\[truncated \d+ chars\]$/);
  });

  it('follows GENAI_OTEL_CONTENT_BUDGET', async () => {
    const chat = await runScenario('huge-prompt', { GENAI_OTEL_CONTENT_BUDGET: '10000' });
    const input = attribute(chat, 'gen_ai.input.messages');
    expect(input.length + attribute(chat, 'gen_ai.output.messages').length).toBeLessThanOrEqual(10_000);
    expect(input.length).toBeGreaterThan(6000);
  });
});

describe('content offload', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('stores a screenshot in GENAI_OTEL_CONTENT_OFFLOAD_DIR and references it from the part by uri', async () => {
    directory = mkdtempSync(join(tmpdir(), 'genai-otel-offload-'));
    const chat = await runScenario('image', { GENAI_OTEL_CONTENT_OFFLOAD_DIR: directory });
    const [message] = JSON.parse(attribute(chat, 'gen_ai.input.messages'));
    expect(message.parts[0]).toEqual({ type: 'text', content: 'What does this screenshot show?' });
    const image = message.parts[1];
    expect(image).toMatchObject({ type: 'uri', modality: 'image', mime_type: 'image/png' });
    expect(image.uri).toMatch(/^file:\/\//);
    const path = fileURLToPath(image.uri);
    expect(path.startsWith(directory)).toBe(true);
    expect(existsSync(path)).toBe(true);
    const expected = Buffer.alloc(48 * 1024);
    for (let index = 0; index < expected.length; index++) expected[index] = (index * 31) % 251;
    expect(readFileSync(path).equals(expected)).toBe(true);
    expect(chat.attributes['genai_otel.content.offloaded_parts']).toBe(1);
  });

  it('stores long texts too, above GENAI_OTEL_CONTENT_OFFLOAD_MIN_CHARS', async () => {
    directory = mkdtempSync(join(tmpdir(), 'genai-otel-offload-'));
    const chat = await runScenario('huge-prompt', {
      GENAI_OTEL_CONTENT_OFFLOAD_DIR: directory,
      GENAI_OTEL_CONTENT_OFFLOAD_MIN_CHARS: '1000',
    });
    const messages = JSON.parse(attribute(chat, 'gen_ai.input.messages'));
    const document = messages[1].parts[0];
    expect(document).toMatchObject({ type: 'uri', modality: 'text', mime_type: 'text/plain' });
    expect(readFileSync(fileURLToPath(document.uri), 'utf8')).toMatch(/^Summarise this report:\n/);
    expect(chat.attributes['genai_otel.content.truncated_chars']).toBeUndefined();
  });

  it('without a store, elides the screenshot as before', async () => {
    const chat = await runScenario('image', {});
    const [message] = JSON.parse(attribute(chat, 'gen_ai.input.messages'));
    expect(message.parts[1]).toMatchObject({ type: 'blob', content: '[base64 elided: 65536 chars]' });
  });
});
