/**
 * Gemini REST wire format (generativelanguage.googleapis.com and Vertex AI's
 * `{location}-aiplatform.googleapis.com`) for the local test server. The HTTP side (queued replies
 * per route, JSON, server-sent events, hangs, dropped connections) is the one the OpenAI tests use
 * (openai-wire-server.ts); this file adds Gemini's routes and payloads, shaped like recorded
 * answers: `candidates`, `usageMetadata`, `modelVersion`, `responseId`, `alt=sse` frames with no
 * event names, and `{ "error": { code, message, status } }` failures.
 *
 * Point the real `@google/genai` client at it with `httpOptions.baseUrl` (see {@link geminiClientOptions}).
 */
import { randomBytes } from 'node:crypto';
import type { SseEvent, WireReply } from './openai-wire-server';

export {
  type OpenAIWireServer as WireServer,
  startOpenAIWireServer as startWireServer,
} from './openai-wire-server';

/** Headers Google front ends send with Gemini answers. */
export function geminiHeaders(): Record<string, string> {
  return {
    'content-type': 'application/json; charset=UTF-8',
    vary: 'Origin, X-Origin, Referer',
    server: 'scaffolding on HTTPServer2',
    'server-timing': 'gfet4t7; dur=412',
    'x-content-type-options': 'nosniff',
  };
}

/** `POST /{apiVersion}/models/{model}:{method}` (Gemini API; the SDK's 3.x default version is `v1`). */
export function geminiRoute(model: string, method: string, apiVersion = 'v1'): string {
  return `POST /${apiVersion}/models/${model}:${method}`;
}

/** `POST /{apiVersion}/projects/{p}/locations/{l}/publishers/google/models/{model}:{method}` (Vertex AI). */
export function vertexRoute(
  model: string,
  method: string,
  { project = 'genai-otel-tests', location = 'us-central1', apiVersion = 'v1beta1' } = {},
): string {
  return `POST /${apiVersion}/projects/${project}/locations/${location}/publishers/google/models/${model}:${method}`;
}

/**
 * `GoogleGenAI` options for the Gemini API (`vertexai: false`) or Vertex AI (`vertexai: true`, a
 * project and location, and an auth client that hands out a fixed token, so no Google credentials
 * or network are needed) against `baseUrl`.
 */
export function geminiClientOptions(
  baseUrl: string,
  { vertexai = false, apiVersion }: { vertexai?: boolean; apiVersion?: string } = {},
): Record<string, unknown> {
  const httpOptions: Record<string, unknown> = { baseUrl };
  if (apiVersion !== undefined) httpOptions.apiVersion = apiVersion;
  if (!vertexai) return { apiKey: GEMINI_TEST_API_KEY, httpOptions };
  return {
    vertexai: true,
    project: 'genai-otel-tests',
    location: 'us-central1',
    httpOptions,
    // google-auth-library's GoogleAuth uses a given `authClient` as is (no ADC lookup, no network).
    googleAuthOptions: {
      authClient: { getRequestHeaders: async () => new Headers(VERTEX_TEST_AUTH_HEADERS) },
    },
  };
}

/** The API key test clients send; it must never appear in telemetry. */
export const GEMINI_TEST_API_KEY = 'AIzaSy-genai-otel-test-key-0000000000';
const VERTEX_TEST_AUTH_HEADERS = { authorization: 'Bearer ya29.genai-otel-test-token' };

export interface GeminiUsageSpec {
  prompt?: number;
  candidates?: number;
  thoughts?: number;
  cached?: number;
  toolUsePrompt?: number;
}

/** `usageMetadata` as Gemini reports it (total = prompt + tool-use prompt + candidates + thoughts). */
export function geminiUsage(usage: GeminiUsageSpec = {}): Record<string, unknown> {
  const { prompt = 12, candidates = 9, thoughts, cached, toolUsePrompt } = usage;
  const metadata: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + (thoughts ?? 0) + (toolUsePrompt ?? 0),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
  };
  if (thoughts !== undefined) metadata.thoughtsTokenCount = thoughts;
  if (cached !== undefined) {
    metadata.cachedContentTokenCount = cached;
    metadata.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: cached }];
  }
  if (toolUsePrompt !== undefined) metadata.toolUsePromptTokenCount = toolUsePrompt;
  return metadata;
}

export interface GeminiCandidateSpec {
  /** Parts as the API returns them; a string is one text part. */
  parts?: unknown[] | string;
  finishReason?: string;
}

export interface GeminiResponseSpec {
  candidates?: GeminiCandidateSpec[];
  usage?: GeminiUsageSpec;
  modelVersion?: string;
  responseId?: string;
  promptFeedback?: unknown;
}

