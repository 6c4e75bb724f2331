import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { recordDiagMessages } from '../support/record-diag-messages';

const modeOf = (value: string) =>
  resolveConfig({}, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: value }).contentCaptureMode;

describe('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', () => {
  it('takes the GenAI utilities’ modes, in any case, and true/false as before', () => {
    expect(modeOf('EVENT_ONLY')).toBe('EVENT_ONLY');
    expect(modeOf('span_and_event')).toBe('SPAN_AND_EVENT');
    expect(modeOf('Span_Only')).toBe('SPAN_ONLY');
    expect(modeOf('true')).toBe('SPAN_ONLY');
    expect(modeOf('false')).toBe('NO_CONTENT');
    expect(modeOf('NO_CONTENT')).toBe('NO_CONTENT');
  });

  it('warns about an unknown value and records no content', () => {
    const messages = recordDiagMessages();
    const config = resolveConfig({}, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'EVENTS' });
    expect(config.contentCaptureMode).toBe('NO_CONTENT');
    expect(config.captureMessageContent).toBe(false);
    expect(messages.join('\n')).toMatch(
      /OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.*EVENTS.*SPAN_AND_EVENT/,
    );
  });

  it('loses to the register option', () => {
    const config = resolveConfig(
      { captureMessageContent: 'SPAN_AND_EVENT' },
      { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'false' },
    );
    expect(config.contentCaptureMode).toBe('SPAN_AND_EVENT');
    expect(config.captureMessageContent).toBe(true);
  });
});

describe('log exporters', () => {
  it('default to OTLP when an endpoint is configured, to none otherwise', () => {
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).logs).toMatchObject({
      exporters: ['otlp'],
      otlp: { url: 'http://collector:4318/v1/logs' },
    });
    expect(resolveConfig({}, {}).logs.exporters).toEqual(['none']);
    expect(resolveConfig({}, { OTEL_LOGS_EXPORTER: 'console' }).logs.exporters).toEqual(['console']);
  });
});

describe('content limits', () => {
  it('read the span attribute limit before the general one, and the budget', () => {
    expect(
      resolveConfig(
        {},
        {
          OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1000',
          OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT: '2000',
          GENAI_OTEL_CONTENT_BUDGET: '50000',
        },
      ).contentLimits,
    ).toEqual({ attributeValueLength: 2000, spanBudget: 50_000 });
    expect(resolveConfig({ contentBudget: 0 }, {}).contentLimits).toEqual({
      attributeValueLength: undefined,
      spanBudget: undefined,
    });
    expect(resolveConfig({}, {}).contentLimits.spanBudget).toBe(131_072);
  });
});
