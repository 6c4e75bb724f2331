import { SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnthropicInstrumentation } from '../../instrumentations/anthropic';
import { anthropicMessage, apiError } from '../support/anthropic-wire-server';
import { histogram, onlySpan, resetTelemetry } from '../support/instrumentation-telemetry';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import { clientFor, requireFromRoot } from './support/anthropic-clients';

// Constructed before the SDK is required, so the require hook patches it (as under --require).
const instrumentation = new AnthropicInstrumentation();
requireFromRoot('@anthropic-ai/sdk');
const server = useAnthropicWireServer();

beforeEach(() => {
  resetTelemetry([instrumentation]);
});

const MODEL = 'claude-haiku-4-5-20251001';
const REQUEST = { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };

describe('API errors: one span, status ERROR, error.type from the SDK error class', () => {
  it.each([
    [400, 'BadRequestError'],
    [401, 'AuthenticationError'],
    [429, 'RateLimitError'],
    [529, 'OverloadedError'],
  ])('HTTP %i → %s', async (status, errorType) => {
    const client = clientFor('anthropic', 'v1', server, { maxRetries: 0 });
    server.enqueue(apiError(status, `status ${status}`));
    await expect(client.messages.create(REQUEST)).rejects.toMatchObject({ status });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe(errorType);
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes['error.type']).toBe(errorType);
    expect(await histogram('gen_ai.client.token.usage')).toEqual([]);
  });
});

describe("the SDK's retries stay inside the call's one span", () => {
  it('429 then 529 then success: one span, not an error, three requests sent', async () => {
    const client = clientFor('anthropic', 'v1', server, { maxRetries: 2 });
    server.enqueue(apiError(429), apiError(529), {
      kind: 'message',
      body: anthropicMessage({ model: MODEL }),
    });
    await client.messages.create(REQUEST);
    expect(server.requests).toHaveLength(3);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.model']).toBe(MODEL);
  });

  it('529 until retries run out: one span, OverloadedError', async () => {
    const client = clientFor('anthropic', 'v1', server, { maxRetries: 1 });
    server.enqueue(apiError(529), apiError(529));
    await expect(client.messages.create(REQUEST)).rejects.toThrow();
    expect(server.requests).toHaveLength(2);
    expect(onlySpan().attributes['error.type']).toBe('OverloadedError');
  });
});

describe('transport failures', () => {
  it('a connection reset is an APIConnectionError', async () => {
    const client = clientFor('anthropic', 'v1', server, { maxRetries: 0 });
    server.enqueue({ kind: 'destroy' });
    await expect(client.messages.create(REQUEST)).rejects.toThrow();
    expect(onlySpan().attributes['error.type']).toBe('APIConnectionError');
  });

  it('a timeout is an APIConnectionTimeoutError', async () => {
    const client = clientFor('anthropic', 'v1', server, { maxRetries: 0, timeout: 50 });
    server.enqueue({ kind: 'hang' });
    await expect(client.messages.create(REQUEST)).rejects.toThrow();
    expect(onlySpan().attributes['error.type']).toBe('APIConnectionTimeoutError');
  });

  it('a user abort before the response ends the span once', async () => {
    const client = clientFor('anthropic', 'v1', server, { maxRetries: 0 });
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client.messages.create(REQUEST, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow();
    expect(onlySpan().attributes['error.type']).toBe('APIUserAbortError');
  });
});
