import type { OperationSpec } from '../../src/genai/operation-spec';
import { asRecord } from '../../src/genai/payload-readers';
import { converseRequest } from './converse-request';
import { converseResult } from './converse-result';
import { ConverseStreamAccumulator } from './converse-stream-accumulator';

/** `ConverseCommand`: one model call, the whole response at once. */
export const converseSpec: OperationSpec = {
  request: (input, endpoint) => converseRequest(input, endpoint, false),
  isStream: () => false,
  result: (body, _input, captureContent) => converseResult(body, captureContent),
};

/**
 * `ConverseStreamCommand`: the response's `stream` is the SDK's event stream, followed in place;
 * the caller keeps the response object and the stream as the SDK made them.
 */
export const converseStreamSpec: OperationSpec = {
  request: (input, endpoint) => converseRequest(input, endpoint, true),
  isStream: () => true,
  result: (body, _input, captureContent) => converseResult(body, captureContent),
  streamOf: (response) => asRecord(response)?.stream,
  streamAccumulator: (_input, captureContent) => new ConverseStreamAccumulator(captureContent),
};
