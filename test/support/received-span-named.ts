import type { ReceivedSpan } from './otlp-receiver';

/** The first received span with this name; fails the test, listing what arrived, if there is none. */
export function receivedSpanNamed(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span named "${name}" among ${spans.map((s) => s.name).join(', ')}`);
  return span;
}
