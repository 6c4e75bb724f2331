import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { chatCompletion, type OpenAIWireServer } from '../support/openai-wire-server';
import { runNodeApp } from '../support/run-node-app';
import { useOpenAIWireServer } from '../support/use-openai-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

const APP = 'test/saved-config/fixtures/config-app.cjs';
const wire = useOpenAIWireServer();
const receiver = useOtlpReceiver();
let dir: string;

beforeEach(() => {
  wire.enqueue('POST /v1/chat/completions', {
    kind: 'json',
    body: chatCompletion({
      model: 'acme-7b',
      choices: [{ content: 'Es ist 14:05.' }],
      usage: { prompt: 2000, completion: 500 },
    }),
  });
  dir = mkdtempSync(join(tmpdir(), 'genai-otel-app-config-'));
  copyFileSync(join(__dirname, 'fixtures/add-metadata.cjs'), join(dir, 'add-metadata.cjs'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(config: unknown) {
  const file = join(dir, 'genai-otel.json');
  writeFileSync(file, JSON.stringify(config));
  return runNodeApp(APP, {
    loader: 'require',
    timeoutMillis: 60_000,
    env: exitFlushedOtlpEnv(receiver.url, 'from-env', {
      GENAI_OTEL_CONFIG: file,
      WIRE_BASE_URL: wire.baseURL,
    }),
  });
}

describe('GENAI_OTEL_CONFIG with node --require genai-otel/register', () => {
  it('applies the saved service name, pricing override and hook module', async () => {
    const result = await run({
      serviceName: 'from-config-file',
      hooks: { beforeRequest: ['./add-metadata.cjs'] },
      pricing: { 'acme-7b': { input: 1, output: 2 } },
    });
    expect(result.stderr).not.toMatch(/genai-otel config/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ANSWER Es ist 14:05.');
    // The hook module changed the request.
    expect(requestBody(wire, 0).metadata).toEqual({
      source: 'saved-config',
      method: 'chat.completions.create',
    });
    const expectedCost = (2000 * 1 + 500 * 2) / 1e6;
    const eventLine = result.stdout.split('\n').find((line) => line.startsWith('EVENT '));
    const event = JSON.parse((eventLine ?? 'EVENT {}').slice('EVENT '.length));
    expect(event).toMatchObject({ type: 'llm.end', responseModel: 'acme-7b', cost: { source: 'override' } });
    expect(event.cost.totalUsd).toBeCloseTo(expectedCost, 12);

    const [span] = await receiver.waitForSpans(1);
    expect(span?.attributes['genai_otel.cost.usd']).toBeCloseTo(expectedCost, 12);
    expect(span?.resource['service.name']).toBe('from-config-file');
  });

  it('an invalid file: one diag error naming the key, and the app runs traced from the environment', async () => {
    const result = await run({ serviceName: 'from-config-file', pricing: { 'acme-7b': { input: 1 } } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ANSWER Es ist 14:05.');
    expect(result.stderr).toContain('"pricing.acme-7b.output" is required; the file is ignored');
    const [span] = await receiver.waitForSpans(1);
    expect(span?.name).toBe('chat acme-7b');
    expect(span?.resource['service.name']).toBe('from-env');
    expect(span?.attributes['genai_otel.cost.usd']).toBeUndefined();
  });
});

function requestBody(wireServer: OpenAIWireServer, index: number): Record<string, unknown> {
  return (wireServer.requests[index]?.body ?? {}) as Record<string, unknown>;
}
