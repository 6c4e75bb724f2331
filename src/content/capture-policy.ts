import { type Context, context, createContextKey } from '@opentelemetry/api';
import { isContentCaptureEnabledGlobally } from '../config/content-capture';

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
