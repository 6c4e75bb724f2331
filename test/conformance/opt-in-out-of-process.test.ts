import { beforeEach, describe, expect, it } from 'vitest';
import { anthropicMessage, messageEvents } from '../support/anthropic-wire-server';
import { exitFlushedOtlpEnv } from '../support/exit-flushed-otlp-env';
import { runNodeApp } from '../support/run-node-app';
import { useAnthropicWireServer } from '../support/use-anthropic-wire-server';
import { useOtlpReceiver } from '../support/use-otlp-receiver';

/**
 * OTEL_SEMCONV_STABILITY_OPT_IN as users set it: in the environment of an app run under
 * `node --require genai-otel/register` (needs `npm run build` first: the app loads dist/).
 */
const wire = useAnthropicWireServer();
const receiver = useOtlpReceiver();

/** Replies for test/anthropic/fixtures/anthropic-scenario.cjs, in its order; the first writes to the cache. */
beforeEach(() => {
  wire.enqueue(
    {
      kind: 'message',
      body: anthropicMessage({ usage: { input: 20, output: 10, cacheWrite: 300, cacheWrite5m: 300 } }),
    },
    { kind: 'events', events: messageEvents() },
    { kind: 'events', events: messageEvents() },
    { kind: 'events', events: messageEvents({ model: 'anthropic.claude-sonnet-4-6' }) },
    { kind: 'message', body: anthropicMessage({ model: 'claude-sonnet-4-6' }) },
  );
});

describe.each([
  { optIn: undefined, names: { 'gen_ai.usage.cache_creation.input_tokens': 300 } },
  { optIn: 'gen_ai_latest_experimental', names: { 'gen_ai.usage.cache_write.input_tokens': 300 } },
  {
    optIn: 'http/dup,gen_ai_latest_experimental/dup',
    names: { 'gen_ai.usage.cache_creation.input_tokens': 300, 'gen_ai.usage.cache_write.input_tokens': 300 },
  },
])('OTEL_SEMCONV_STABILITY_OPT_IN=$optIn', ({ optIn, names }) => {
  it('names the cache-write tokens as that version does', async () => {
    const run = await runNodeApp('test/anthropic/fixtures/anthropic-app.cjs', {
      loader: 'require',
      env: exitFlushedOtlpEnv(receiver.url, 'opt-in-fixture', {
        ANTHROPIC_WIRE_URL: wire.url,
        ...(optIn === undefined ? {} : { OTEL_SEMCONV_STABILITY_OPT_IN: optIn }),
      }),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [cached] = await receiver.waitForSpans(5);
    const cacheNames = Object.fromEntries(
      Object.entries(cached?.attributes ?? {}).filter(([key]) =>
        /^gen_ai\.usage\.cache_(creation|write)\./.test(key),
      ),
    );
    expect(cacheNames).toEqual(names);
  });
});