/** A `responseId` like the API's: 22 url-safe characters. */
export function geminiResponseId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** A `GenerateContentResponse` (`:generateContent`). */
export function geminiResponse(spec: GeminiResponseSpec = {}): Record<string, unknown> {
  const candidates = spec.candidates ?? [{ parts: 'Paris is the capital of France.', finishReason: 'STOP' }];
  const body: Record<string, unknown> = {
    candidates: candidates.map((candidate, index) => candidateJson(candidate, index)),
    usageMetadata: geminiUsage(spec.usage),
    modelVersion: spec.modelVersion ?? 'gemini-2.5-flash',
    responseId: spec.responseId ?? geminiResponseId(),
  };
  if (spec.promptFeedback !== undefined) {
    body.promptFeedback = spec.promptFeedback;
    if (spec.candidates === undefined) delete body.candidates;
  }
  return body;
}

function candidateJson(candidate: GeminiCandidateSpec, index: number): Record<string, unknown> {
  const parts = typeof candidate.parts === 'string' ? [{ text: candidate.parts }] : (candidate.parts ?? []);
  const json: Record<string, unknown> = { content: { parts, role: 'model' } };
  if (candidate.finishReason !== undefined) json.finishReason = candidate.finishReason;
  // proto3 JSON omits the default index 0, as the API does.
  if (index > 0) json.index = index;
  return json;
}

export interface GeminiStreamSpec {
  /** Text pieces of the one candidate, one chunk each. */
  texts?: string[];
  /** Extra parts sent in their own chunks before the text (thoughts, function calls). */
  leadingParts?: unknown[];
  finishReason?: string;
  usage?: GeminiUsageSpec;
  modelVersion?: string;
  responseId?: string;
}

/**
 * `:streamGenerateContent?alt=sse` frames: each a whole `GenerateContentResponse` holding the next
 * parts, with running `usageMetadata`; the last one carries the finish reason and the final usage.
 */
export function geminiStreamEvents(spec: GeminiStreamSpec = {}): SseEvent[] {
  const texts = spec.texts ?? ['Paris', ' is the capital', ' of France.'];
  const responseId = spec.responseId ?? geminiResponseId();
  const modelVersion = spec.modelVersion ?? 'gemini-2.5-flash';
  const finalUsage = spec.usage ?? {};
  const pieces: unknown[][] = [
    ...(spec.leadingParts ?? []).map((part) => [part]),
    ...texts.map((text) => [{ text }]),
  ];
  return pieces.map((parts, index) => {
    const last = index === pieces.length - 1;
    const candidate: Record<string, unknown> = { content: { parts, role: 'model' } };
    if (last) candidate.finishReason = spec.finishReason ?? 'STOP';
    const usage = last ? finalUsage : { prompt: finalUsage.prompt, candidates: index + 1 };
    return { data: { candidates: [candidate], usageMetadata: geminiUsage(usage), modelVersion, responseId } };
  });
}

/** An SSE reply with Gemini's headers. */
export function geminiSse(
  events: SseEvent[],
  options: Omit<Extract<WireReply, { kind: 'sse' }>, 'kind' | 'events'> = {},
): WireReply {
  return {
    kind: 'sse',
    events,
    ...options,
    headers: { ...geminiHeaders(), 'content-type': 'text/event-stream', ...options.headers },
  };
}

/** A JSON reply with Gemini's headers. */
export function geminiJson(body: unknown, status = 200): WireReply {
  return { kind: 'json', status, body, headers: geminiHeaders() };
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** An error answer as Google APIs send it: `{ error: { code, message, status } }`. */
export function geminiError(status: number, message = 'The request failed.'): WireReply {
  return geminiJson({ error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } }, status);
}

/** `:batchEmbedContents` (Gemini API): one `values` vector per input. */
export function geminiEmbeddings(count: number, dimensions: number): Record<string, unknown> {
  return { embeddings: Array.from({ length: count }, (_, index) => ({ values: vector(dimensions, index) })) };
}

/** `:predict` (Vertex AI text embeddings): per-input vectors with token statistics. */
export function vertexPredictEmbeddings(tokenCounts: number[], dimensions: number): Record<string, unknown> {
  return {
    predictions: tokenCounts.map((tokenCount, index) => ({
      embeddings: {
        values: vector(dimensions, index),
        statistics: { token_count: tokenCount, truncated: false },
      },
    })),
    metadata: { billableCharacterCount: tokenCounts.reduce((sum, count) => sum + count * 4, 0) },
  };
}

function vector(dimensions: number, seed: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => Math.sin(seed + index) / 10);
}
