import {
  asInteger,
  asNumber,
  asRecord,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_CHAT } from '../../src/genai/semconv';
import { converseInputMessages, converseSystemParts, converseToolDefinitions } from './converse-parts';
import { converseResult } from './converse-result';
import { ConverseStreamAccumulator } from './converse-stream-accumulator';
import type { ModelBodyMapping } from './model-body-mapping';

/**
 * Amazon Nova's InvokeModel body: Converse's shapes (`messages`, `system`, `toolConfig`; a response
 * with `output.message`, `stopReason`, `usage`; stream chunks that are Converse stream events), with
 * its own `inferenceConfig` names (`max_new_tokens`, `top_p`, `top_k`).
 */
export const novaBody: ModelBodyMapping = {
  request: (body) => {
    const config = asRecord(body.inferenceConfig) ?? {};
    return {
      operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
      maxTokens: asInteger(config.max_new_tokens),
      temperature: asNumber(config.temperature),
      topP: asNumber(config.top_p),
      topK: asInteger(config.top_k),
      stopSequences: asStringList(config.stopSequences),
      content: () => ({
        inputMessages: converseInputMessages(body.messages),
        systemInstructions: converseSystemParts(body.system),
        toolDefinitions: converseToolDefinitions(body.toolConfig),
      }),
    };
  },
  result: (body, captureContent) => converseResult(withConverseUsage(body), captureContent),
  streamAccumulator: (captureContent) => {
    const converse = new ConverseStreamAccumulator(captureContent);
    return {
      add: (chunk) => converse.add(withConverseUsage(chunk)),
      result: (ending) => converse.result(ending),
    };
  },
};

/** Nova's usage names its cache counts `cache…InputTokenCount`; Converse's end in `Tokens`. */
function withConverseUsage(body: PayloadRecord): PayloadRecord {
  const holder = asRecord(body.metadata) ?? body;
  const usage = asRecord(holder.usage);
  if (usage === undefined || usage.cacheReadInputTokenCount === undefined) return body;
  const converseUsage = {
    ...usage,
    cacheReadInputTokens: usage.cacheReadInputTokenCount,
    cacheWriteInputTokens: usage.cacheWriteInputTokenCount,
  };
  return holder === body
    ? { ...body, usage: converseUsage }
    : { ...body, metadata: { ...holder, usage: converseUsage } };
}
