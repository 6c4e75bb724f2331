import type { OperationSpec } from '../../src/genai/operation-spec';
import { asRecord } from '../../src/genai/payload-readers';
import { messagesRequest } from './messages-request';
import { messageResult } from './messages-result';
import { MessagesStreamAccumulator } from './messages-stream-accumulator';

/** `messages.create` and `beta.messages.create` (which `stream()`, `parse()` and tool runners call). */
export const messagesSpec: OperationSpec = {
  request: messagesRequest,
  isStream: (params) => params.stream === true,
  result: (body, _params, captureContent) => messageResult(asRecord(body) ?? {}, captureContent),
  streamAccumulator: (_params, captureContent) => new MessagesStreamAccumulator(captureContent),
};
