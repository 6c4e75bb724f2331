import type { Tracer, TracerProvider } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  TracerProvider as SdkTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '../../instrumentations/openai';
import { withContentCapture } from '../../src/content/capture-policy';
import {
  finishedSpans,
  onlySpan,
  resetTelemetry,
  spanExporter,
  tracerProvider,
} from '../support/instrumentation-telemetry';
import { chatCompletion, type OpenAIWireServer, startOpenAIWireServer } from '../support/openai-wire-server';
import { type OpenAIModule, requireFromRoot } from './support/load-openai';

const instrumentation = new OpenAIInstrumentation();
const cjs = requireFromRoot('openai') as OpenAIModule;

let server: OpenAIWireServer;
beforeAll(async () => {
  server = await startOpenAIWireServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.enable();
});

function chat(client: InstanceType<typeof cjs.OpenAI>) {
  server.enqueue('POST /v1/chat/completions', { kind: 'json', body: chatCompletion() });
  return client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
  });
}

describe('OpenAIInstrumentation lifecycle', () => {
  it('passes calls through untraced while disabled, and traces again once re-enabled', async () => {
    const client = new cjs.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL });
    instrumentation.disable();
    const completion = await chat(client);
    expect(completion.choices[0]?.message.content).toBe('Atlantic Ocean.');
    expect(finishedSpans()).toHaveLength(0);
    instrumentation.enable();
    await chat(client);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('patches the ESM build through its module namespace', async () => {
    const esm = (await import('openai')) as unknown as {
      default: typeof cjs.OpenAI;
      [Symbol.toStringTag]: string;
    };
    expect(esm[Symbol.toStringTag]).toBe('Module');
    expect(esm.default).not.toBe(cjs.OpenAI);
    expect(instrumentation.patch(esm)).toBe(4);
    const client = new esm.default({ apiKey: 'sk-test', baseURL: server.baseURL });
    await chat(client);
    expect(onlySpan().name).toBe('chat gpt-4o-mini');
    expect(instrumentation.patch(esm)).toBe(0);
  });

  it('does not patch a class twice, even from a second instrumentation instance', async () => {
    const second = new OpenAIInstrumentation();
    expect(second.patch(cjs)).toBe(0);
    await chat(new cjs.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL }));
    expect(finishedSpans()).toHaveLength(1);
    second.disable();
  });

  it('unpatching leaves a wrapper another tool put on top in place', () => {
    const prototype = cjs.OpenAI.Embeddings.prototype as unknown as {
      create: (...args: unknown[]) => unknown;
    };
    const ours = prototype.create;
    const foreign = function foreignWrapper(this: unknown, ...args: unknown[]) {
      return ours.apply(this, args);
    };
    prototype.create = foreign;
    try {
      instrumentation.unpatch(cjs);
      expect(prototype.create).toBe(foreign);
      const chatPrototype = cjs.OpenAI.Chat.Completions.prototype as unknown as {
        create: { __wrapped?: boolean };
      };
      expect(chatPrototype.create.__wrapped).toBeUndefined();
    } finally {
      prototype.create = ours;
      instrumentation.patch(cjs);
    }
  });
});

describe('telemetry never breaks the call', () => {
  it('runs the call untraced when the tracer throws', async () => {
    const throwingTracer = {
      startSpan() {
        throw new Error('tracer exploded');
      },
    } as unknown as Tracer;
    instrumentation.setTracerProvider({ getTracer: () => throwingTracer } as TracerProvider);
    const completion = await chat(new cjs.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL }));
    expect(completion.object).toBe('chat.completion');
    expect(finishedSpans()).toHaveLength(0);
  });

  it('ignores a throwing requestHook and lets responseHook add attributes', async () => {
    instrumentation.setConfig({
      requestHook: () => {
        throw new Error('hook bug');
      },
      responseHook: (span, info) => {
        span.setAttribute('app.choices', (info.response as { choices: unknown[] }).choices.length);
      },
    });
    const completion = await chat(new cjs.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL }));
    expect(completion.object).toBe('chat.completion');
    expect(onlySpan().attributes['app.choices']).toBe(1);
  });

  it('survives message content it cannot convert', async () => {
    const client = new cjs.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL });
    server.enqueue('POST /v1/chat/completions', { kind: 'json', body: chatCompletion() });
    const odd = {
      role: 'user',
      content: [{ type: 'text', text: 'hi' }, 42, null, { type: 'mystery', blob: 'x'.repeat(10) }],
    };
    await withContentCapture(true, () =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [odd as never] }),
    );
    expect(JSON.parse(String(onlySpan().attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'hi' }, { type: 'mystery' }] },
    ]);
  });

  it('returns the result and exports nothing for unsampled calls', async () => {
    const client = new cjs.OpenAI({ apiKey: 'sk-test', baseURL: server.baseURL });
    instrumentation.setTracerProvider(
      new SdkTracerProvider({
        sampler: new AlwaysOffSampler(),
        spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
      }),
    );
    const completion = await withContentCapture(true, () => chat(client));
    expect(completion.object).toBe('chat.completion');
    expect(finishedSpans()).toHaveLength(0);
  });
});
