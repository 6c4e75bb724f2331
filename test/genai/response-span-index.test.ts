import { type Span, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { rememberResponseSpan, spanOfResponse } from '../../src/genai/response-span-index';

function spanWithId(index: number): Span {
  return trace.wrapSpanContext({
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: index.toString(16).padStart(16, '0'),
    traceFlags: 1,
  });
}

describe('response span index', () => {
  it('finds the span of a recent response and forgets the oldest beyond 4096', () => {
    rememberResponseSpan('resp_first', spanWithId(1));
    expect(spanOfResponse('resp_first')?.spanId).toBe('0000000000000001');
    for (let i = 2; i <= 4096; i++) rememberResponseSpan(`resp_${i}`, spanWithId(i));
    expect(spanOfResponse('resp_first')?.spanId).toBe('0000000000000001');
    rememberResponseSpan('resp_4097', spanWithId(4097));
    expect(spanOfResponse('resp_first')).toBeUndefined();
    expect(spanOfResponse('resp_2')?.spanId).toBe('0000000000000002');
    expect(spanOfResponse('resp_4097')?.spanId).toBe('0000000000001001');
  });

  it('answers with the latest span when a response id is recorded again', () => {
    rememberResponseSpan('resp_again', spanWithId(10));
    rememberResponseSpan('resp_again', spanWithId(11));
    expect(spanOfResponse('resp_again')?.spanId).toBe('000000000000000b');
  });
});
