import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type Sampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterOptions } from '../../src/config/register-options';
import { resolveConfig } from '../../src/config/resolve-config';
import { createTracePipeline } from '../../src/trace-pipeline';
import { recordDiagMessages } from '../support/record-diag-messages';

const diagMessages = recordDiagMessages();
afterEach(() => {
  diagMessages.length = 0;
});

/** Starts and ends `count` root spans through a pipeline built from `options`; returns those exported. */
async function exportedSpanCount(options: RegisterOptions, count = 200): Promise<number> {
  const memory = new InMemorySpanExporter();
  const config = resolveConfig({ traceExporters: ['none'], ...options }, {});
  const pipeline = createTracePipeline(
    config,
    { ...options, spanExporters: [memory] },
    resourceFromAttributes({}),
  );
  const tracer = pipeline.provider.getTracer('test');
  for (let i = 0; i < count; i++) tracer.startSpan(`span ${i}`).end();
  await pipeline.provider.forceFlush();
  const exported = memory.getFinishedSpans().length;
  await pipeline.provider.shutdown();
  return exported;
}

describe('the sampler option', () => {
  it('takes the OTEL_TRACES_SAMPLER names, as README pairs them', async () => {
    expect(resolveConfig({ sampler: 'parentbased_traceidratio' }, {}).traces.sampler).toEqual({
      name: 'parentbased_traceidratio',
      ratio: 1,
    });
    expect(
      resolveConfig({ sampler: 'traceidratio' }, { OTEL_TRACES_SAMPLER_ARG: '0.25' }).traces.sampler,
    ).toEqual({ name: 'traceidratio', ratio: 0.25 });
    expect(await exportedSpanCount({ sampler: 'always_off' })).toBe(0);
    expect(await exportedSpanCount({ sampler: 'parentbased_always_on' })).toBe(200);
  });

  it('takes { name, ratio } and samples about that share', async () => {
    const exported = await exportedSpanCount(
      { sampler: { name: 'parentbased_traceidratio', ratio: 0.5 } },
      400,
    );
    expect(exported).toBeGreaterThan(120);
    expect(exported).toBeLessThan(280);
    expect(diagMessages).toEqual([]);
  });

  it('warns once about an unknown name and keeps the default; no span throws', async () => {
    expect(await exportedSpanCount({ sampler: 'sometimes' as never })).toBe(200);
    expect(diagMessages).toHaveLength(1);
    expect(diagMessages[0]).toContain('sampler');
    expect(diagMessages[0]).toContain('"sometimes"');
    expect(diagMessages[0]).toContain('parentbased_traceidratio');
  });

  it('a Sampler object that throws gets the default decision and one warning, never an exception per span', async () => {
    const throwing: Sampler = {
      shouldSample() {
        throw new Error('sampler bug');
      },
      toString: () => 'BuggySampler',
    };
    expect(await exportedSpanCount({ sampler: throwing }, 50)).toBe(50);
    expect(diagMessages).toHaveLength(1);
    expect(diagMessages[0]).toContain('BuggySampler failed (sampler bug)');
  });

  it('a working Sampler object decides', async () => {
    const dropsChat: Sampler = {
      shouldSample: (_context, _traceId, name) => ({
        decision: name.startsWith('span 1')
          ? SamplingDecision.NOT_RECORD
          : SamplingDecision.RECORD_AND_SAMPLED,
      }),
      toString: () => 'DropsChat',
    };
    expect(await exportedSpanCount({ sampler: dropsChat }, 10)).toBe(9);
  });
});
