import { asRecord, type PayloadRecord } from '../../src/genai/payload-readers';

const decoder = new TextDecoder();

/**
 * An InvokeModel body (the request's `body`: a string or bytes; the response's `body`: bytes, the
 * SDK's `Uint8ArrayBlobAdapter`; a stream chunk's `bytes`) parsed as JSON, or undefined.
 */
export function jsonBodyOf(body: unknown): PayloadRecord | undefined {
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = decoder.decode(body);
  if (text === undefined) return asRecord(body);
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}
