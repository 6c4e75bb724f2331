import { type Attributes, type Span, SpanStatusCode } from '@opentelemetry/api';
import { safeJsonStringify } from '../../src/content/safe-json';
import { errorTypeOf } from '../../src/genai/error-type';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GENAI_OTEL_MCP_PROMPT_ARGUMENTS,
  ATTR_GENAI_OTEL_MCP_PROMPT_MESSAGES,
  ATTR_GENAI_OTEL_MCP_RESOURCE_CONTENTS,
  ATTR_JSONRPC_PROTOCOL_VERSION,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_RESOURCE_URI,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  ERROR_TYPE_VALUE_TOOL_ERROR,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  MCP_METHOD_NAME_VALUE_INITIALIZE,
  MCP_METHOD_NAME_VALUE_PROMPTS_GET,
  MCP_METHOD_NAME_VALUE_TOOLS_CALL,
} from '../../src/genai/semconv';
import type { JsonRpcMessageLike } from './internal-types';

/** Methods whose `params.uri` is the resource the operation concerns (MCP conventions). */
const RESOURCE_URI_METHODS = new Set([
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'notifications/resources/updated',
]);

/** Attributes kept off the duration metrics: ids, URIs and peer ports are high-cardinality. */
const NOT_METRIC_ATTRIBUTES = new Set([
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_RESOURCE_URI,
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
]);

/** One MCP request as both sides describe it: span name, method and the attributes known at the start. */
export interface McpOperation {
  method: string;
  /** `{mcp.method.name} {target}`, target = tool or prompt name; never the resource URI. */
  spanName: string;
  toolName: string | undefined;
  attributes: Attributes;
}

/** Describes a JSON-RPC request (or notification) by its method and params; never throws on odd input. */
export function describeMcpMessage(message: JsonRpcMessageLike | undefined): McpOperation | undefined {
  const method = message?.method;
  if (typeof method !== 'string' || method === '') return undefined;
  const params = message?.params;
  const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: method };
  let target: string | undefined;
  let toolName: string | undefined;
  const name = typeof params?.name === 'string' ? params.name : undefined;
  if (method === MCP_METHOD_NAME_VALUE_TOOLS_CALL) {
    toolName = name;
    target = name;
    attributes[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL;
    if (name !== undefined) attributes[ATTR_GEN_AI_TOOL_NAME] = name;
  } else if (method === MCP_METHOD_NAME_VALUE_PROMPTS_GET && name !== undefined) {
    target = name;
    attributes[ATTR_GEN_AI_PROMPT_NAME] = name;
  }
  if (RESOURCE_URI_METHODS.has(method) && typeof params?.uri === 'string') {
    attributes[ATTR_MCP_RESOURCE_URI] = params.uri;
  }
  if (method === MCP_METHOD_NAME_VALUE_INITIALIZE && typeof params?.protocolVersion === 'string') {
    attributes[ATTR_MCP_PROTOCOL_VERSION] = params.protocolVersion;
  }
  if (typeof message?.jsonrpc === 'string' && message.jsonrpc !== '2.0') {
    attributes[ATTR_JSONRPC_PROTOCOL_VERSION] = message.jsonrpc;
  }
  return { method, spanName: target === undefined ? method : `${method} ${target}`, toolName, attributes };
}

/** `jsonrpc.request.id` as the conventions want it: the id as a string, nothing for null/absent. */
export function requestIdAttribute(id: unknown): Attributes {
  return typeof id === 'string' || typeof id === 'number' ? { [ATTR_JSONRPC_REQUEST_ID]: String(id) } : {};
}

/** The request content recorded when capture is on: tool arguments, prompt arguments. */
export function recordRequestContent(span: Span, operation: McpOperation, message: JsonRpcMessageLike): void {
  const args = message.params?.arguments;
  if (args === undefined) return;
  if (operation.method === MCP_METHOD_NAME_VALUE_TOOLS_CALL)
    span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, safeJsonStringify(args));
  else if (operation.method === MCP_METHOD_NAME_VALUE_PROMPTS_GET)
    span.setAttribute(ATTR_GENAI_OTEL_MCP_PROMPT_ARGUMENTS, safeJsonStringify(args));
}

