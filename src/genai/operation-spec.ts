import type { Endpoint } from './endpoint';
import type { InferenceRequest, InferenceResult } from './inference-types';
import type { PayloadRecord } from './payload-readers';
import type { StreamAccumulator } from './stream-follower';

/**
 * How one patched SDK method maps onto the recorder: the thin, provider-specific part. A provider
 * declares its operations as data; the SDK-call follower does the rest.
 */
export interface OperationSpec {
  /** Request parameters (the method's first argument) → what the span starts with. */
  request(params: PayloadRecord, endpoint: Endpoint): InferenceRequest;
  /** Whether this call returns a stream. */
  isStream(params: PayloadRecord): boolean;
  /** The parsed (non-streaming) response → what the span ends with. */
  result(body: unknown, params: PayloadRecord, captureContent: boolean): InferenceResult;
  /**
   * Where the stream is in a streaming call's resolved value, for SDKs that resolve to a response
   * object holding it (the AWS SDK: ConverseStream `stream`, InvokeModelWithResponseStream `body`);
   * default the resolved value itself. Used by the plain-promise follower.
   */
  streamOf?(response: unknown): unknown;
  /** A fresh accumulator for this call's stream, when the operation can stream. */
  streamAccumulator?(params: PayloadRecord, captureContent: boolean): StreamAccumulator<unknown>;
  /**
   * Whether a framework's inference span that is already open (a LangChain chat model run) stands
   * for this call, so the call runs under it untraced. Default true; false for operations a chat
   * framework never makes on its model's behalf (embeddings).
   */
  joinsFrameworkInference?: boolean;
}
