import type { Context, MeterProvider } from '@opentelemetry/api';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { InferenceRecording } from '../../src/genai/inference-recording';
import { captureDiag, reportFigure } from './support/diag-capture';
import { RELIABILITY_INTEGRATIONS } from './support/integrations';
import { type AppOutcome, outcomeOf } from './support/integrations/app-outcome';
import type {
  IntegrationClient,
  ReliabilityIntegration,
} from './support/integrations/integration-under-test';
import { useIntegrations } from './support/integrations/use-integrations';

/**
 * Forces failures inside genai-otel's own paths and the telemetry plumbing around them, for every
 * integration, then checks that the app's call gives exactly what it gives with the
 * instrumentation off (same value, same error, same chunks) and that the failure is reported
 * through `diag`, once.
 */
type Fault =
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

let fault: Fault | 'none' = 'none';
let captureContent = false;
const diagLog = captureDiag();
const diagLinesPerCase = new Map<string, number>();

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

const { handle, instrumentationOf, clientOf } = useIntegrations({
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
afterAll(() => {
  reportFigure('fault cases per integration (identical outcome, one diag line each)', countsByIntegration());
  diagLog.dispose();
});

function countsByIntegration(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of diagLinesPerCase.keys()) {
    const name = key.split(' / ')[0] as string;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const KINDS = ['json', 'stream', 'error'] as const;
type Kind = (typeof KINDS)[number];

async function callAs(client: IntegrationClient, kind: Kind): Promise<AppOutcome> {
  return withContentCapture(captureContent, () =>
    outcomeOf(async () => {
      if (kind === 'json') return client.call('Which ocean? Write to ana@example.com');
      if (kind === 'error') return client.failingCall();
      const chunks: unknown[] = [];
      for await (const chunk of await client.openStream({ kind: 'complete' })) chunks.push(chunk);
      return chunks;
    }),
  );
}

function inject(integration: ReliabilityIntegration, next: Fault): void {
  fault = next;
  const instrumentation = instrumentationOf(integration);
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
/** Calls that go through the faulty path at all (an error answer has no result to read, a JSON one no chunks). */
const APPLIES: Partial<Record<Fault, readonly Kind[]>> = {
  'attribute extraction': ['json', 'stream'],
  'stream chunk following': ['stream'],
  'response hook': ['json', 'stream'],
  // The redaction processor reports its first failure only (a broken hook would fail on every span).
  'redaction hook': ['json'],
};
/**
 * Faults genai-otel reports on their first occurrence in the process only (a broken redaction hook
 * fails on every span; one line says so): later integrations expect no new line.
 */
const REPORTED_ONCE_PER_PROCESS = new Set<Fault>(['redaction hook']);
/** Faults of a span processor: reported for each span of a call that makes several. */
const PROCESSOR_FAULTS = new Set<Fault>([
  'span processor onStart',
  'span processor onEnding',
  'span processor onEnd',
]);
/** Not the call's report: the periodic lost-span summary (docs/reliability.md, "Bursts") comes on its own clock. */
const NOT_FROM_THE_CALL = /spans were not delivered/;
const alreadyReported = new Set<Fault>();
const CASES = FAULTS.flatMap((f) => (APPLIES[f] ?? KINDS).map((kind) => [f, kind] as const));

describe.each(RELIABILITY_INTEGRATIONS)('$name', (integration) => {
  const cases = CASES.filter(([injected]) => !integration.unsupportedFaults?.includes(injected));
  afterEach(() => {
    fault = 'none';
    vi.restoreAllMocks();
    instrumentationOf(integration).setConfig({});
    instrumentationOf(integration).setMeterProvider(metrics.getMeterProvider());
    captureContent = false;
  });

  it.each(cases)(
    'a fault in %s: a %s call gives the app exactly what it gives without genai-otel',
    async (injected, kind) => {
      const client = clientOf(integration);
      const instrumentation = instrumentationOf(integration);
      instrumentation.disable();
      const baseline = await callAs(client, kind).finally(() => instrumentation.enable());
      inject(integration, injected);
      diagLog.clear();
      const outcome = await callAs(client, kind);
      // The batch (1 ms delay) exports on its own; a forceFlush() would report the export fault a
      // second time, as a flush failure.
      if (injected === 'exporter') await expect.poll(() => diagLog.messages.length).toBeGreaterThan(0);
      else await handle.forceFlush();

      expect(outcome).toEqual(baseline);
      const reported = diagLog.messages.filter(
        (m) => (m.level === 'error' || m.level === 'warn') && !NOT_FROM_THE_CALL.test(m.text),
      );
      diagLinesPerCase.set(`${integration.name} / ${injected} / ${kind}`, reported.length);
      const lines = reported.map((m) => m.text.slice(0, 160));
      const spansPerCall = client.spansPerCall ?? 1;
      if (REPORTED_ONCE_PER_PROCESS.has(injected) && alreadyReported.has(injected)) expect(lines).toEqual([]);
      else if (PROCESSOR_FAULTS.has(injected) && spansPerCall > 1) {
        // A processor failing on every span fails once per span of the call; in the Agents SDK's
        // streamed run one span's failure can surface twice (where the SDK ends it, and where the
        // bridge starts the next one), so a bound, not an exact count.
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(2 * spansPerCall);
      } else if (kind === 'stream' && integration.knownGaps?.streamFaultReportedTwice !== undefined) {
        // An open gap the entry names (docs/reliability.md): sometimes two lines for one fault.
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(2);
      } else expect(lines).toHaveLength(1);
      alreadyReported.add(injected);
    },
  );
});