/** The result content recorded when capture is on: tool result, prompt messages, resource contents. */
export function recordResultContent(span: Span, operation: McpOperation, result: unknown): void {
  if (result === null || typeof result !== 'object') return;
  const fields = result as {
    content?: unknown;
    structuredContent?: unknown;
    messages?: unknown;
    contents?: unknown;
  };
  if (operation.method === MCP_METHOD_NAME_VALUE_TOOLS_CALL) {
    const output = fields.structuredContent ?? fields.content;
    if (output !== undefined) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, safeJsonStringify(output));
  } else if (operation.method === MCP_METHOD_NAME_VALUE_PROMPTS_GET && fields.messages !== undefined) {
    span.setAttribute(ATTR_GENAI_OTEL_MCP_PROMPT_MESSAGES, safeJsonStringify(fields.messages));
  } else if (operation.method === 'resources/read' && fields.contents !== undefined) {
    span.setAttribute(ATTR_GENAI_OTEL_MCP_RESOURCE_CONTENTS, safeJsonStringify(fields.contents));
  }
}

/**
 * Outcome attributes of a successful JSON-RPC response: a `tools/call` result with `isError: true`
 * is a failed tool call (`error.type = tool_error`, status ERROR).
 */
export function resultOutcome(operation: McpOperation, result: unknown): Outcome {
  if (
    operation.method === MCP_METHOD_NAME_VALUE_TOOLS_CALL &&
    result !== null &&
    typeof result === 'object' &&
    (result as { isError?: unknown }).isError === true
  ) {
    // No status description: the tool's error text is content, recorded only with the result.
    return { attributes: { [ATTR_ERROR_TYPE]: ERROR_TYPE_VALUE_TOOL_ERROR } };
  }
  return { attributes: {} };
}

/** The outcome of a JSON-RPC error response (`{code, message}`) or a thrown error. */
export function errorOutcome(error: unknown, cancelled = false): Outcome {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  const message = messageOf(error);
  if (cancelled) return { attributes: { [ATTR_ERROR_TYPE]: 'cancelled' }, errorMessage: message };
  if (typeof code === 'number' && Number.isInteger(code)) {
    // The JSON-RPC error code (from the peer, or the SDK's own -32000/-32001 for a closed connection or a timeout).
    const text = String(code);
    return {
      attributes: { [ATTR_ERROR_TYPE]: text, [ATTR_RPC_RESPONSE_STATUS_CODE]: text },
      errorMessage: message,
    };
  }
  // 2.x SdkError: local failures carry string codes such as REQUEST_TIMEOUT or CONNECTION_CLOSED.
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code))
    return { attributes: { [ATTR_ERROR_TYPE]: code.toLowerCase() }, errorMessage: message };
  return { attributes: { [ATTR_ERROR_TYPE]: errorTypeOf(error) }, errorMessage: message };
}

export interface Outcome {
  attributes: Attributes;
  /** Set when the operation failed: the span's status description. */
  errorMessage?: string;
}

/** Applies an outcome to the span: attributes, and status ERROR when it failed. */
export function applyOutcome(span: Span, outcome: Outcome): void {
  span.setAttributes(outcome.attributes);
  if (outcome.attributes[ATTR_ERROR_TYPE] !== undefined)
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorMessage });
}

/** The span attributes a duration metric keeps (no request id, no resource URI, no session id). */
export function metricAttributes(
  attributes: Attributes,
  exclude: ReadonlySet<string> = new Set(),
): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!NOT_METRIC_ATTRIBUTES.has(key) && !exclude.has(key) && value !== undefined) kept[key] = value;
  }
  return kept;
}

function messageOf(error: unknown): string | undefined {
  try {
    const message = (error as { message?: unknown } | null | undefined)?.message;
    // 1.x McpError prefixes the peer's JSONRPCError.message, which the conventions want as is.
    return typeof message === 'string' ? message.replace(/^MCP error -?\d+: /, '') : undefined;
  } catch {
    return undefined;
  }
}
