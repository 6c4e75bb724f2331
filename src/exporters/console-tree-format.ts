import { styleText } from 'node:util';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ATTR_GENAI_OTEL_COST_USD } from '../cost/cost-recording';

export interface TreeFormatOptions {
  /** Characters per line; longer lines are cut with `…`. */
  width: number;
  /** ANSI colours; only for a terminal. */
  color: boolean;
}

type Style = Parameters<typeof styleText>[0];

/**
 * Renders the spans of one trace as an indented tree, one line per span: name, duration, and the
 * GenAI facts a developer looks for first (model, tokens, time to first chunk), errors marked.
 */
export function formatTraceTree(spans: readonly ReadableSpan[], options: TreeFormatOptions): string {
  // Whether to colour is decided by the caller (TTY and NO_COLOR), so styleText must not re-check stdout.
  const paint = (style: Style, text: string) =>
    options.color ? styleText(style, text, { validateStream: false }) : text;
  const byId = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    const key = parentId !== undefined && byId.has(parentId) ? parentId : undefined;
    const siblings = children.get(key) ?? [];
    siblings.push(span);
    children.set(key, siblings);
  }
  for (const siblings of children.values()) siblings.sort(compareStartTime);

  const first = spans[0];
  const serviceName = first?.resource.attributes['service.name'];
  const header = `trace ${first?.spanContext().traceId ?? ''}${serviceName ? ` · ${String(serviceName)}` : ''}`;
  const lines = [paint('dim', header)];

  const visit = (span: ReadableSpan, prefix: string, branch: string, isRoot: boolean) => {
    const failed = span.status.code === SpanStatusCode.ERROR;
    const name = paint(failed ? ['bold', 'red'] : 'bold', span.name);
    const facts = describeSpan(span)
      .map((fact) => paint('dim', fact))
      .join(paint('dim', ' · '));
    const failure = failed ? ` ${paint('red', `✗ ${errorLabel(span)}`)}` : '';
    const line = `${paint('dim', prefix + branch)}${name} ${paint('dim', `· ${formatDuration(span)}`)}${facts ? ` ${paint('dim', '·')} ${facts}` : ''}${failure}`;
    lines.push(fitToWidth(line, options));
    const kids = children.get(span.spanContext().spanId) ?? [];
    const childPrefix = isRoot ? prefix : prefix + (branch === '└─ ' ? '   ' : '│  ');
    kids.forEach((child, index) => {
      visit(child, childPrefix, index === kids.length - 1 ? '└─ ' : '├─ ', false);
    });
  };
  for (const root of children.get(undefined) ?? []) visit(root, '', '', true);
  return `${lines.join('\n')}\n`;
}

function describeSpan(span: ReadableSpan): string[] {
  const attributes = span.attributes;
  const facts: string[] = [];
  const requestModel = attributes['gen_ai.request.model'];
  const responseModel = attributes['gen_ai.response.model'];
  if (typeof responseModel === 'string' && responseModel !== requestModel) facts.push(responseModel);
  else if (typeof requestModel === 'string' && !span.name.includes(requestModel)) facts.push(requestModel);
  const inputTokens = attributes['gen_ai.usage.input_tokens'];
  const outputTokens = attributes['gen_ai.usage.output_tokens'];
  if (typeof inputTokens === 'number' || typeof outputTokens === 'number') {
    facts.push(`${inputTokens ?? '?'}→${outputTokens ?? '?'} tok`);
  }
  const costUsd = attributes[ATTR_GENAI_OTEL_COST_USD];
  if (typeof costUsd === 'number') facts.push(formatUsd(costUsd));
  const timeToFirstChunk = attributes['gen_ai.response.time_to_first_chunk'];
  if (typeof timeToFirstChunk === 'number') facts.push(`ttfc ${formatSeconds(timeToFirstChunk)}`);
  const toolName = attributes['gen_ai.tool.name'];
  if (typeof toolName === 'string' && !span.name.includes(toolName)) facts.push(`tool ${toolName}`);
  const finishReasons = attributes['gen_ai.response.finish_reasons'];
  if (Array.isArray(finishReasons) && finishReasons.length > 0) facts.push(finishReasons.join(','));
  return facts;
}

function errorLabel(span: ReadableSpan): string {
  const errorType = span.attributes['error.type'];
  const message = span.status.message;
  if (typeof errorType === 'string' && message) return `${errorType}: ${message}`;
  return (typeof errorType === 'string' ? errorType : message) || 'error';
}

function compareStartTime(a: ReadableSpan, b: ReadableSpan): number {
  return a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];
}

function formatDuration(span: ReadableSpan): string {
  return formatSeconds(span.duration[0] + span.duration[1] / 1e9);
}

/** Cents and up with two decimals; smaller amounts keep two significant digits ($0.00042). */
function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  const decimals = 1 - Math.floor(Math.log10(Math.abs(usd)));
  return `$${usd.toFixed(decimals).replace(/0+$/, '')}`;
}

function formatSeconds(seconds: number): string {
  if (seconds < 0.001) return `${Math.round(seconds * 1e6)}µs`;
  if (seconds < 1) return `${Number((seconds * 1000).toPrecision(3))}ms`;
  return `${seconds.toFixed(2)}s`;
}

/** Cuts a line to the width, counting visible characters only (colour codes take no room). */
function fitToWidth(line: string, options: TreeFormatOptions): string {
  const visible = options.color ? stripAnsi(line) : line;
  if (visible.length <= options.width) return line;
  // Cutting inside colour codes would garble the terminal, so a long coloured line loses its colour.
  return `${visible.slice(0, options.width - 1)}…`;
}

function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
