import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  createContextKey,
  propagation,
} from '@opentelemetry/api';
import { safeJsonStringify } from '../content/safe-json';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_TAGS, METADATA_PREFIX } from '../genai/semconv';

/** Facts about the whole request or conversation, put on every span started inside {@link withTraceAttributes}. */
export interface TraceAttributes {
  /** Recorded as `gen_ai.conversation.id`. Pass the app's own id; never invent one. */
  conversationId?: string;
  /** Recorded as `user.id`. */
  userId?: string;
  /** Recorded as `session.id`. */
  sessionId?: string;
  /** Recorded as `genai_otel.tags` (nested calls add to the list). */
  tags?: string[];
  /** Each entry recorded as `genai_otel.metadata.<key>`; non-primitive values as JSON. */
  metadata?: Record<string, unknown>;
}

/** Options of {@link withTraceAttributes}. */
export interface TraceAttributesOptions {
  /**
   * Also put the values in W3C baggage, so that they travel in the `baggage` header of every
   * outgoing request made inside (to your services, and to third parties such as model
   * providers). Off by default: see docs/trace-attributes.md.
   */
  asBaggage?: boolean;
}

/** The attribute (and baggage) keys withTraceAttributes writes, besides metadata. */
export const TRACE_ATTRIBUTE_KEYS = [
  ATTR_GEN_AI_CONVERSATION_ID,
  'user.id',
  'session.id',
  ATTR_TAGS,
] as const;

const TRACE_ATTRIBUTES_KEY = createContextKey('genai-otel.trace-attributes');

/**
 * Runs `fn` so that every span started inside — genai-otel's, other instrumentations', plain
 * OpenTelemetry tracers' — carries these attributes (via {@link TraceAttributesSpanProcessor},
 * which `register()` installs). Nested calls merge: inner values win, tags accumulate.
 *
 * @example
 * await withTraceAttributes({ userId: req.user.id, conversationId: thread.id, tags: ['beta'] }, () =>
 *   handleChat(req),
 * );
 */
export function withTraceAttributes<T>(attributes: TraceAttributes, fn: () => T): T;
export function withTraceAttributes<T>(
  attributes: TraceAttributes,
  options: TraceAttributesOptions,
  fn: () => T,
): T;
export function withTraceAttributes<T>(
  attributes: TraceAttributes,
  optionsOrFn: TraceAttributesOptions | (() => T),
  maybeFn?: () => T,
): T {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  if (typeof fn !== 'function')
    throw new TypeError('withTraceAttributes(attributes, [options,] fn): fn must be a function');
  let ctx: Context;
  try {
    ctx = setTraceAttributes(context.active(), attributes, options);
  } catch {
    // Never let bad metadata stop the user's code; run it without the attributes.
    return fn();
  }
  return context.with(ctx, fn);
}

/** Returns `ctx` with `attributes` merged into its trace attributes (and baggage when asked). */
export function setTraceAttributes(
  ctx: Context,
  attributes: TraceAttributes,
  options: TraceAttributesOptions = {},
): Context {
  const merged = { ...getTraceAttributes(ctx), ...toAttributes(attributes) };
  const outerTags = getTraceAttributes(ctx)?.[ATTR_TAGS];
  if (Array.isArray(outerTags) && attributes.tags) {
    merged[ATTR_TAGS] = [...new Set([...(outerTags as string[]), ...attributes.tags.map(String)])];
  }
  let next = ctx.setValue(TRACE_ATTRIBUTES_KEY, Object.freeze(merged));
  if (options.asBaggage) next = addToBaggage(next, merged);
  return next;
}

/** The trace attributes in force in `ctx`, already shaped as span attributes. */
export function getTraceAttributes(ctx: Context = context.active()): Readonly<Attributes> | undefined {
  return ctx.getValue(TRACE_ATTRIBUTES_KEY) as Readonly<Attributes> | undefined;
}

function toAttributes(input: TraceAttributes): Attributes {
  const attributes: Attributes = {};
  if (input.conversationId !== undefined)
    attributes[ATTR_GEN_AI_CONVERSATION_ID] = String(input.conversationId);
  if (input.userId !== undefined) attributes['user.id'] = String(input.userId);
  if (input.sessionId !== undefined) attributes['session.id'] = String(input.sessionId);
  if (Array.isArray(input.tags)) attributes[ATTR_TAGS] = input.tags.map(String);
  for (const [key, value] of Object.entries(input.metadata ?? {})) {
    if (value !== undefined) attributes[METADATA_PREFIX + key] = toAttributeValue(value);
  }
  return attributes;
}

function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return safeJsonStringify(value);
}

function addToBaggage(ctx: Context, attributes: Attributes): Context {
  let baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    baggage = baggage.setEntry(key, { value: Array.isArray(value) ? value.join(',') : String(value) });
  }
  return propagation.setBaggage(ctx, baggage);
}

/** Reads trace attributes that arrived as baggage from an upstream service (see the processor's `readBaggage`). */
export function traceAttributesFromBaggage(ctx: Context): Attributes | undefined {
  const baggage = propagation.getBaggage(ctx);
  if (!baggage) return undefined;
  const attributes: Attributes = {};
  let found = false;
  for (const [key, entry] of baggage.getAllEntries()) {
    if (key === ATTR_TAGS) attributes[key] = entry.value.split(',').filter(Boolean);
    else if ((TRACE_ATTRIBUTE_KEYS as readonly string[]).includes(key) || key.startsWith(METADATA_PREFIX)) {
      attributes[key] = entry.value;
    } else continue;
    found = true;
  }
  return found ? attributes : undefined;
}
