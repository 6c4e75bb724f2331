import type { InferenceResult } from '../../src/genai/inference-types';
import { asRecord, asString } from '../../src/genai/payload-readers';
import { converseParts } from './converse-parts';
import { converseUsageOf } from './converse-usage';
import { finishReasonOf } from './stop-reason';

/**
 * A Converse response (`{ output: { message }, stopReason, usage, metrics }`) → what the span ends
 * with. Converse has no response id (`$metadata.requestId` is the HTTP request's, not the model's).
 */
export function converseResult(body: unknown, captureContent: boolean): InferenceResult {
  const response = asRecord(body);
  if (response === undefined) return {};
  const finishReason = finishReasonOf(asString(response.stopReason));
  const message = asRecord(asRecord(response.output)?.message);
  return {
    finishReasons: [finishReason],
    usage: converseUsageOf(response.usage),
    outputMessages: captureContent
      ? () => [
          {
            role: asString(message?.role) ?? 'assistant',
            parts: converseParts(message?.content),
            finish_reason: finishReason,
          },
        ]
      : undefined,
  };
}
