import type { Exception, TimeInput } from '@opentelemetry/api';
import type { InferenceRecording } from '../../src/genai/inference-recording';
import { ManualSpan } from '../../src/tracing/traced-span';

/**
 * The run tracker's handle on a model run's inference span. Ending goes through the shared
 * recorder, so usage, metrics and errors are recorded exactly as for provider instrumentations;
 * a failure the tracker reports (`recordException`, then `end`) becomes the recorder's
 * `endWithError`, which records the exception once and the error's type on the metrics.
 */
export class LangChainInferenceSpan extends ManualSpan {
  private readonly failure: { error?: unknown; failed: boolean };

  constructor(recording: InferenceRecording) {
    const failure: { error?: unknown; failed: boolean } = { failed: false };
    super(recording.span, {
      kind: 'llm',
      // Messages are recorded by the recorder (request at start, response at the end).
      captureInput: false,
      captureOutput: false,
      owner: {
        end: () => {
          if (failure.failed) recording.endWithError(failure.error);
          else recording.end();
        },
        endWithError: (error) => recording.endWithError(error),
      },
    });
    this.failure = failure;
  }

  override recordException(exception: Exception, _time?: TimeInput): void {
    this.failure.failed = true;
    this.failure.error = exception;
  }
}
