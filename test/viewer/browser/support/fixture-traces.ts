/**
 * Traces for the fixture viewer, shaped like what genai-otel records: an agent run with two model
 * calls, tools (one failing) and an MCP call; an embeddings call from another service; a trace
 * full of XSS payloads; a trace with content that is not the conventions' JSON.
 */
import { randomBytes } from 'node:crypto';
import type { Attributes, SpanRecord } from '../../../../src/viewer/ui/api/api-types';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GENAI_OTEL_COST_USD,
  ATTR_MCP_METHOD_NAME,
  EVENT_EXCEPTION,
} from '../../../../src/viewer/ui/model/attribute-keys';

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

interface SpanInit {
  traceId: string;
  spanId?: string;
  parentSpanId?: string | null;
  name: string;
  kind?: SpanRecord['kind'];
  startTimeMs: number;
  durationMs: number;
  serviceName?: string;
  status?: SpanRecord['status'];
  attributes?: Attributes;
  events?: SpanRecord['events'];
}

export function span(init: SpanInit): SpanRecord {
  const toNano = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
  return {
    traceId: init.traceId,
    spanId: init.spanId ?? hexId(8),
    parentSpanId: init.parentSpanId ?? null,
    name: init.name,
    kind: init.kind ?? 'internal',
    startTimeMs: init.startTimeMs,
    durationMs: init.durationMs,
    startTimeUnixNano: toNano(init.startTimeMs),
    endTimeUnixNano: toNano(init.startTimeMs + init.durationMs),
    status: init.status ?? { code: 'unset' },
    serviceName: init.serviceName ?? 'support-bot',
    scopeName: 'genai-otel',
    scopeVersion: '0.1.0',
    attributes: init.attributes ?? {},
    resource: { 'service.name': init.serviceName ?? 'support-bot', 'telemetry.sdk.language': 'nodejs' },
    events: init.events ?? [],
    links: [],
  };
}

export const AGENT_QUESTION = 'I land in Paris in an hour. Weather and local time?';
export const AGENT_ANSWER = 'It is 18 °C with light rain; the clock service is down.';

/** invoke_agent → chat (asks for two tools) → execute_tool ×2 (one fails) → MCP tools/call → chat (answers). */
export function agentTrace(startTimeMs: number, serviceName = 'support-bot'): SpanRecord[] {
  const traceId = hexId(16);
  const agent = span({
    traceId,
    name: 'invoke_agent trip-helper',
    startTimeMs,
    durationMs: 1240,
    serviceName,
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
      [ATTR_GEN_AI_AGENT_NAME]: 'trip-helper',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    },
  });
  const chat = (offset: number, duration: number, attributes: Attributes) =>
    span({
      traceId,
      parentSpanId: agent.spanId,
      name: 'chat gpt-4o-mini',
      kind: 'client',
      startTimeMs: startTimeMs + offset,
      durationMs: duration,
      serviceName,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
        [ATTR_GEN_AI_TOOL_DEFINITIONS]: JSON.stringify([
          { type: 'function', name: 'get_weather', description: 'Current weather for a city' },
          { type: 'function', name: 'get_local_time' },
        ]),
        ...attributes,
      },
    });
  const firstChat = chat(5, 612, {
    [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify([
      { type: 'text', content: 'You are a travel helper.' },
    ]),
    [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: AGENT_QUESTION }] },
    ]),
    [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [
          { type: 'reasoning', content: 'Two tools answer this.' },
          { type: 'tool_call', id: 'call_weather_paris', name: 'get_weather', arguments: { city: 'Paris' } },
          {
            type: 'tool_call',
            id: 'call_time_paris',
            name: 'get_local_time',
            arguments: { timezone: 'Europe/Paris' },
          },
        ],
      },
    ]),
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 57,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 41,
    [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 32,
    [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['tool_calls'],
    [ATTR_GENAI_OTEL_COST_USD]: 0.0000331,
  });
  const weather = span({
    traceId,
    parentSpanId: agent.spanId,
    name: 'execute_tool get_weather',
    startTimeMs: startTimeMs + 620,
    durationMs: 3.1,
    serviceName,
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'get_weather',
      [ATTR_GEN_AI_TOOL_CALL_ID]: 'call_weather_paris',
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"city":"Paris"}',
      [ATTR_GEN_AI_TOOL_CALL_RESULT]: '{"city":"Paris","temperature_c":18,"conditions":"light rain"}',
    },
  });
  const clock = span({
    traceId,
    parentSpanId: agent.spanId,
    name: 'execute_tool get_local_time',
    startTimeMs: startTimeMs + 625,
    durationMs: 0.4,
    serviceName,
    status: { code: 'error', message: 'time service unavailable' },
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'get_local_time',
      [ATTR_ERROR_TYPE]: 'Error',
    },
    events: [
      {
        name: EVENT_EXCEPTION,
        timeMs: startTimeMs + 625.3,
        attributes: { [ATTR_EXCEPTION_TYPE]: 'Error', [ATTR_EXCEPTION_MESSAGE]: 'time service unavailable' },
      },
    ],
  });
  const mcp = span({
    traceId,
    parentSpanId: agent.spanId,
    name: 'tools/call get_forecast',
    kind: 'client',
    startTimeMs: startTimeMs + 630,
    durationMs: 95,
    serviceName,
    attributes: { [ATTR_MCP_METHOD_NAME]: 'tools/call', [ATTR_GEN_AI_TOOL_NAME]: 'get_forecast' },
  });
  const secondChat = chat(730, 410, {
    [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
      { role: 'user', parts: [{ type: 'text', content: AGENT_QUESTION }] },
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_weather_paris', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
      },
      {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: 'call_weather_paris', response: { temperature_c: 18 } }],
      },
      {
        role: 'user',
        parts: [
          { type: 'uri', modality: 'image', mime_type: 'image/png', uri: 'https://example.test/map.png' },
        ],
      },
    ]),
    [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
      { role: 'assistant', finish_reason: 'stop', parts: [{ type: 'text', content: AGENT_ANSWER }] },
    ]),
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 118,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 12,
    [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
    [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.0494,
    [ATTR_GENAI_OTEL_COST_USD]: 0.0000249,
  });
  return [agent, firstChat, weather, clock, mcp, secondChat];
}

