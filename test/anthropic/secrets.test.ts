import { randomBytes } from 'node:crypto';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getSharedAnthropicInstrumentation } from '../../instrumentations/anthropic';
import { withContentCapture } from '../../src/content/capture-policy';
import type { GenAIOtelHandle } from '../../src/process-state';
import { registerForTests } from '../reliability/support/register-for-tests';
import {
  type AnthropicWireServer,
  anthropicMessage,
  apiError,
  messageEvents,
  startAnthropicWireServer,
} from '../support/anthropic-wire-server';
import { type OtlpReceiver, startOtlpReceiver } from '../support/otlp-receiver';
import { clientFor, MODEL_BY_CLIENT, requireFromRoot } from './support/anthropic-clients';

/**
 * Canary credentials of every Anthropic client — the `x-api-key` of an API key, the
 * `Authorization: Bearer` of an auth token, AWS keys (the SigV4 `Authorization` header names the
 * access key id), a Google OAuth token, and a key a failing API echoes in its error — must never
 * appear in any byte genai-otel exports, content capture off and on (the pattern of
 * test/reliability/secrets.test.ts, for Anthropic).
 */
const hex = () => randomBytes(16).toString('hex');
const API_KEY = `sk-ant-api03-canary${hex()}`;
const AUTH_TOKEN = `sk-ant-oat01-canary${hex()}`;
const AWS_ACCESS_KEY = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const AWS_SECRET = `awscanary${hex()}`;
const GOOGLE_TOKEN = `ya29.canary${hex()}`;
const SECRETS = [API_KEY, AUTH_TOKEN, AWS_ACCESS_KEY, AWS_SECRET, GOOGLE_TOKEN];

let wire: AnthropicWireServer;
let receiver: OtlpReceiver;
let handle: GenAIOtelHandle;
const memory = new InMemorySpanExporter();

beforeAll(async () => {
  wire = await startAnthropicWireServer();
  receiver = await startOtlpReceiver();
  handle = registerForTests({
    otlp: { endpoint: receiver.url },
    traceExporters: ['otlp'],
    metricExporters: ['otlp'],
    spanExporters: [memory],
    instrumentations: [getSharedAnthropicInstrumentation()],
  });
  for (const name of ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'])
    requireFromRoot(name);
});
afterAll(async () => {
  await handle.shutdown();
  await receiver.close();
  await wire.close();
});

async function exerciseEveryClient(): Promise<number> {
  const clients = [
    clientFor('anthropic', 'v1', wire, { apiKey: API_KEY, maxRetries: 0 }),
    clientFor('anthropic', 'v1', wire, { apiKey: null, authToken: AUTH_TOKEN, maxRetries: 0 }),
    clientFor('bedrock', 'v1', wire, {
      awsAccessKey: AWS_ACCESS_KEY,
      awsSecretKey: AWS_SECRET,
      maxRetries: 0,
    }),
    clientFor('vertex', 'v1', wire, {
      maxRetries: 0,
      authClient: {
        projectId: 'p',
        getRequestHeaders: async () => new Headers({ authorization: `Bearer ${GOOGLE_TOKEN}` }),
      },
    }),
  ];
  const kinds = ['anthropic', 'anthropic', 'bedrock', 'vertex'] as const;
  let calls = 0;
  for (const [index, client] of clients.entries()) {
    const model = MODEL_BY_CLIENT[kinds[index] ?? 'anthropic'];
    const request = { model, max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };
    wire.enqueue(
      { kind: 'message', body: anthropicMessage({ model }) },
      { kind: 'events', events: messageEvents({ model }) },
      // An API that echoes the rejected key in full.
      apiError(401, `invalid x-api-key: ${API_KEY}`),
    );
    await client.messages.create(request);
    await client.messages.stream(request).finalMessage();
    await client.messages.create(request).catch(() => undefined);
    calls += 3;
  }
  return calls;
}

it.each(['off (the default)', 'on'])(
  'no canary credential in any exported byte, content capture %s',
  async (mode) => {
    receiver.requests.length = 0;
    receiver.spans.length = 0;
    memory.reset();
    const calls = await (mode === 'on'
      ? withContentCapture(true, exerciseEveryClient)
      : exerciseEveryClient());
    // The credentials did reach the server, so the search below looks where they could leak from.
    const sent = JSON.stringify(wire.requests.map((request) => request.headers));
    for (const secret of [API_KEY, AUTH_TOKEN, AWS_ACCESS_KEY, GOOGLE_TOKEN]) expect(sent).toContain(secret);
    await handle.forceFlush();
    await receiver.waitForSpans(calls);

    const found: string[] = [];
    for (const request of receiver.requests) {
      const text = request.body.toString('latin1');
      for (const secret of SECRETS)
        if (text.includes(secret)) found.push(`${request.path}: ${secret.slice(0, 14)}…`);
    }
    const asJson = Buffer.from(
      JsonTraceSerializer.serializeRequest(memory.getFinishedSpans()) ?? [],
    ).toString('utf8');
    for (const secret of SECRETS)
      if (asJson.includes(secret)) found.push(`OTLP/JSON: ${secret.slice(0, 14)}…`);
    expect(found).toEqual([]);
    expect(receiver.requests.some((request) => request.path.endsWith('/v1/metrics'))).toBe(true);
  },
);
