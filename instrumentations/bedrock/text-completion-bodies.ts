import { FINISH_REASON_ERROR } from '../../src/genai/finish-reason';
import type { InferenceResult, TokenUsage } from '../../src/genai/inference-types';
import {
  asArray,
  asInteger,
  asNumber,
  asRecord,
  asString,
  asStringList,
  type PayloadRecord,
} from '../../src/genai/payload-readers';
import { GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION } from '../../src/genai/semconv';
import type { StreamAccumulator } from '../../src/genai/stream-follower';
import type { BodyRequest, ModelBodyMapping } from './model-body-mapping';

/** What one response body or stream chunk of a prompt-in, text-out model says. */
interface CompletionPiece {
  text?: string;
  inputTokens?: number;
  outputTokens?: number;
  finishReason?: string;
}

/**
 * A text-completion family: its request fields and how one body (or chunk) reads. Stream chunks
 * carry the same fields as the body, with text pieces and the counts on the last chunk.
 */
function textCompletionBody(
  request: (body: PayloadRecord) => Omit<BodyRequest, 'operationName' | 'content'> & { prompt?: string },
  pieceOf: (body: PayloadRecord) => CompletionPiece,
): ModelBodyMapping {
  const resultOf = (pieces: CompletionPiece[], captureContent: boolean): InferenceResult => {
    const last = pieces.findLast((piece) => piece.finishReason !== undefined);
    const finishReason = last?.finishReason ?? FINISH_REASON_ERROR;
    const usage: TokenUsage = {
      inputTokens: pieces.find((piece) => piece.inputTokens !== undefined)?.inputTokens,
      outputTokens: pieces.findLast((piece) => piece.outputTokens !== undefined)?.outputTokens,
    };
    return {
      finishReasons: [finishReason],
      usage,
      outputMessages: captureContent
        ? () => [
            {
              role: 'assistant',
              parts: [{ type: 'text', content: pieces.map((piece) => piece.text ?? '').join('') }],
              finish_reason: finishReason,
            },
          ]
        : undefined,
    };
  };
  return {
    request: (body) => {
      const { prompt, ...config } = request(body);
      return {
        operationName: GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
        ...config,
        content: () => ({
          inputMessages:
            prompt === undefined ? [] : [{ role: 'user', parts: [{ type: 'text', content: prompt }] }],
        }),
      };
    },
    result: (body, captureContent) => resultOf([pieceOf(body)], captureContent),
    streamAccumulator: (captureContent): StreamAccumulator<PayloadRecord> => {
      const pieces: CompletionPiece[] = [];
      return {
        add: (chunk) => {
          const piece = pieceOf(chunk);
          pieces.push(captureContent ? piece : { ...piece, text: undefined });
        },
        result: () => resultOf(pieces, captureContent),
      };
    },
  };
}

const TITAN_FINISH_REASONS: Readonly<Record<string, string>> = {
  FINISH: 'stop',
  STOP_CRITERIA_MET: 'stop',
  LENGTH: 'length',
  CONTENT_FILTERED: 'content_filter',
};

/** Amazon Titan Text: `inputText`, `textGenerationConfig`; `results[0]` (stream: one result per chunk). */
export const titanTextBody = textCompletionBody(
  (body) => {
    const config = asRecord(body.textGenerationConfig) ?? {};
    return {
      prompt: asString(body.inputText),
      maxTokens: asInteger(config.maxTokenCount),
      temperature: asNumber(config.temperature),
      topP: asNumber(config.topP),
      stopSequences: asStringList(config.stopSequences),
    };
  },
  (body) => {
    const result = asRecord(asArray(body.results)?.[0]) ?? body;
    const reason = asString(result.completionReason);
    return {
      text: asString(result.outputText),
      inputTokens: asInteger(body.inputTextTokenCount),
      outputTokens: asInteger(result.tokenCount) ?? asInteger(result.totalOutputTextTokenCount),
      finishReason: reason === undefined ? undefined : (TITAN_FINISH_REASONS[reason] ?? reason.toLowerCase()),
    };
  },
);

/** Meta Llama: `prompt`, `max_gen_len`; `generation`, token counts, `stop_reason` (`stop`, `length`). */
export const llamaBody = textCompletionBody(
  (body) => ({
    prompt: asString(body.prompt),
    maxTokens: asInteger(body.max_gen_len),
    temperature: asNumber(body.temperature),
    topP: asNumber(body.top_p),
  }),
  (body) => ({
    text: asString(body.generation),
    inputTokens: asInteger(body.prompt_token_count),
    outputTokens: asInteger(body.generation_token_count),
    finishReason: asString(body.stop_reason) ?? undefined,
  }),
);

/**
 * Mistral AI text completion (Mistral 7B, Mixtral, Mistral Large/Small 2402): `prompt`,
 * `max_tokens`, `stop`; `outputs[0]` with `text` and `stop_reason` (`stop`, `length`). No counts.
 */
export const mistralTextBody = textCompletionBody(
  (body) => ({
    prompt: asString(body.prompt),
    maxTokens: asInteger(body.max_tokens),
    temperature: asNumber(body.temperature),
    topP: asNumber(body.top_p),
    topK: asInteger(body.top_k),
    stopSequences: asStringList(body.stop),
  }),
  (body) => {
    const output = asRecord(asArray(body.outputs)?.[0]) ?? {};
    return { text: asString(output.text), finishReason: asString(output.stop_reason) ?? undefined };
  },
);

/** Cohere's `finish_reason` values (Command and Command R) → the conventions' words. */
export function cohereFinishReasonOf(reason: string | undefined): string | undefined {
  switch (reason) {
    case undefined:
      return undefined;
    case 'COMPLETE':
    case 'STOP_SEQUENCE':
      return 'stop';
    case 'MAX_TOKENS':
    case 'ERROR_LIMIT':
      return 'length';
    case 'ERROR_TOXIC':
      return 'content_filter';
    default:
      return reason.toLowerCase();
  }
}

/**
 * Cohere Command (`cohere.command-text-v14`, `command-light`): `prompt`, `max_tokens`, `p`, `k`,
 * `stop_sequences`; `generations[0]` with `text` and `finish_reason`. Stream chunks carry `text`
 * and, on the last, `finish_reason`. No counts.
 */
export const cohereCommandBody = textCompletionBody(
  (body) => ({
    prompt: asString(body.prompt),
    maxTokens: asInteger(body.max_tokens),
    temperature: asNumber(body.temperature),
    topP: asNumber(body.p),
    topK: asInteger(body.k),
    stopSequences: asStringList(body.stop_sequences),
  }),
  (body) => {
    const generation = asRecord(asArray(body.generations)?.[0]) ?? body;
    return {
      text: asString(generation.text),
      finishReason: cohereFinishReasonOf(asString(generation.finish_reason)),
    };
  },
);
