import type { InferenceRequest, InferenceResult } from '../../src/genai/inference-types';
import type { PayloadRecord } from '../../src/genai/payload-readers';
import type { StreamAccumulator } from '../../src/genai/stream-follower';
import type { Endpoint } from './provider';

/** How one patched SDK method maps onto the recorder: the thin, provider-specific part. */
export interface OperationSpec {
  /** Request parameters (the method's first argument) → what the span starts with. */
  request(params: PayloadRecord, endpoint: Endpoint): InferenceRequest;
  /** Whether this call returns a stream. */
  isStream(params: PayloadRecord): boolean;
  /** The parsed (non-streaming) response → what the span ends with. */
  result(body: unknown, params: PayloadRecord, captureContent: boolean): InferenceResult;
  /** A fresh accumulator for this call's stream, when the operation can stream. */
  streamAccumulator?(params: PayloadRecord, captureContent: boolean): StreamAccumulator<unknown>;
}
