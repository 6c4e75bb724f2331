/**
 * The Anthropic Messages mapping, for instrumentations that carry the same JSON body through
 * another SDK: Bedrock's InvokeModel for Claude models (`anthropic_version: "bedrock-2023-05-31"`)
 * sends and returns a Messages body, and its response stream's chunks are Messages stream events.
 * One mapping keeps both instrumentations' spans alike (finish reasons, cache-inclusive input
 * tokens, content parts, the `anthropic.*` attributes).
 */
export { messagesRequest } from './messages-request';
export { messageResult } from './messages-result';
export { anthropicChunkText, MessagesStreamAccumulator } from './messages-stream-accumulator';
