import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest } from '../../src/genai/inference-types';
import {
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { ATTR_AWS_BEDROCK_GUARDRAIL_ID, GEN_AI_OPERATION_NAME_VALUE_CHAT } from '../../src/genai/semconv';
import { converseInputMessages, converseSystemParts, converseToolDefinitions } from './converse-parts';

/** Converse/ConverseStream input (`{ modelId, messages, system, inferenceConfig, … }`) → the span's start. */
export function converseRequest(input: PayloadRecord, endpoint: Endpoint, stream: boolean): InferenceRequest {
  const config = asRecord(input.inferenceConfig) ?? {};
  const guardrailId = asString(asRecord(input.guardrailConfig)?.guardrailIdentifier);
  return {
    operationName: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    providerName: endpoint.providerName,
    serverAddress: endpoint.serverAddress,
    serverPort: endpoint.serverPort,
    // A plain id, an inference profile (`us.anthropic.…`) or an ARN: recorded as given.
    requestModel: asString(input.modelId),
    stream,
    maxTokens: asInteger(config.maxTokens),
    temperature: asNumber(config.temperature),
    topP: asNumber(config.topP),
    // Model-specific fields pass through `additionalModelRequestFields` (Claude's and Nova's `top_k`).
    topK: asInteger(asRecord(input.additionalModelRequestFields)?.top_k),
    stopSequences: asStringList(config.stopSequences),
    attributes: guardrailId !== undefined ? { [ATTR_AWS_BEDROCK_GUARDRAIL_ID]: guardrailId } : undefined,
    content: () => ({
      inputMessages: converseInputMessages(input.messages),
      systemInstructions: converseSystemParts(input.system),
      toolDefinitions: converseToolDefinitions(input.toolConfig),
    }),
  };
}
