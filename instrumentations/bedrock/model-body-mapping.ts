import type { InferenceRequest, InferenceResult } from '../../src/genai/inference-types';
import type { PayloadRecord } from '../../src/genai/payload-readers';
import type { StreamAccumulator } from '../../src/genai/stream-follower';

/** What a model family's InvokeModel request body says, beyond the model id. */
export type BodyRequest = Omit<
  InferenceRequest,
  'providerName' | 'requestModel' | 'serverAddress' | 'serverPort'
>;

/** How one model family's InvokeModel bodies map: request body, response body, stream chunks. */
export interface ModelBodyMapping {
  request(body: PayloadRecord): BodyRequest;
  result(body: PayloadRecord, captureContent: boolean): InferenceResult;
  /** An accumulator of the stream's chunks, each the decoded JSON of one `chunk.bytes`. */
  streamAccumulator(captureContent: boolean): StreamAccumulator<PayloadRecord>;
}
