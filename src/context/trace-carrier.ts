import {
  type Context,
  context,
  defaultTextMapSetter,
  diag,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Where W3C trace context can travel: plain objects (HTTP header records, job payloads, message
 * envelopes, MCP `params._meta`) or a fetch `Headers`-like object with `get`/`set`.
 */
export type TraceCarrier = Record<string, unknown> | HeadersLike;

/** The part of fetch's `Headers` the helpers use. */
export interface HeadersLike {
  get(name: string): string | null;
  set(name: string, value: string): void;
}

const w3cPropagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

/**
 * The global propagator when one is set (genai-otel sets W3C trace context + baggage; another SDK
 * may have set its own), else W3C: the helpers must work even before or without register().
 */
function activePropagator(): TextMapPropagator {
  return propagation.fields().length > 0 ? propagationApi : w3cPropagator;
}

const propagationApi: TextMapPropagator = {
  inject: (ctx, carrier, setter) => propagation.inject(ctx, carrier, setter),
  extract: (ctx, carrier, getter) => propagation.extract(ctx, carrier, getter),
  fields: () => propagation.fields(),
};

const headersSetter: TextMapSetter<HeadersLike> = { set: (carrier, key, value) => carrier.set(key, value) };
const headersGetter: TextMapGetter<HeadersLike> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: () => [],
};
/** Plain-object keys are matched case-insensitively, as HTTP header names are. */
const objectGetter: TextMapGetter<Record<string, unknown>> = {
  get(carrier, key) {
    const direct = carrier[key] ?? carrier[findKey(carrier, key) ?? key];
    if (typeof direct === 'string') return direct;
    if (Array.isArray(direct) && direct.every((item) => typeof item === 'string')) return direct as string[];
    return undefined;
  },
  keys: (carrier) => Object.keys(carrier),
};

function findKey(carrier: Record<string, unknown>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(carrier).find((candidate) => candidate.toLowerCase() === lower);
}

function isHeadersLike(carrier: TraceCarrier): carrier is HeadersLike {
  return typeof carrier.get === 'function' && typeof carrier.set === 'function';
}

/**
 * Writes the active (or given) context into `carrier` as W3C `traceparent`, `tracestate` and
 * `baggage` entries and returns the same carrier. Writes nothing when there is no span and no
 * baggage. Never throws.
 *
 * @example
 * await fetch(url, { headers: injectTraceContext({ 'content-type': 'application/json' }) });
 * queue.add('summarise', injectTraceContext({ documentId }));
 * await client.request({ method: 'tools/call', params: { name, arguments: args, _meta: injectTraceContext({}) } });
 */
export function injectTraceContext<C extends TraceCarrier>(carrier: C, from: Context = context.active()): C {
  try {
    if (isHeadersLike(carrier)) activePropagator().inject(from, carrier, headersSetter);
    else activePropagator().inject(from, carrier, defaultTextMapSetter);
  } catch (error) {
    diag.debug('genai-otel: could not inject trace context', error);
  }
  return carrier;
}

/**
 * The context carried by `carrier` (see {@link injectTraceContext}), on top of `base` (default:
 * the root context, so nothing of the receiver's current context leaks in). A carrier without a
 * valid `traceparent` gives back `base`. Never throws.
 */
export function extractTraceContext(
  carrier: TraceCarrier | undefined | null,
  base: Context = ROOT_CONTEXT,
): Context {
  if (carrier === undefined || carrier === null || typeof carrier !== 'object') return base;
  try {
    if (isHeadersLike(carrier)) return activePropagator().extract(base, carrier, headersGetter);
    return activePropagator().extract(base, carrier, objectGetter);
  } catch (error) {
    diag.debug('genai-otel: could not extract trace context', error);
    return base;
  }
}

/**
 * Runs `fn` with the context carried by `carrier` active, so that the spans it starts join the
 * sender's trace. The receiving side of {@link injectTraceContext}.
 *
 * @example
 * worker.process(async (job) => withExtractedContext(job.data, () => summarise(job.data.documentId)));
 */
export function withExtractedContext<T>(carrier: TraceCarrier | undefined | null, fn: () => T): T {
  return context.with(extractTraceContext(carrier), fn);
}
