import { type Context, context, createContextKey } from '@opentelemetry/api';
import {
  capturesOnSpans,
  contentCaptureModeGlobally,
  emitsDetailsEvents,
  isContentCaptureEnabledGlobally,
} from '../config/content-capture';

const CAPTURE_CONTENT_KEY = createContextKey('genai-otel.capture-message-content');

/**
 * Whether message content may be recorded for spans started in `ctx`: a per-subtree override set
 * with {@link withContentCapture} wins over the process-wide setting.
 */
export function shouldCaptureContent(ctx: Context = context.active()): boolean {
  const override = ctx.getValue(CAPTURE_CONTENT_KEY);
  return typeof override === 'boolean' ? override : isContentCaptureEnabledGlobally();
}

/** Returns a context in which content capture is forced on or off for everything started inside. */
export function setContentCapture(ctx: Context, capture: boolean): Context {
  return ctx.setValue(CAPTURE_CONTENT_KEY, capture);
}

/** Runs `fn` with content capture forced on or off for every span started inside it. */
export function withContentCapture<T>(capture: boolean, fn: () => T): T {
  return context.with(setContentCapture(context.active(), capture), fn);
}

/** Where one model call's content goes, decided once when its span starts. */
export interface ContentDestinations {
  /** Whether content is collected at all (for the span, the event or both). */
  capture: boolean;
  /** Whether content goes on the span's attributes. */
  onSpan: boolean;
  /** Whether the `gen_ai.client.inference.operation.details` event is emitted (with content if `capture`). */
  detailsEvent: boolean;
}

/**
 * The content destinations of a call started in `ctx`: the capture mode says span, event or both;
 * `capture` (an explicit decision, e.g. `withContentCapture`) turns content on or off, and turned
 * on where the mode records nothing it goes on the span, as `true` always did.
 */
export function contentDestinations(ctx: Context, capture?: boolean): ContentDestinations {
  const mode = contentCaptureModeGlobally();
  const detailsEvent = emitsDetailsEvents(mode);
  const override = capture ?? ctx.getValue(CAPTURE_CONTENT_KEY);
  if (typeof override !== 'boolean') {
    return { capture: mode !== 'NO_CONTENT', onSpan: capturesOnSpans(mode), detailsEvent };
  }
  return { capture: override, onSpan: override && (capturesOnSpans(mode) || !detailsEvent), detailsEvent };
}
