import type { Attributes, AttributeValue, Exception, SpanStatus, TimeInput } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import type { InferenceRecording } from '../genai/inference-recording';
import type { InferenceResult } from '../genai/inference-types';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ERROR_TYPE_VALUE_OTHER,
} from '../genai/semconv';
import { usageFromAttributes } from '../genai/usage-attributes';
import type { TracedKind } from './span-options';
import { ManualSpan } from './traced-span';

/** Settings of an {@link InferenceSpan}: what it records itself (content the recorder did not). */
export interface InferenceSpanSettings {
  kind: TracedKind;
  captureInput: boolean;
  captureOutput: boolean;
}

/**
 * A manual span (`startSpan({ kind: 'llm' })`, a RunTracker or bridged model run, a callback
 * handler's model run) whose span is an {@link InferenceRecording}'s: what its owner sets on it
 * the way it would on any span — usage, response model, finish reasons, `error.type`, a failure —
 * reaches the recorder, so duration, token and cost metrics and the cost attributes come from the
 * one recorder, as for instrumented calls. Ending goes through the recorder; a failure reported
 * as `recordException` then `end` becomes one `endWithError`.
 */
export class InferenceSpan extends ManualSpan {
  private failure: { error: unknown } | undefined;
  private errorType: string | undefined;

  constructor(
    private readonly recording: InferenceRecording,
    settings: InferenceSpanSettings,
  ) {
    super(recording.span, {
      ...settings,
      owner: {
        end: (endTime) => {
          if (this.failure) recording.endWithError(this.failure.error, this.errorType, endTime);
          else recording.end(endTime);
        },
        endWithError: (error) => recording.endWithError(error),
      },
    });
  }

  /** Records what the model answered, in the recorder's terms. */
  recordResult(result: InferenceResult): this {
    this.recording.recordResult(result);
    return this;
  }

  override setAttribute(key: string, value: AttributeValue): this {
    return this.setAttributes({ [key]: value });
  }

  override setAttributes(attributes: Attributes): this {
    const result = resultFromAttributes(attributes);
    if (result.errorType !== undefined) this.errorType = result.errorType;
    this.recording.recordResult(result);
    return this;
  }

  override setStatus(status: SpanStatus): this {
    if (status.code === SpanStatusCode.ERROR) {
      this.errorType ??= ERROR_TYPE_VALUE_OTHER;
      this.recording.recordResult({ errorType: this.errorType, errorMessage: status.message });
    } else {
      super.setStatus(status);
    }
    return this;
  }

  override recordException(exception: Exception, _time?: TimeInput): void {
    this.failure = { error: exception };
  }
}

/** The facts among span attributes the recorder needs for metrics and cost; all are set on the span. */
function resultFromAttributes(attributes: Attributes): InferenceResult {
  const result: InferenceResult = { attributes };
  const usage = usageFromAttributes(attributes);
  if (usage !== undefined) result.usage = usage;
  const responseModel = attributes[ATTR_GEN_AI_RESPONSE_MODEL];
  if (typeof responseModel === 'string') result.responseModel = responseModel;
  const responseId = attributes[ATTR_GEN_AI_RESPONSE_ID];
  if (typeof responseId === 'string') result.responseId = responseId;
  const finishReasons = attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
  if (Array.isArray(finishReasons)) result.finishReasons = finishReasons.map(String);
  const dimensions = attributes[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT];
  if (typeof dimensions === 'number') result.embeddingDimensions = dimensions;
  const errorType = attributes[ATTR_ERROR_TYPE];
  if (typeof errorType === 'string') result.errorType = errorType;
  return result;
}
