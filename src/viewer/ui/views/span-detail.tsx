import type { ComponentChildren } from 'preact';
import type { Attributes, AttributeValue, SpanRecord, TraceDetail } from '../api/api-types';
import { formatCost, formatCount, formatDuration, formatOffset } from '../format';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  EVENT_EXCEPTION,
} from '../model/attribute-keys';
import {
  parseMessages,
  parseSystemInstructions,
  parseToolDefinitions,
  prettyJson,
} from '../model/chat-messages';
import { spanBadge } from '../model/span-category';
import { exceptionsOf, type SpanFacts, spanFacts } from '../model/span-facts';
import { Link, pathWithQuery, sourceParam } from '../router';
import { StatusPill } from './status-pill';
import { ToolDefinitions, Transcript } from './transcript';

/** Everything about one span: GenAI facts, errors, transcript, tool I/O, events, raw attributes. */
export function SpanDetail(props: {
  span: SpanRecord;
  trace: TraceDetail;
  source: string;
  spanHref: (spanId: string) => string;
}) {
  const { span } = props;
  const badge = spanBadge(span);
  const facts = spanFacts(span);
  const attributes = span.attributes;
  const systemInstructions = parseSystemInstructions(attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]);
  const input = parseMessages(attributes[ATTR_GEN_AI_INPUT_MESSAGES]);
  const output = parseMessages(attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]);
  const toolDefinitions = parseToolDefinitions(attributes[ATTR_GEN_AI_TOOL_DEFINITIONS]);
  const toolArguments = attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS];
  const toolResult = attributes[ATTR_GEN_AI_TOOL_CALL_RESULT];
  const exceptions = exceptionsOf(span);
  const otherEvents = span.events.filter((event) => event.name !== EVENT_EXCEPTION);
  const traceStart = props.trace.spans.reduce(
    (start, item) => Math.min(start, item.startTimeMs),
    span.startTimeMs,
  );
  const parent = props.trace.spans.find((item) => item.spanId === span.parentSpanId);
  const failed = span.status.code === 'error' || facts.errorType !== undefined || exceptions.length > 0;

  return (
    <aside class="span-detail" aria-label="Span detail">
      <header class="span-detail-head">
        <span class={`badge cat-${badge.category}`}>{badge.label}</span>
        <h2 title={span.name}>{span.name}</h2>
        <StatusPill status={span.status.code} />
      </header>
      <dl class="span-facts">
        <Fact label="Duration">{formatDuration(span.durationMs)}</Fact>
        <Fact label="Starts at">{formatOffset(span.startTimeMs - traceStart)}</Fact>
        <Fact label="Kind">{span.kind}</Fact>
        <Fact label="Service">{span.serviceName}</Fact>
        <Fact label="Span id">
          <span class="mono">{span.spanId}</span>
        </Fact>
        {parent && (
          <Fact label="Parent">
            <Link href={props.spanHref(parent.spanId)} replace>
              {parent.name}
            </Link>
          </Fact>
        )}
        <GenAIFacts facts={facts} />
      </dl>

      {failed && (
        <Section title="Error" className="error-section">
          {span.status.message && <p class="error-message">{span.status.message}</p>}
          {facts.errorType && (
            <p>
              <span class="muted">error.type</span> <code>{facts.errorType}</code>
            </p>
          )}
          {exceptions.map((exception, index) => (
            <div class="exception" key={index}>
              <p>
                <strong>{exception.type ?? 'exception'}</strong>
                {exception.message && `: ${exception.message}`}
                <span class="muted"> {formatOffset(exception.timeMs - span.startTimeMs)}</span>
              </p>
              {exception.stacktrace && (
                <details>
                  <summary>Stack trace</summary>
                  <pre>{exception.stacktrace}</pre>
                </details>
              )}
            </div>
          ))}
        </Section>
      )}

      {(systemInstructions || input || output) && (
        <Section title="Transcript">
          <Transcript systemInstructions={systemInstructions} input={input} output={output} />
        </Section>
      )}

      {(toolArguments !== undefined || toolResult !== undefined) && (
        <Section title="Tool call">
          {toolArguments !== undefined && (
            <>
              <h4>Arguments</h4>
              <pre class="json">{prettyJson(toolArguments)}</pre>
            </>
          )}
          {toolResult !== undefined && (
            <>
              <h4>Result</h4>
              <pre class="json">{prettyJson(toolResult)}</pre>
            </>
          )}
        </Section>
      )}

      {toolDefinitions && (
        <Section title="Tool definitions">
          <ToolDefinitions parsed={toolDefinitions} />
        </Section>
      )}

      {otherEvents.length > 0 && (
        <Section title={`Events (${otherEvents.length})`}>
          <ol class="events">
            {otherEvents.map((event, index) => (
              <li key={index}>
                <p>
                  <strong>{event.name}</strong>
                  <span class="muted"> {formatOffset(event.timeMs - span.startTimeMs)}</span>
                </p>
                {Object.keys(event.attributes).length > 0 && (
                  <AttributesTable attributes={event.attributes} />
                )}
              </li>
            ))}
          </ol>
        </Section>
      )}

      {span.links.length > 0 && (
        <Section title={`Links (${span.links.length})`}>
          <ul class="links">
            {span.links.map((link) => (
              <li key={`${link.traceId}/${link.spanId}`}>
                <Link
                  href={pathWithQuery(`/traces/${encodeURIComponent(link.traceId)}`, {
                    source: sourceParam(props.source),
                    span: link.spanId,
                  })}
                >
                  <span class="mono">{link.traceId}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title={`Attributes (${Object.keys(attributes).length})`}>
        <AttributesTable attributes={attributes} />
      </Section>
      <Section title="Resource" collapsed>
        <AttributesTable attributes={span.resource} />
        <p class="muted">
          Scope: {span.scopeName}
          {span.scopeVersion ? ` ${span.scopeVersion}` : ''}
        </p>
      </Section>
    </aside>
  );
}

function GenAIFacts({ facts }: { facts: SpanFacts }) {
  const model =
    facts.responseModel && facts.requestModel && facts.responseModel !== facts.requestModel
      ? `${facts.requestModel} → ${facts.responseModel}`
      : (facts.responseModel ?? facts.requestModel);
  return (
    <>
      {facts.provider && <Fact label="Provider">{facts.provider}</Fact>}
      {model && <Fact label="Model">{model}</Fact>}
      {facts.agentName && <Fact label="Agent">{facts.agentName}</Fact>}
      {facts.toolName && <Fact label="Tool">{facts.toolName}</Fact>}
      {facts.toolCallId && (
        <Fact label="Tool call id">
          <span class="mono">{facts.toolCallId}</span>
        </Fact>
      )}
      {facts.inputTokens !== undefined && <Fact label="Input tokens">{formatCount(facts.inputTokens)}</Fact>}
      {facts.outputTokens !== undefined && (
        <Fact label="Output tokens">{formatCount(facts.outputTokens)}</Fact>
      )}
      {facts.cacheReadTokens !== undefined && (
        <Fact label="Cache read">{formatCount(facts.cacheReadTokens)}</Fact>
      )}
      {facts.cacheWriteTokens !== undefined && (
        <Fact label="Cache write">{formatCount(facts.cacheWriteTokens)}</Fact>
      )}
      {facts.reasoningTokens !== undefined && (
        <Fact label="Reasoning">{formatCount(facts.reasoningTokens)}</Fact>
      )}
      {facts.costUsd !== undefined && <Fact label="Cost">{formatCost(facts.costUsd)}</Fact>}
      {facts.timeToFirstChunkMs !== undefined && (
        <Fact label="Time to first chunk">{formatDuration(facts.timeToFirstChunkMs)}</Fact>
      )}
      {facts.finishReasons.length > 0 && <Fact label="Finish reasons">{facts.finishReasons.join(', ')}</Fact>}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Section(props: {
  title: string;
  children: ComponentChildren;
  collapsed?: boolean;
  className?: string;
}) {
  return (
    <details class={`detail-section ${props.className ?? ''}`} open={!props.collapsed}>
      <summary>
        <h3>{props.title}</h3>
      </summary>
      {props.children}
    </details>
  );
}

/** Raw attributes, sorted by key; keys and values are text, whatever they contain. */
export function AttributesTable({ attributes }: { attributes: Attributes }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return <p class="muted">none</p>;
  return (
    <table class="attributes">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              <AttributeText value={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AttributeText({ value }: { value: AttributeValue }) {
  if (typeof value === 'string') {
    // Long or JSON values wrap in a block; short ones stay inline.
    return value.length > 80 || value.startsWith('{') || value.startsWith('[') ? (
      <pre class="attr-long">{prettyJson(value)}</pre>
    ) : (
      <span class="attr-string">{value}</span>
    );
  }
  if (Array.isArray(value)) return <span class="attr-array">{JSON.stringify(value)}</span>;
  return <span class={`attr-${typeof value}`}>{String(value)}</span>;
}