/** One embeddings call, from another service and provider. */
export function embeddingsTrace(startTimeMs: number): SpanRecord[] {
  const traceId = hexId(16);
  return [
    span({
      traceId,
      name: 'embeddings text-embedding-3-small',
      kind: 'client',
      startTimeMs,
      durationMs: 88,
      serviceName: 'indexer',
      status: { code: 'ok' },
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'azure.ai.openai',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 9,
      },
    }),
  ];
}

/** Script that marks the page if it ever runs; the XSS test checks the mark is absent. */
export const XSS_PAYLOADS = {
  script: '<script>window.__xss = "script"; alert("xss-script")</script>',
  img: "<img src=x onerror=\"window.__xss = 'img'; alert('xss-img')\">",
  svg: "<svg onload=\"window.__xss = 'svg'; alert('xss-svg')\"></svg>",
};

/** Payloads in every place a trace carries text: span name, service, model, attribute keys and values, content. */
export function xssTrace(startTimeMs: number): SpanRecord[] {
  const traceId = hexId(16);
  const root = span({
    traceId,
    name: `invoke_agent ${XSS_PAYLOADS.img}`,
    startTimeMs,
    durationMs: 50,
    serviceName: XSS_PAYLOADS.svg,
    status: { code: 'error', message: XSS_PAYLOADS.script },
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
      [XSS_PAYLOADS.script]: XSS_PAYLOADS.img,
      [XSS_PAYLOADS.img]: 'attribute key payload',
    },
  });
  const chat = span({
    traceId,
    parentSpanId: root.spanId,
    name: XSS_PAYLOADS.script,
    kind: 'client',
    startTimeMs: startTimeMs + 2,
    durationMs: 40,
    serviceName: XSS_PAYLOADS.svg,
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: XSS_PAYLOADS.svg,
      [ATTR_GEN_AI_REQUEST_MODEL]: XSS_PAYLOADS.img,
      [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: XSS_PAYLOADS.svg,
      [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
        {
          role: XSS_PAYLOADS.img,
          name: XSS_PAYLOADS.svg,
          parts: [{ type: 'text', content: XSS_PAYLOADS.script }],
        },
        { role: 'user', parts: [{ type: XSS_PAYLOADS.img, content: XSS_PAYLOADS.svg }] },
      ]),
      [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
        {
          role: 'assistant',
          finish_reason: XSS_PAYLOADS.img,
          parts: [
            {
              type: 'tool_call',
              id: XSS_PAYLOADS.svg,
              name: XSS_PAYLOADS.script,
              arguments: XSS_PAYLOADS.img,
            },
            { type: 'reasoning', content: XSS_PAYLOADS.img },
          ],
        },
      ]),
      [ATTR_GEN_AI_TOOL_DEFINITIONS]: JSON.stringify([
        { type: 'function', name: XSS_PAYLOADS.img, description: XSS_PAYLOADS.script },
      ]),
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 3,
    },
    events: [
      {
        name: XSS_PAYLOADS.img,
        timeMs: startTimeMs + 3,
        attributes: { [XSS_PAYLOADS.svg]: XSS_PAYLOADS.script },
      },
    ],
  });
  return [root, chat];
}

/** Content attributes that are not the conventions' JSON: the UI shows them raw instead of failing. */
export function garbageContentTrace(startTimeMs: number): SpanRecord[] {
  const traceId = hexId(16);
  return [
    span({
      traceId,
      name: 'chat garbage-model',
      kind: 'client',
      startTimeMs,
      durationMs: 10,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'garbage-model',
        [ATTR_GEN_AI_INPUT_MESSAGES]: '[{"role":"user","parts":[{"type":"text","content":"cut off mid-',
        [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
          null,
          42,
          { role: 7, parts: 'not a list' },
          { parts: [null, { type: 'blob', modality: 'audio', content: 'AAAA' }] },
        ]),
        [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: 'Plain instructions, not JSON.',
        [ATTR_GEN_AI_TOOL_DEFINITIONS]: '42',
        [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: '["stop"]',
      },
    }),
  ];
}
