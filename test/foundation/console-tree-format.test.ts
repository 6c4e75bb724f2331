import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ConsoleTreeExporter } from '../../src/exporters/console-tree-exporter';
import { formatTraceTree } from '../../src/exporters/console-tree-format';

function recordAgentTrace() {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'travel-agent' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan(
    'invoke_agent travel-planner-with-a-very-long-name-that-will-not-fit-80-columns',
  );
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const chat = tracer.startSpan('chat gpt-4o-mini', {}, ctx);
  chat.setAttributes({
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.usage.input_tokens': 812,
    'gen_ai.usage.output_tokens': 64,
    'gen_ai.response.finish_reasons': ['tool_calls'],
  });
  chat.end();
  const tool = tracer.startSpan('execute_tool search_flights', {}, trace.setSpan(ctx, chat));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  tool.setAttribute('error.type', 'TimeoutError');
  tool.end();
  root.end();
  return memory.getFinishedSpans();
}

describe('console tree', () => {
  it('shows parents, GenAI facts and errors within 80 columns', () => {
    const text = formatTraceTree(recordAgentTrace(), { width: 80, color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^trace [0-9a-f]{32} · travel-agent$/);
    expect(lines[1]).toMatch(/^invoke_agent travel-planner-with-a-very-long-name.*…$/);
    expect(lines[2]).toMatch(
      /^└─ chat gpt-4o-mini · \S+ · gpt-4o-mini-2024-07-18 · 812→64 tok · tool_calls$/,
    );
    expect(lines[3]).toMatch(/^ {3}└─ execute_tool search_flights · \S+ ✗ TimeoutError: timeout$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('colours only when asked, and marks errors in red', () => {
    const plain = formatTraceTree(recordAgentTrace(), { width: 200, color: false });
    const coloured = formatTraceTree(recordAgentTrace(), { width: 200, color: true });
    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[31m');
  });

  it('prints a trace once its root ends, and leftovers on flush', async () => {
    const printed: string[] = [];
    const exporter = new ConsoleTreeExporter({
      write: (text) => printed.push(text),
      format: { color: false },
    });
    const spans = recordAgentTrace();
    const root = spans.find((span) => span.name.startsWith('invoke_agent'));
    const children = spans.filter((span) => span !== root);
    exporter.export(children, () => {});
    expect(printed).toHaveLength(0);
    exporter.export(root ? [root] : [], () => {});
    expect(printed).toHaveLength(1);
    expect(printed[0]?.split('\n')).toHaveLength(5);

    const orphans = recordAgentTrace().filter((span) => !span.name.startsWith('invoke_agent'));
    exporter.export(orphans, () => {});
    expect(printed).toHaveLength(1);
    await exporter.forceFlush();
    expect(printed).toHaveLength(2);
    expect(printed[1]).toContain('chat gpt-4o-mini');
  });
});
