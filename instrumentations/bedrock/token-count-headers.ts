import { diag } from '@opentelemetry/api';
import type { TokenUsage } from '../../src/genai/inference-types';
import { asRecord } from '../../src/genai/payload-readers';

/** Where the counts ride on a command's output: a symbol property, invisible to the caller's code. */
const TOKEN_COUNTS = Symbol('genai-otel.bedrock.token-count-headers');
const MIDDLEWARE_NAME = 'genaiOtelBedrockTokenCountHeaders';
const clientsWithMiddleware = new WeakSet<object>();

type Handler = (args: unknown) => Promise<unknown>;

interface MiddlewareStackLike {
  add(
    middleware: (next: Handler) => Handler,
    options: { step: string; priority: string; name: string; override: boolean },
  ): void;
}

/**
 * Bedrock answers InvokeModel with its own token counts in `x-amzn-bedrock-input-token-count` /
 * `-output-token-count` headers, which the SDK's output does not carry. A deserialize-step
 * middleware on the client's stack (the SDK's extension point), placed around the deserializer,
 * copies them onto the output under a symbol; {@link tokenCountHeadersOf} reads them back.
 * Added once per client, before its first traced call. Never throws into the call.
 */
export function readTokenCountHeaders(client: unknown): void {
  if (typeof client !== 'object' || client === null || clientsWithMiddleware.has(client)) return;
  clientsWithMiddleware.add(client);
  const stack = (client as { middlewareStack?: MiddlewareStackLike }).middlewareStack;
  if (typeof stack?.add !== 'function') return;
  try {
    stack.add(
      (next) => async (args) => {
        const result = await next(args);
        copyTokenCounts(result);
        return result;
      },
      { step: 'deserialize', priority: 'high', name: MIDDLEWARE_NAME, override: true },
    );
  } catch (error) {
    // A stack that refuses it: the calls go on, their spans without the header counts.
    diag.debug('genai-otel: could not add the Bedrock token-count middleware', error);
  }
}

/** The counts Bedrock's headers gave for a command's output, if any. */
export function tokenCountHeadersOf(output: unknown): TokenUsage | undefined {
  return asRecord(output)?.[TOKEN_COUNTS as unknown as string] as TokenUsage | undefined;
}

function copyTokenCounts(result: unknown): void {
  try {
    const { response, output } = (result ?? {}) as { response?: { headers?: unknown }; output?: unknown };
    const headers = asRecord(response?.headers);
    if (headers === undefined || typeof output !== 'object' || output === null) return;
    const inputTokens = countOf(headers['x-amzn-bedrock-input-token-count']);
    const outputTokens = countOf(headers['x-amzn-bedrock-output-token-count']);
    if (inputTokens === undefined && outputTokens === undefined) return;
    Object.defineProperty(output, TOKEN_COUNTS, { value: { inputTokens, outputTokens }, enumerable: false });
  } catch {
    // A frozen or odd output: the span goes without the header counts.
  }
}

function countOf(header: unknown): number | undefined {
  if (typeof header !== 'string' || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}
