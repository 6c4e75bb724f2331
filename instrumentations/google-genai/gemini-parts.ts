import { blobPart, modalityOfMimeType } from '../../src/genai/media-parts';
import type { ChatMessage, MessagePart } from '../../src/genai/message-parts';
import { asArray, asRecord, asString, type PayloadRecord } from '../../src/genai/payload-readers';

/**
 * Gemini `Part`s → the conventions' message parts: `text` (`thought: true` → `reasoning`),
 * `functionCall` → `tool_call`, `functionResponse` → `tool_call_response`, `inlineData` → `blob`
 * (large base64 elided), `fileData` → `uri`, code execution parts kept with their type. Unknown
 * parts keep only their type, so nothing unexpected is dumped.
 */
export function messagePartsOf(parts: unknown): MessagePart[] {
  const converted: MessagePart[] = [];
  for (const entry of asArray(parts) ?? []) {
    const part = typeof entry === 'string' ? { text: entry } : asRecord(entry);
    if (part !== undefined) converted.push(messagePartOf(part));
  }
  return converted;
}

function messagePartOf(part: PayloadRecord): MessagePart {
  const text = asString(part.text);
  if (text !== undefined) return { type: part.thought === true ? 'reasoning' : 'text', content: text };
  const functionCall = asRecord(part.functionCall);
  if (functionCall !== undefined) {
    return {
      type: 'tool_call',
      id: asString(functionCall.id),
      name: asString(functionCall.name) ?? '',
      arguments: functionCall.args,
    };
  }
  const functionResponse = asRecord(part.functionResponse);
  if (functionResponse !== undefined) {
    return {
      type: 'tool_call_response',
      id: asString(functionResponse.id),
      response: functionResponse.response,
    };
  }
  const inlineData = asRecord(part.inlineData);
  if (inlineData !== undefined) {
    const mimeType = asString(inlineData.mimeType);
    return blobPart(modalityOfMimeType(mimeType), asString(inlineData.data) ?? '', mimeType);
  }
  const fileData = asRecord(part.fileData);
  if (fileData !== undefined) {
    const mimeType = asString(fileData.mimeType);
    const uriPart: MessagePart = {
      type: 'uri',
      modality: modalityOfMimeType(mimeType),
      uri: asString(fileData.fileUri) ?? '',
    };
    if (mimeType !== undefined) uriPart.mime_type = mimeType;
    return uriPart;
  }
  const code = asRecord(part.executableCode);
  if (code !== undefined) return { type: 'executable_code', language: code.language, code: code.code };
  const codeResult = asRecord(part.codeExecutionResult);
  if (codeResult !== undefined) {
    return { type: 'code_execution_result', outcome: codeResult.outcome, output: codeResult.output };
  }
  return { type: Object.keys(part)[0] ?? 'unknown' };
}

/**
 * `contents` in every shape the SDK accepts (a string, a `Part`, an array of strings and parts —
 * one user turn — or `Content`/`Content[]`) → input messages. Gemini's `model` role is the
 * conventions' `assistant`; a turn holding only function responses is a `tool` message.
 */
export function inputMessagesOf(contents: unknown): ChatMessage[] {
  if (contents === undefined || contents === null) return [];
  const list = Array.isArray(contents) ? contents : [contents];
  if (!list.every(isContent)) return [{ role: 'user', parts: messagePartsOf(list) }];
  return list.map((content) => {
    const parts = messagePartsOf(content.parts);
    return { role: roleOf(asString(content.role), parts), parts };
  });
}

/** `systemInstruction` (a string, a part, parts or a `Content`) → its parts. */
export function systemInstructionParts(instruction: unknown): MessagePart[] {
  if (instruction === undefined || instruction === null) return [];
  if (isContent(instruction)) return messagePartsOf(instruction.parts);
  return messagePartsOf(Array.isArray(instruction) ? instruction : [instruction]);
}

function isContent(value: unknown): value is { role?: unknown; parts?: unknown } {
  const record = asRecord(value);
  return record !== undefined && (Array.isArray(record.parts) || typeof record.role === 'string');
}

function roleOf(role: string | undefined, parts: MessagePart[]): string {
  if (role === 'model') return 'assistant';
  if (parts.length > 0 && parts.every((part) => part.type === 'tool_call_response')) return 'tool';
  return role ?? 'user';
}
