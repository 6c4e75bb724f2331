import type { Context, MeterProvider } from '@opentelemetry/api';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { getSharedOpenAIInstrumentation } from '../../instrumentations/openai/instrument';
import { withContentCapture } from '../../src/content/capture-policy';
import { InferenceRecording } from '../../src/genai/inference-recording';
import type { GenAIOtelHandle } from '../../src/process-state';
import { type OpenAIModule, requireFromRoot } from '../openai/support/load-openai';
import {
  chatCompletion,
  chatCompletionChunks,
  errorReply,
  type OpenAIWireServer,
  startOpenAIWireServer,
  type WireReply,
} from '../support/openai-wire-server';
import { captureDiag, reportFigure } from './support/diag-capture';
import { registerForTests } from './support/register-for-tests';

/**
 * Forces failures inside genai-otel's own paths and in the telemetry plumbing around them, then
 * checks that the app's call gives exactly what it gives with the instrumentation off (same value,
 * same error, same stream) and that the failure is reported through `diag`, once.
 */
type Fault =
  | 'none'
  | 'attribute extraction'
  | 'stream chunk following'
  | 'content capture'
  | 'metrics'
  | 'request hook'
  | 'response hook'
  | 'span processor onStart'
  | 'span processor onEnding'
  | 'span processor onEnd'
  | 'exporter'
  | 'redaction hook';

let fault: Fault = 'none';
let captureContent = false;
let wire: OpenAIWireServer;
let handle: GenAIOtelHandle;
let client: InstanceType<OpenAIModule['default']>;
const instrumentation = getSharedOpenAIInstrumentation();
const diagLog = captureDiag();
const diagLinesPerFault = new Map<string, number>();

class Injected extends Error {
  override name = 'InjectedFault';
}

