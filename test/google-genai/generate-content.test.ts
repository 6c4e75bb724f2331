import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { ATTR_GENAI_OTEL_COST_OUTPUT_USD, ATTR_GENAI_OTEL_COST_USD } from '../../src/cost/cost-recording';
import { requireFromRoot } from '../openai/support/load-openai';
import { finishedSpans, histogram, onlySpan, resetTelemetry, sleep } from '../openai/support/telemetry';
import {
  GEMINI_TEST_API_KEY,
  geminiClientOptions,
  geminiError,
  geminiJson,
  geminiResponse,
  geminiRoute,
  vertexRoute,
} from '../support/gemini-wire-server';
import { useInstrumentedGoogleGenAI } from './support/instrumented-google-genai';

const { instrumentation, genai, server, gemini, vertex } = useInstrumentedGoogleGenAI();

const GENERATE = geminiRoute('gemini-2.5-flash', 'generateContent');

beforeEach(() => {
  resetTelemetry([instrumentation]);
  instrumentation.setConfig({});
});

describe('models.generateContent (@google/genai 3, Gemini API, require hook)', () => {
  it('records request config, response, usage, cost and metrics on one CLIENT span', async () => {
    server.enqueue(
      GENERATE,
      geminiJson(
        geminiResponse({
          candidates: [
            { parts: '{"ocean":"Atlantic"}', finishReason: 'STOP' },
            { parts: '{"ocean":"Atl', finishReason: 'MAX_TOKENS' },
          ],
          usage: { prompt: 1200, candidates: 96, thoughts: 64, cached: 1024, toolUsePrompt: 10 },
          modelVersion: 'gemini-2.5-flash',
          responseId: 'mUJbafq5NqCbz7IP2N3vmQ0',
        }),
      ),
    );
    const response = await gemini.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Which ocean contains Bouvet Island? Answer in JSON.',
      config: {
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        maxOutputTokens: 100,
        stopSequences: ['\n\n'],
        candidateCount: 2,
        seed: 42,
        presencePenalty: -0.1,
        frequencyPenalty: 0.1,
        responseMimeType: 'application/json',
        thinkingConfig: { thinkingBudget: 1024 },
      },
    });

    expect(response.text).toBe('{"ocean":"Atlantic"}');
    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'gen_ai.request.choice.count': 2,
      'gen_ai.request.seed': 42,
      'gen_ai.request.presence_penalty': -0.1,
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.output.type': 'json',
      'gcp.gen_ai.request.thinking_budget': 1024,
      'gen_ai.response.id': 'mUJbafq5NqCbz7IP2N3vmQ0',
      'gen_ai.response.model': 'gemini-2.5-flash',
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      // input = prompt (cached included) + tool-use prompt; output = candidates + thoughts.
      'gen_ai.usage.input_tokens': 1210,
      'gen_ai.usage.output_tokens': 160,
      'gen_ai.usage.reasoning.output_tokens': 64,
      'gen_ai.usage.cache_read.input_tokens': 1024,
    });
    expect(span.attributes['gen_ai.request.stream']).toBeUndefined();
    expect(Object.keys(span.attributes).filter((key) => key.includes('messages'))).toEqual([]);

    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.response.model': 'gemini-2.5-flash',
    });
    const tokens = await histogram('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.sum])).toEqual([
      ['input', 1210],
      ['output', 160],
    ]);
  });

  it('prices thinking and cached tokens from the price database', async () => {
    server.enqueue(
      GENERATE,
      geminiJson(
        geminiResponse({
          usage: { prompt: 1_000_000, candidates: 500_000, thoughts: 500_000, cached: 400_000 },
        }),
      ),
    );
    await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    // gemini-2.5-flash: $0.30/M input, $0.03/M cached input, $2.50/M output (thoughts are output):
    // 0.6M × 0.30 + 0.4M × 0.03 + 1M × 2.50 = 2.692.
    expect(onlySpan().attributes[ATTR_GENAI_OTEL_COST_USD]).toBeCloseTo(2.692, 6);
    expect(onlySpan().attributes[ATTR_GENAI_OTEL_COST_OUTPUT_USD]).toBeCloseTo(2.5, 6);
  });

  it('names the model id when the caller passes a resource name', async () => {
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    await gemini.models.generateContent({ model: 'models/gemini-2.5-flash', contents: 'Hi' });
    expect(onlySpan().name).toBe('generate_content gemini-2.5-flash');
    expect(onlySpan().attributes['gen_ai.request.model']).toBe('gemini-2.5-flash');
  });

  it('honours a per-call httpOptions.baseUrl and apiVersion for server.address and port', async () => {
    server.enqueue(
      geminiRoute('gemini-2.5-flash', 'generateContent', 'v1beta'),
      geminiJson(geminiResponse()),
    );
    await gemini.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: { httpOptions: { baseUrl: `http://localhost:${server.port}`, apiVersion: 'v1beta' } },
    });
    expect(onlySpan().attributes).toMatchObject({
      'server.address': 'localhost',
      'server.port': server.port,
    });
  });

  it('never exports the API key', async () => {
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    await withContentCapture(true, () =>
      gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }),
    );
    expect(server.requests[0]?.headers['x-goog-api-key']).toBe(GEMINI_TEST_API_KEY);
    expect(JSON.stringify(onlySpan().attributes)).not.toContain(GEMINI_TEST_API_KEY);
  });

  it('is a child of the caller span and parents the SDK call', async () => {
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('caller', async (caller) => {
      await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
      caller.end();
    });
    const [model, caller] = finishedSpans();
    expect(caller?.name).toBe('caller');
    expect(model?.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe('Vertex AI (vertexai: true)', () => {
  it('records gcp.vertex_ai and the Vertex URL shape is what the SDK called', async () => {
    server.enqueue(
      vertexRoute('gemini-2.5-pro', 'generateContent'),
      geminiJson(geminiResponse({ modelVersion: 'gemini-2.5-pro', usage: { prompt: 20, candidates: 5 } })),
    );
    const response = await vertex.models.generateContent({ model: 'gemini-2.5-pro', contents: 'Hi' });
    expect(response.text).toBe('Paris is the capital of France.');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ya29.genai-otel-test-token');
    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-pro');
    expect(span.attributes).toMatchObject({
      'gen_ai.provider.name': 'gcp.vertex_ai',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 5,
    });
  });
});

describe('Vertex AI with apiVersion v1', () => {
  it('calls /v1/projects/…/publishers/google/models/…:generateContent and records gcp.vertex_ai', async () => {
    const v1 = new genai.GoogleGenAI(geminiClientOptions(server.url, { vertexai: true, apiVersion: 'v1' }));
    server.enqueue(
      vertexRoute('gemini-2.5-flash', 'generateContent', { apiVersion: 'v1' }),
      geminiJson(geminiResponse()),
    );
    await v1.models.generateContent({ model: 'publishers/google/models/gemini-2.5-flash', contents: 'Hi' });
    expect(server.requests[0]?.path).toBe(
      '/v1/projects/genai-otel-tests/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(onlySpan().name).toBe('generate_content gemini-2.5-flash');
    expect(onlySpan().attributes['gen_ai.provider.name']).toBe('gcp.vertex_ai');
  });
});

describe('finish reasons', () => {
  it.each([
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'malformed_function_call'],
    ['OTHER', 'other'],
  ])('maps %s to %s', async (reason, expected) => {
    server.enqueue(
      GENERATE,
      geminiJson(geminiResponse({ candidates: [{ parts: [], finishReason: reason }] })),
    );
    await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual([expected]);
  });

  it('reports tool_call for a candidate that stops to call a function', async () => {
    server.enqueue(
      GENERATE,
      geminiJson(
        geminiResponse({
          candidates: [
            {
              parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
              finishReason: 'STOP',
            },
          ],
        }),
      ),
    );
    await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Weather in Paris?' });
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
  });

  it('reports content_filter for a blocked prompt', async () => {
    server.enqueue(GENERATE, geminiJson(geminiResponse({ promptFeedback: { blockReason: 'SAFETY' } })));
    await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['content_filter']);
  });
});

describe('errors', () => {
  it.each([400, 403, 429, 500, 503])('HTTP %i → status ERROR and error.type "%i"', async (status) => {
    server.enqueue(GENERATE, geminiError(status, 'Resource has been exhausted (e.g. check quota).'));
    await expect(
      gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }),
    ).rejects.toMatchObject({
      status,
    });
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe(String(status));
    const [duration] = await histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes['error.type']).toBe(String(status));
  });

  it('a refused connection ends the span with the error class', async () => {
    const closed = new genai.GoogleGenAI(geminiClientOptions('http://127.0.0.1:9'));
    await expect(
      closed.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' }),
    ).rejects.toThrow();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('TypeError');
  });

  it('a timeout (httpOptions.timeout) ends the span as an error', async () => {
    server.enqueue(GENERATE, { kind: 'hang' });
    const arrived = requestArrived();
    await expect(
      gemini.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'Hi',
        config: { httpOptions: { timeout: 50 } },
      }),
    ).rejects.toThrow();
    await arrived;
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('AbortError');
  });

  it('an abortSignal ends the span as an AbortError', async () => {
    server.enqueue(GENERATE, { kind: 'hang' });
    const controller = new AbortController();
    const call = gemini.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: { abortSignal: controller.signal },
    });
    // Abort once the server has the request, so no late request meets the next test's replies.
    await requestArrived();
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(onlySpan().attributes['error.type']).toBe('AbortError');
  });
});

