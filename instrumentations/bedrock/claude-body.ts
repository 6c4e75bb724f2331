import { MessagesStreamAccumulator, messageResult, messagesRequest } from '../anthropic/messages-mapping';
import type { ModelBodyMapping } from './model-body-mapping';

/**
 * Anthropic Claude's InvokeModel body is the Messages API's (with `anthropic_version` in place of
 * `model` and `stream`), so it is mapped by the Anthropic instrumentation's own mapping. The
 * model, provider and server come from the Bedrock call, not from the body: those fields of the
 * Messages request are dropped here and set by invoke-model.ts.
 */
export const claudeBody: ModelBodyMapping = {
  request: (body) => {
    const {
      providerName: _providerName,
      requestModel: _requestModel,
      serverAddress: _serverAddress,
      serverPort: _serverPort,
      stream: _stream,
      ...fromBody
    } = messagesRequest(body, { providerName: '' });
    return fromBody;
  },
  result: (body, captureContent) => messageResult(body, captureContent),
  streamAccumulator: (captureContent) => new MessagesStreamAccumulator(captureContent),
};
