import { BroadcastChannel, threadId } from 'node:worker_threads';
import { type Context, diag } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { RegisterOptions } from '../config/register-options';
import type { ResolvedConfig } from '../config/resolve-config';
import { createTracePipeline, type TracePipeline } from '../trace-pipeline';
import { type ForwardedSpan, fromForwardedSpan, toForwardedSpan } from './forwarded-span';

/** One channel name per copy of the forwarding format; BroadcastChannel names are process-wide. */
export const WORKER_SPAN_CHANNEL = 'genai-otel.worker-spans.v1';

/**
 * Worker side: posts each span as it ends to the main thread. Posting is a synchronous enqueue,
 * so a span ended before `worker.terminate()` or the end of the worker still arrives — unlike a
 * batch queue inside the worker, which a terminate throws away.
 */
class ForwardingSpanProcessor implements SpanProcessor {
  private readonly channel: BroadcastChannel;

  constructor(channelName: string) {
    this.channel = new BroadcastChannel(channelName);
    // Never keep a worker alive just because it could forward a span.
    this.channel.unref();
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    try {
      this.channel.postMessage(toForwardedSpan(span, threadId));
    } catch (error) {
      diag.error('genai-otel: could not forward a span from a worker to the main thread', error);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.channel.close();
    return Promise.resolve();
  }
}

/**
 * The trace pipeline of a worker whose main thread exports for it: genai-otel's usual pipeline
 * (sampler, trace attributes, redaction, open-span tracking, the user's processors) with the
 * forwarder as its only exporting step.
 */
export function createForwardingTracePipeline(
  config: ResolvedConfig,
  options: RegisterOptions,
  resource: Resource,
  channelName: string,
): TracePipeline {
  return createTracePipeline(
    { ...config, traces: { ...config.traces, exporters: [] } },
    {
      ...options,
      spanExporters: [],
      spanProcessors: [...(options.spanProcessors ?? []), new ForwardingSpanProcessor(channelName)],
    },
    resource,
  );
}

/**
 * Main side: feeds the spans that workers forward into the main pipeline's exporting processors
 * (batching, OTLP, console tree) and its open-span tracker, as if they had ended here; trace
 * attributes, redaction and events already ran in the worker. Returns the channel name to hand to
 * workers, or undefined when there is nothing to feed — workers then export by themselves.
 */
export function acceptWorkerSpans(sinks: readonly SpanProcessor[], resource: Resource): string | undefined {
  if (sinks.length === 0) {
    diag.debug('genai-otel: no reachable exporting span processor; workers export their own spans');
    return undefined;
  }
  try {
    const channel = new BroadcastChannel(WORKER_SPAN_CHANNEL);
    channel.unref();
    channel.onmessage = (event: unknown) => {
      try {
        const span = fromForwardedSpan((event as { data: ForwardedSpan }).data, resource);
        for (const sink of sinks) sink.onEnd(span);
      } catch (error) {
        diag.error('genai-otel: could not take a span forwarded by a worker', error);
      }
    };
    return WORKER_SPAN_CHANNEL;
  } catch (error) {
    diag.error('genai-otel: could not listen for worker spans; workers export their own spans', error);
    return undefined;
  }
}
