import type { RefObject } from 'preact';
import { formatDuration, formatOffset } from '../format';
import { spanBadge } from '../model/span-category';
import { type SpanRow, traceWindow } from '../model/span-tree';
import { Link } from '../router';

const INDENT_PX = 14;
const RULER_TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The trace as a waterfall: one row per span, indented under its parent, a bar placed by start
 * and duration on the trace's time axis, a coloured badge for what the span is (chat, tool, agent,
 * MCP…). Each row is a link to the span (`?span=`), so rows are deep links.
 */
export function Waterfall(props: {
  rows: SpanRow[];
  selectedSpanId: string | undefined;
  spanHref: (spanId: string) => string;
  listRef: RefObject<HTMLOListElement | null>;
}) {
  const timeWindow = traceWindow(props.rows.map((row) => row.span));
  const scale = timeWindow.durationMs > 0 ? timeWindow.durationMs : 1;
  return (
    <div class="waterfall" role="tree" aria-label="Spans">
      <div class="waterfall-ruler" aria-hidden="true">
        <span class="waterfall-ruler-label">Span</span>
        <span class="waterfall-ruler-axis">
          {RULER_TICKS.map((tick) => (
            <span key={tick} class="tick" style={{ left: `${tick * 100}%` }}>
              {tick === 0 ? '0' : formatOffset(tick * timeWindow.durationMs)}
            </span>
          ))}
        </span>
      </div>
      <ol class="waterfall-rows" ref={props.listRef}>
        {props.rows.map(({ span, depth }) => {
          const badge = spanBadge(span);
          const left = ((span.startTimeMs - timeWindow.startMs) / scale) * 100;
          const width = (span.durationMs / scale) * 100;
          const selected = span.spanId === props.selectedSpanId;
          const failed = span.status.code === 'error';
          return (
            <li key={span.spanId} role="none">
              <Link
                href={props.spanHref(span.spanId)}
                replace
                role="treeitem"
                aria-level={depth + 1}
                aria-selected={selected}
                aria-current={selected ? 'true' : undefined}
                class={`waterfall-row cat-${badge.category}${selected ? ' selected' : ''}${failed ? ' failed' : ''}`}
                data-span-id={span.spanId}
              >
                <span class="span-label" style={{ paddingLeft: `${depth * INDENT_PX}px` }}>
                  <span class={`badge cat-${badge.category}`} title={`${badge.label} · ${span.kind} span`}>
                    {badge.label}
                  </span>
                  <span class="span-name" title={span.name}>
                    {span.name}
                  </span>
                  {failed && (
                    <span class="error-mark" title="error">
                      !
                    </span>
                  )}
                </span>
                <span class="span-timeline">
                  <span
                    class="span-bar"
                    style={{
                      left: `${Math.min(left, 100)}%`,
                      width: `max(${Math.min(width, 100 - left)}%, 2px)`,
                    }}
                  />
                  <span class="span-duration">{formatDuration(span.durationMs)}</span>
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