const faultyProcessor: SpanProcessor = {
  onStart(_span: Span, _context: Context) {
    if (fault === 'span processor onStart') throw new Injected('onStart');
  },
  onEnding(_span: Span) {
    if (fault === 'span processor onEnding') throw new Injected('onEnding');
  },
  onEnd(_span: ReadableSpan) {
    if (fault === 'span processor onEnd') throw new Injected('onEnd');
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

const faultyExporter: SpanExporter = {
  export(_spans, resultCallback) {
    if (fault === 'exporter') throw new Injected('export');
    resultCallback({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};

/** Every instrument's record/add throws. */
const throwingMeterProvider: MeterProvider = {
  getMeter() {
    const meter = Object.create(createNoopMeter());
    const throwing = () => ({
      record() {
        throw new Injected('record');
      },
      add() {
        throw new Injected('add');
      },
    });
    meter.createHistogram = throwing;
    meter.createCounter = throwing;
    return meter;
  },
};

beforeAll(async () => {
  wire = await startOpenAIWireServer();
  handle = registerForTests({
    traceExporters: ['none'],
    spanExporters: [faultyExporter],
    spanProcessors: [faultyProcessor],
    batch: { scheduledDelayMillis: 1 },
    redaction: {
      redact: (value) => {
        if (fault === 'redaction hook') throw new Injected('redact');
        return value;
      },
    },
  });
  const { default: OpenAI } = requireFromRoot('openai') as OpenAIModule;
  client = new OpenAI({ apiKey: 'sk-faults', baseURL: wire.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  await handle.shutdown();
  await wire.close();
  reportFigure('diag lines per injected fault (one call each)', Object.fromEntries(diagLinesPerFault));
  diagLog.dispose();
});
afterEach(() => {
  fault = 'none';
  vi.restoreAllMocks();
  instrumentation.setConfig({});
  captureContent = false;
});

const fixedHeaders = { 'x-request-id': 'req_fixed' };
type Outcome = { value?: unknown; error?: { name: string; message: string; status?: number } };

/** Runs one kind of call against a fixed answer and describes what the app saw. */
async function callAs(kind: 'json' | 'stream' | 'error'): Promise<Outcome> {
  if (kind === 'json') {
    wire.enqueue('POST /v1/chat/completions', {
      kind: 'json',
      body: chatCompletion({ id: 'chatcmpl-fixed' }),
      headers: fixedHeaders,
    });
  } else if (kind === 'stream') {
    wire.enqueue('POST /v1/chat/completions', {
      kind: 'sse',
      events: chatCompletionChunks({ id: 'chatcmpl-fixed', includeUsage: true }),
      headers: fixedHeaders,
    });
  } else {
    const reply = errorReply(400, 'Invalid model') as Extract<WireReply, { kind: 'json' }>;
    wire.enqueue('POST /v1/chat/completions', { ...reply, headers: { ...reply.headers, ...fixedHeaders } });
  }
  return withContentCapture(captureContent, () => receive(kind));
}

async function receive(kind: 'json' | 'stream' | 'error'): Promise<Outcome> {
  const messages = [{ role: 'user' as const, content: 'Which ocean? Write to ana@example.com' }];
  try {
    if (kind === 'stream') {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: unknown[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      return { value: chunks };
    }
    return { value: await client.chat.completions.create({ model: 'gpt-4o-mini', messages }) };
  } catch (error) {
    const { name, message, status } = error as Error & { status?: number };
    return { error: { name: (error as Error).constructor.name || name, message, status } };
  }
}

async function withoutInstrumentation(kind: 'json' | 'stream' | 'error'): Promise<Outcome> {
  instrumentation.disable();
  try {
    return await callAs(kind);
  } finally {
    instrumentation.enable();
  }
}

function inject(next: Fault): void {
  fault = next;
  const prototype = InferenceRecording.prototype as unknown as Record<string, unknown>;
  if (next === 'attribute extraction') {
    vi.spyOn(InferenceRecording.prototype, 'recordResult').mockImplementation(() => {
      throw new Injected('recordResult');
    });
  } else if (next === 'stream chunk following') {
    vi.spyOn(InferenceRecording.prototype, 'recordChunk').mockImplementation(() => {
      throw new Injected('recordChunk');
    });
  } else if (next === 'content capture') {
    captureContent = true;
    vi.spyOn(prototype as { recordRequestContent(): void }, 'recordRequestContent').mockImplementation(() => {
      throw new Injected('recordRequestContent');
    });
  } else if (next === 'metrics') {
    instrumentation.setMeterProvider(throwingMeterProvider);
  } else if (next === 'request hook') {
    instrumentation.setConfig({
      requestHook: () => {
        throw new Injected('requestHook');
      },
    });
  } else if (next === 'response hook') {
    instrumentation.setConfig({
      responseHook: () => {
        throw new Injected('responseHook');
      },
    });
  } else if (next === 'redaction hook') {
    captureContent = true;
  }
}

const FAULTS: Fault[] = [
  'attribute extraction',
  'stream chunk following',
  'content capture',
  'metrics',
  'request hook',
  'response hook',
  'span processor onStart',
  'span processor onEnding',
  'span processor onEnd',
  'exporter',
  'redaction hook',
];
const KINDS = ['json', 'stream', 'error'] as const;
/** Calls that go through the faulty path at all (an error response has no result to read, a JSON one no chunks). */
const APPLIES: Partial<Record<Fault, ReadonlyArray<(typeof KINDS)[number]>>> = {
  'attribute extraction': ['json', 'stream'],
  'stream chunk following': ['stream'],
  'response hook': ['json', 'stream'],
  // The redaction processor reports its first failure only (a broken hook would fail on every span).
  'redaction hook': ['json'],
};

it.each(FAULTS.flatMap((f) => (APPLIES[f] ?? KINDS).map((kind) => [f, kind] as const)))(
  'with a fault in %s, a %s call gives the app exactly what it gives without genai-otel',
  async (injected, kind) => {
    const baseline = await withoutInstrumentation(kind);
    inject(injected);
    diagLog.clear();
    const outcome = await callAs(kind);
    await handle.forceFlush();
    if (injected === 'metrics') instrumentation.setMeterProvider(metrics.getMeterProvider());

    expect(outcome).toEqual(baseline);
    const reported = diagLog.messages.filter((m) => m.level === 'error' || m.level === 'warn');
    diagLinesPerFault.set(`${injected} / ${kind}`, reported.length);
    expect(reported).toHaveLength(1);
  },
);
