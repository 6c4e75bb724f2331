import type { Endpoint } from '../../src/genai/endpoint';
import type { InferenceRequest } from '../../src/genai/inference-types';
import type { ToolDefinition } from '../../src/genai/message-parts';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { requestHead } from '../../src/genai/request-head';
import {
  ATTR_GCP_GEN_AI_REQUEST_THINKING_BUDGET,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OUTPUT_TYPE_VALUE_IMAGE,
  GEN_AI_OUTPUT_TYPE_VALUE_JSON,
  GEN_AI_OUTPUT_TYPE_VALUE_SPEECH,
  GEN_AI_OUTPUT_TYPE_VALUE_TEXT,
} from '../../src/genai/semconv';
import { inputMessagesOf, systemInstructionParts } from './gemini-parts';
import { modelIdOf } from './model-id';

/** `generateContent`/`generateContentStream` parameters (`{ model, contents, config }`) → the span's start. */
export function generateContentRequest(
  params: PayloadRecord,
  endpoint: Endpoint,
  stream: boolean,
): InferenceRequest {
  const config = asRecord(params.config) ?? {};
  const thinking = asRecord(config.thinkingConfig);
  const thinkingBudget = asInteger(thinking?.thinkingBudget);
  const thinkingLevel = asString(thinking?.thinkingLevel);
  return {
    ...requestHead(GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT, params, endpoint),
    requestModel: modelIdOf(params.model),
    stream,
    temperature: asNumber(config.temperature),
    topP: asNumber(config.topP),
    topK: asInteger(config.topK),
    maxTokens: asInteger(config.maxOutputTokens),
    seed: asInteger(config.seed),
    stopSequences: asStringList(config.stopSequences),
    frequencyPenalty: asNumber(config.frequencyPenalty),
    presencePenalty: asNumber(config.presencePenalty),
    choiceCount: asInteger(config.candidateCount),
    outputType: outputTypeOf(config),
    reasoningLevel:
      thinkingLevel !== undefined && thinkingLevel !== 'THINKING_LEVEL_UNSPECIFIED'
        ? thinkingLevel.toLowerCase()
        : undefined,
    attributes:
      thinkingBudget !== undefined
        ? { [ATTR_GCP_GEN_AI_REQUEST_THINKING_BUDGET]: thinkingBudget }
        : undefined,
    content: () => ({
      inputMessages: inputMessagesOf(params.contents),
      systemInstructions: systemInstructionParts(config.systemInstruction),
      toolDefinitions: toolDefinitionsOf(config.tools),
    }),
  };
}

/** `responseMimeType` and `responseModalities` → `gen_ai.output.type`. */
function outputTypeOf(config: PayloadRecord): string | undefined {
  const mimeType = asString(config.responseMimeType);
  if (mimeType === 'application/json') return GEN_AI_OUTPUT_TYPE_VALUE_JSON;
  const modalities = asArray(config.responseModalities);
  if (modalities?.includes('AUDIO')) return GEN_AI_OUTPUT_TYPE_VALUE_SPEECH;
  if (modalities?.includes('IMAGE') && !modalities.includes('TEXT')) return GEN_AI_OUTPUT_TYPE_VALUE_IMAGE;
  if (mimeType?.startsWith('text/')) return GEN_AI_OUTPUT_TYPE_VALUE_TEXT;
  return undefined;
}

/**
 * `config.tools` → tool definitions: each function declaration (`parameters` or
 * `parametersJsonSchema`), and built-in tools (`googleSearch`, `codeExecution`, …) by their key.
 */
function toolDefinitionsOf(tools: unknown): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const entry of asArray(tools) ?? []) {
    const tool = asRecord(entry);
    if (tool === undefined) continue;
    const declarations = asArray(tool.functionDeclarations);
    if (declarations === undefined) {
      const kind = Object.keys(tool).find((key) => tool[key] !== undefined);
      if (kind !== undefined) definitions.push({ type: kind, name: kind });
      continue;
    }
    for (const declaration of declarations) {
      const fn = asRecord(declaration);
      if (fn === undefined) continue;
      const definition: ToolDefinition = { type: 'function', name: asString(fn.name) ?? '' };
      const description = asString(fn.description);
      if (description !== undefined) definition.description = description;
      const parameters = fn.parameters ?? fn.parametersJsonSchema;
      if (parameters !== undefined) definition.parameters = parameters;
      definitions.push(definition);
    }
  }
  return definitions;
}
