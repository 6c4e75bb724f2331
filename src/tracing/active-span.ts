import { trace } from '@opentelemetry/api';
import { shouldCaptureContent } from '../content/capture-policy';
import { ManualSpan, type TracedSpan } from './traced-span';

/**
 * The active span, with `setInput` / `setOutput`: the manual span itself inside `startSpan`,
 * `traced` or a helper; any other active span (an instrumentation's) wrapped so the same calls
 * work on it. `undefined` outside any span.
 */
export function getActiveSpan(): TracedSpan | undefined {
  const span = trace.getActiveSpan();
  if (span === undefined || span instanceof ManualSpan) return span;
  const capture = shouldCaptureContent();
  return new ManualSpan(span, { kind: 'plain', captureInput: capture, captureOutput: capture });
}
