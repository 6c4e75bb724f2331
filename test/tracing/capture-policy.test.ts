import { afterEach, describe, expect, it } from 'vitest';
import { withContentCapture } from '../../src/content/capture-policy';
import { withTool } from '../../src/tracing/genai-helpers';
import { startSpan } from '../../src/tracing/start-span';
import { useTracingHarness } from '../support/tracing-harness';

const h = useTracingHarness();
const ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

afterEach(() => {
  delete process.env[ENV];
});

describe('content capture decisions', () => {
  it('follows OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT when nothing else is set', () => {
    process.env[ENV] = 'true';
    startSpan('env-on', { input: 'in' }, () => 'out');
    expect(h.span('env-on').attributes).toMatchObject({
      'genai_otel.input': 'in',
      'genai_otel.output': 'out',
    });
  });

  it('lets withContentCapture(false) turn it off for a subtree, and a per-call option win over both', () => {
    process.env[ENV] = 'true';
    withContentCapture(false, () => {
      withTool({ name: 'quiet', arguments: { a: 1 } }, () => 'r');
      withTool({ name: 'loud', arguments: { a: 1 }, captureContent: true }, () => 'r');
    });
    expect(h.span('execute_tool quiet').attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(h.span('execute_tool loud').attributes['gen_ai.tool.call.arguments']).toBe('{"a":1}');
  });

  it('captureInput / captureOutput switch one side off', () => {
    startSpan('input-only', { captureContent: true, captureOutput: false, input: 'in' }, () => 'out');
    expect(h.span('input-only').attributes['genai_otel.input']).toBe('in');
    expect(h.span('input-only').attributes['genai_otel.output']).toBeUndefined();
  });

  it('an explicit setOutput wins over the return value, and does nothing when capture is off', () => {
    startSpan('explicit', { captureContent: true }, (span) => {
      span.setOutput({ summary: 'short' });
      return 'long raw value';
    });
    startSpan('explicit-off', {}, (span) => {
      span.setOutput('x');
      span.setInput('y');
    });
    expect(h.span('explicit').attributes['genai_otel.output']).toBe('{"summary":"short"}');
    expect(
      Object.keys(h.span('explicit-off').attributes).filter((key) => key.startsWith('genai_otel.in')),
    ).toEqual([]);
    expect(h.span('explicit-off').attributes['genai_otel.output']).toBeUndefined();
  });
});
