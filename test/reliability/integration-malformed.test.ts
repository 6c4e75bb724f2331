import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { captureDiag, reportFigure } from './support/diag-capture';
import { RELIABILITY_INTEGRATIONS } from './support/integrations';
import { outcomeOf } from './support/integrations/app-outcome';
import type { MalformedAnswer, ReliabilityIntegration } from './support/integrations/integration-under-test';
import { damagedFrames, damagedJson } from './support/integrations/malformed-answers';
import { useIntegrations } from './support/integrations/use-integrations';
import { SpanBalanceProcessor } from './support/span-balance-processor';

/**
 * Property-based: malformed provider answers (see malformed-answers.ts) for every integration,
 * with content capture on. The app gets exactly what it gets without genai-otel (no exception of
 * ours reaches it), every span ends once, exports as OTLP, and its token counts are sensible.
 * `GENAI_OTEL_MALFORMED_RUNS` sets the inputs per kind and integration.
 */
const RUNS = Number(process.env.GENAI_OTEL_MALFORMED_RUNS ?? 40);
const memory = new InMemorySpanExporter();
let balance = new SpanBalanceProcessor();
const diagLog = captureDiag();
const inputsTried = new Map<string, number>();
const { handle, instrumentationOf, clientOf } = useIntegrations({
  traceExporters: ['none'],
  spanExporters: [memory],
  spanProcessors: [
    {
      onStart: (span, context) => balance.onStart(span, context),
      onEnd: (span) => balance.onEnd(span),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    },
  ],
  captureMessageContent: true,
  batch: { scheduledDelayMillis: 1 },
});
afterAll(() => {
  reportFigure('malformed answers tried per integration', Object.fromEntries(inputsTried));
  diagLog.dispose();
});

const TOKEN_COUNT_KEYS = ['gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens'];

describe.each(RELIABILITY_INTEGRATIONS)('$name', (integration: ReliabilityIntegration) => {
  beforeEach(() => {
    clientOf(integration).reset();
    // An app that stops reading at a broken frame leaves the call's stream unread (the AI SDK's
    // call span then ends by this timeout): short, so the check need not wait the default minute.
    instrumentationOf(integration).setConfig({ unconsumedResponseTimeoutMs: 300 });
  });

  async function check(answer: MalformedAnswer): Promise<void> {
    const client = clientOf(integration);
    const instrumentation = instrumentationOf(integration);
    instrumentation.disable();
    const baseline = await outcomeOf(() => client.callWith(answer)).finally(() => instrumentation.enable());
    // Spans of the baseline call (the Anthropic SDK makes its own when we are off) are exported first.
    await handle.forceFlush();
    memory.reset();
    balance = new SpanBalanceProcessor();
    const outcome = await outcomeOf(() => client.callWith(answer));
    inputsTried.set(integration.name, (inputsTried.get(integration.name) ?? 0) + 1);
    expect(outcome).toEqual(baseline);

    await expect.poll(() => balance.ended, { timeout: 5_000 }).toBe(balance.started);
    await handle.forceFlush();
    const spans = memory.getFinishedSpans();
    const modelCallSpans = spans.filter((span) => span.name === client.spanName);
    expect(balance.endedTwice.size).toBe(0);
    expect(balance.started).toBe(client.spansPerCall ?? 1);
    expect(modelCallSpans).toHaveLength(1);
    expect(JsonTraceSerializer.serializeRequest(spans)?.length).toBeGreaterThan(0);
    expect(ProtobufTraceSerializer.serializeRequest(spans)?.length).toBeGreaterThan(0);
    for (const key of TOKEN_COUNT_KEYS) {
      const count = modelCallSpans[0]?.attributes[key];
      if (count !== undefined)
        expect(Number.isSafeInteger(count) && (count as number) >= 0, `${key}=${count}`).toBe(true);
    }
  }

  // An open gap an entry names is skipped visibly (docs/reliability.md lists it), not hidden.
  it.skipIf(integration.knownGaps?.malformedJson !== undefined)(
    'malformed JSON answers: same outcome as without genai-otel, one span, sensible',
    async () => {
      const valid = clientOf(integration).validJson();
      await fc.assert(
        fc.asyncProperty(damagedJson(valid), (body) => check({ kind: 'json', body })),
        { numRuns: RUNS },
      );
    },
    Math.max(120_000, RUNS * 3_000),
  );

  it(
    'malformed streams: same outcome as without genai-otel, one span, sensible',
    async () => {
      const valid = clientOf(integration).validFrames();
      await fc.assert(fc.asyncProperty(damagedFrames(valid), check), { numRuns: RUNS });
    },
    Math.max(120_000, RUNS * 3_000),
  );
});
