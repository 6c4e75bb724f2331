import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addRequestHooks, clearRequestHooks, type ResponseInfo } from '../../src/hooks/request-hooks';
import { useInstrumentedOpenAI } from '../openai/support/instrumented-openai';
import { diagMessages, finishedSpans, meterProvider, reset } from '../support/event-harness';
import { chatCompletion, chatCompletionChunks, type OpenAIWireServer } from '../support/openai-wire-server';

const { instrumentation, server, client } = useInstrumentedOpenAI({ maxRetries: 0 });
instrumentation.setMeterProvider(meterProvider);

const ROUTE = 'POST /v1/chat/completions';

beforeEach(() => {
  reset();
});
afterEach(clearRequestHooks);

describe('request/response hooks on the OpenAI instrumentation', () => {
  it('beforeRequest changes what is sent (metadata, forced include_usage) and the span describes it', async () => {
    const seen: Array<{ method: string; provider: string }> = [];
    addRequestHooks({
      beforeRequest: [
        (params, info) => {
          seen.push({ method: info.method, provider: info.provider });
          return { ...params, metadata: { ...(params.metadata as object), experiment: 'prompt-v2' } };
        },
        (params) => {
          // in place, returning nothing
          if (params.stream)
            params.stream_options = { ...(params.stream_options as object), include_usage: true };
        },
      ],
    });
    server.enqueue(ROUTE, {
      kind: 'sse',
      events: chatCompletionChunks({ includeUsage: true, usage: { prompt: 30, completion: 3 } }),
    });
    const original = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'Hi' }],
      stream: true as const,
    };
    const stream = await client.chat.completions.create(original);
    for await (const _chunk of stream) {
      // drain
    }
    const body = requestBody(server, 0);
    expect(body.metadata).toEqual({ experiment: 'prompt-v2' });
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(original).not.toHaveProperty('metadata'); // the first hook copied, it did not mutate the caller's object
    expect(seen).toEqual([{ method: 'chat.completions.create', provider: 'openai' }]);
    // The span saw the usage chunk the forced include_usage brought.
    expect(finishedSpans()[0]?.attributes['gen_ai.usage.input_tokens']).toBe(30);
  });

  it('a throwing beforeRequest hook is logged to diag and skipped; the others still apply and the call succeeds', async () => {
    addRequestHooks({
      beforeRequest: [
        () => {
          throw new Error('hook bug');
        },
        (params) => ({ ...params, user: 'u-7' }),
      ],
    });
    server.enqueue(ROUTE, { kind: 'json', body: chatCompletion() });
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Atlantic Ocean.');
    expect(requestBody(server, 0).user).toBe('u-7');
    expect(
      diagMessages.some(
        (message) => message.includes('beforeRequest hook threw') && message.includes('hook bug'),
      ),
    ).toBe(true);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('afterResponse sees the parsed result and may add span attributes; a throwing one is skipped', async () => {
    const infos: ResponseInfo[] = [];
    addRequestHooks({
      afterResponse: [
        () => {
          throw new Error('after bug');
        },
        (result, span, info) => {
          infos.push(info);
          const usage = (result as { usage?: { prompt_tokens_details?: { cached_tokens?: number } } }).usage;
          span.setAttribute('app.cache_hit', (usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0);
        },
      ],
    });
    server.enqueue(ROUTE, {
      kind: 'json',
      body: chatCompletion({ usage: { prompt: 1200, completion: 5, cached: 1024 } }),
    });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(finishedSpans()[0]?.attributes['app.cache_hit']).toBe(true);
    expect(infos).toEqual([
      { provider: 'openai', method: 'chat.completions.create', instrumentation: 'openai', stream: false },
    ]);
    expect(diagMessages.some((message) => message.includes('afterResponse hook threw'))).toBe(true);
  });

  it('afterResponse runs at the end of a stream, before the span ends', async () => {
    addRequestHooks({
      afterResponse: (result, span, info) => {
        span.setAttribute('app.streamed', info.stream && result === undefined);
      },
    });
    server.enqueue(ROUTE, { kind: 'sse', events: chatCompletionChunks({}) });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    for await (const _chunk of stream) {
      // drain
    }
    expect(finishedSpans()[0]?.attributes['app.streamed']).toBe(true);
  });

  it('a beforeRequest hook returning a promise is ignored with a warning (hooks are synchronous)', async () => {
    addRequestHooks({
      beforeRequest: (async (params: Record<string, unknown>) => ({ ...params, user: 'late' })) as never,
    });
    server.enqueue(ROUTE, { kind: 'json', body: chatCompletion() });
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(requestBody(server, 0).user).toBeUndefined();
    expect(diagMessages.some((message) => message.includes('returned a promise'))).toBe(true);
  });
});

function requestBody(wireServer: OpenAIWireServer, index: number): Record<string, unknown> {
  return (wireServer.requests[index]?.body ?? {}) as Record<string, unknown>;
}
