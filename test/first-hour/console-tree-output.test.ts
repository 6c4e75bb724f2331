import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ATTR_GENAI_OTEL_COST_USD } from '../../src/cost/cost-recording';
import { ConsoleTreeExporter } from '../../src/exporters/console-tree-exporter';
import { formatTraceTree } from '../../src/exporters/console-tree-format';
import { runNodeApp } from '../support/run-node-app';

function chatSpanWithCost(costUsd: number) {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'cost-app' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const chat = provider.getTracer('test').startSpan('chat gpt-4o-mini');
  chat.setAttributes({
    'gen_ai.usage.input_tokens': 812,
    'gen_ai.usage.output_tokens': 64,
    [ATTR_GENAI_OTEL_COST_USD]: costUsd,
  });
  chat.end();
  return memory.getFinishedSpans();
}

describe('console tree', () => {
  it.each([
    [0.000_42, '$0.00042'],
    [0.0731, '$0.07'],
    [1.5, '$1.50'],
  ])('shows the cost %s of an inference as %s', (costUsd, shown) => {
    const [, line] = formatTraceTree(chatSpanWithCost(costUsd), { width: 120, color: false }).split('\n');
    expect(line).toMatch(new RegExp(`^chat gpt-4o-mini · \\S+ · 812→64 tok · \\${shown}$`));
  });

  it('takes its width from COLUMNS when stderr is not a terminal', () => {
    const previous = process.env.COLUMNS;
    process.env.COLUMNS = '132';
    try {
      const lines: string[] = [];
      const exporter = new ConsoleTreeExporter({ write: (text) => lines.push(text) });
      const longName = `invoke_agent ${'x'.repeat(200)}`;
      const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
      provider.getTracer('test').startSpan(longName).end();
      const spanLine = lines.join('').split('\n')[1] ?? '';
      expect(spanLine).toHaveLength(132);
      expect(spanLine.endsWith('…')).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = previous;
    }
  });

  it('holds a span whose remote parent is still open here, and prints it inside that trace', () => {
    const printed: string[] = [];
    const open = new Set<string>();
    const exporter = new ConsoleTreeExporter({
      write: (text) => printed.push(text),
      format: { width: 200, color: false },
      isSpanOpenHere: (spanId) => open.has(spanId),
    });
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('test');
    const request = tracer.startSpan('request');
    open.add(request.spanContext().spanId);
    // What a worker thread's top span looks like: its parent arrived through propagation.
    const remoteParent = trace.setSpanContext(ROOT_CONTEXT, { ...request.spanContext(), isRemote: true });
    tracer.startSpan('worker task', {}, remoteParent).end();
    expect(printed).toEqual([]);
    open.delete(request.spanContext().spanId);
    request.end();
    expect(printed).toHaveLength(1);
    expect(printed[0]?.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^request · /),
      expect.stringMatching(/^└─ worker task · /),
    ]);
  });
});

describe('under genai-otel/register', () => {
  it('prints worker-thread spans inside their parent trace, and names the service unknown_service:node', async () => {
    const run = await runNodeApp('test/fixtures/context/worker-app.cjs', {
      loader: 'require',
      env: { OTEL_TRACES_EXPORTER: 'console', COLUMNS: '100' },
      timeoutMillis: 60_000,
    });
    expect(run.code).toBe(0);
    const blocks = run.stderr.split(/^(?=trace [0-9a-f]{32})/m).filter((block) => block !== '');
    // One block for the request (with its workers) and one for the worker started outside any span.
    expect(blocks).toHaveLength(2);
    const request = blocks.find((block) => /^request · /m.test(block)) ?? '';
    expect(request.split('\n')[0]).toMatch(/^trace [0-9a-f]{32} · unknown_service:node$/);
    for (const label of ['cjs', 'esm', 'eval', 'terminated']) {
      expect(request).toMatch(new RegExp(`^[├└]─ worker ${label} · `, 'm'));
    }
  });
});

describe('after shutdown()', () => {
  it('a meter asked for later is a silent no-op, not a MeterProvider warning', async () => {
    // A refused endpoint: the span-loss report at shutdown asks for a meter too.
    const run = await runNodeApp('test/fixtures/apps/meter-after-shutdown.cjs', {
      loader: 'none',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('done\n');
    expect(run.stderr).not.toContain('MeterProvider');
  });
});