/** Resolves once the wire server has received a request (the test's own). */
async function requestArrived(): Promise<void> {
  while (server.requests.length === 0) await sleep(5);
}

describe('instrumentation behaviour', () => {
  it('a disabled instrumentation calls the SDK untraced', async () => {
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    instrumentation.disable();
    try {
      const response = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
      expect(response.text).toBe('Paris is the capital of France.');
      expect(finishedSpans()).toEqual([]);
    } finally {
      instrumentation.enable();
    }
  });

  it('instrumentGoogleGenAI() on the hooked module patches nothing twice', async () => {
    expect(instrumentation.patch(genai)).toBe(0);
    server.enqueue(GENERATE, geminiJson(geminiResponse()));
    await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    expect(finishedSpans()).toHaveLength(1);
  });

  it('instruments another SDK copy (2.x) from one of its clients, for every client of that copy', async () => {
    const v2 = requireFromRoot('google-genai-v2') as typeof genai;
    const first = new v2.GoogleGenAI(geminiClientOptions(server.url));
    expect(instrumentation.patch(first)).toBe(3);
    try {
      const second = new v2.GoogleGenAI(geminiClientOptions(server.url));
      server.enqueue(
        geminiRoute('gemini-2.0-flash', 'generateContent', 'v1beta'),
        geminiJson(geminiResponse()),
      );
      await second.models.generateContent({ model: 'gemini-2.0-flash', contents: 'Hi' });
      expect(onlySpan().name).toBe('generate_content gemini-2.0-flash');
    } finally {
      instrumentation.unpatch(first);
    }
  });

  it('runs the request and response hooks; a throwing hook never breaks the call', async () => {
    const seen: string[] = [];
    instrumentation.setConfig({
      requestHook: (span, info) => {
        seen.push(`request ${info.method} ${String(info.params.model)}`);
        span.setAttribute('app.tenant', 'acme');
        throw new Error('hook bug');
      },
      responseHook: (_span, info) => {
        seen.push(`response ${info.method} ${(info.response as { responseId?: string }).responseId}`);
      },
    });
    server.enqueue(GENERATE, geminiJson(geminiResponse({ responseId: 'hooked-1' })));
    const response = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    expect(response.responseId).toBe('hooked-1');
    expect(seen).toEqual([
      'request models.generateContent gemini-2.5-flash',
      'response models.generateContent hooked-1',
    ]);
    expect(onlySpan().attributes['app.tenant']).toBe('acme');
  });
});
