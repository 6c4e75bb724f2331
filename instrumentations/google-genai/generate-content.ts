import type { OperationSpec } from '../../src/genai/operation-spec';
import { asInteger, asRecord } from '../../src/genai/payload-readers';
import { generateContentRequest } from './generate-content-request';
import { generateContentResult } from './generate-content-result';
import { GenerateContentStreamAccumulator } from './generate-content-stream-accumulator';

/**
 * `Models.generateContentInternal`: one HTTP call of `models.generateContent` (several when the SDK
 * runs automatic function calling or continuation), and so of `chats.sendMessage`.
 */
export const generateContentSpec: OperationSpec = {
  request: (params, endpoint) => generateContentRequest(params, endpoint, false),
  isStream: () => false,
  result: (body, _params, captureContent) => generateContentResult(body, captureContent),
};

/** `Models.generateContentStreamInternal`: one streamed call of `generateContentStream`/`sendMessageStream`. */
export const generateContentStreamSpec: OperationSpec = {
  request: (params, endpoint) => generateContentRequest(params, endpoint, true),
  isStream: () => true,
  result: (body, _params, captureContent) => generateContentResult(body, captureContent),
  streamAccumulator: (params, captureContent) =>
    new GenerateContentStreamAccumulator(
      captureContent,
      asInteger(asRecord(params.config)?.candidateCount) ?? 1,
    ),
};
