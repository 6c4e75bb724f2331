/**
 * What the app saw from a call, in a form two runs can be compared by: the value (or the stream's
 * chunks) as JSON, or the error's class, message and status. Per-request noise the server adds
 * (request ids, dates) is dropped: it differs between any two calls, with or without genai-otel.
 */
export type AppOutcome = { value: unknown } | { error: { name: string; message: string; status?: unknown } };

const PER_REQUEST_KEYS = new Set([
  'date',
  'requestId',
  'requestID',
  'request_id',
  'request-id',
  'x-request-id',
  'x-amzn-requestid',
]);

export async function outcomeOf(call: () => Promise<unknown>): Promise<AppOutcome> {
  try {
    return { value: comparable(await call()) };
  } catch (error) {
    const { message, status } = error as Error & { status?: unknown };
    return { error: { name: (error as Error)?.constructor?.name ?? typeof error, message, status } };
  }
}

function comparable(value: unknown): unknown {
  const text = JSON.stringify(value, (key, inner) => {
    if (PER_REQUEST_KEYS.has(key)) return undefined;
    if (typeof inner === 'bigint') return `${inner}n`;
    if (inner instanceof Uint8Array) return Buffer.from(inner).toString('base64');
    return inner;
  });
  return text === undefined ? undefined : JSON.parse(text);
}
